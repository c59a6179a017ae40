using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Quality;

/// <summary>How a rubric item is scored.</summary>
public enum ItemScale
{
    /// <summary>通过 / 部分 / 不通过: worth all, half or none of the item's weight.</summary>
    PassPartialFail,

    /// <summary>0 to <see cref="QualityRubricItem.MaxPoints"/> points, worth that share of the item's weight.</summary>
    Points,
}

/// <summary>
/// One version of a rubric (质检评分表). A supervisor's edit never changes a version: it saves the next version of
/// the same family (<see cref="FamilyId"/>) and retires the old one, so reviews scored against the old version keep
/// their items and totals (each review also copies the items it was scored on).
/// </summary>
internal sealed class QualityRubric
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid FamilyId { get; init; }
    public int Version { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>The version new samples and reviews use; false once a newer version exists or the rubric is archived.</summary>
    public bool IsCurrent { get; set; }
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
    public required string CreatedByName { get; init; }
    public List<QualityRubricItem> Items { get; init; } = [];
}

internal sealed class QualityRubricItem
{
    public long Id { get; init; }
    public Guid RubricId { get; init; }
    public int Order { get; init; }

    /// <summary>Stable across versions, so scorecards follow an item when its name or weight changes.</summary>
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string? NameEn { get; init; }
    public string? Guidance { get; init; }
    public decimal Weight { get; init; }
    public ItemScale Scale { get; init; }

    /// <summary>For <see cref="ItemScale.Points"/>: the highest score; for pass/partial/fail always 2 (pass 2, partial 1, fail 0).</summary>
    public int MaxPoints { get; init; }

    /// <summary>A fatal item (致命项) failed zeroes the whole review, whatever the other items earned.</summary>
    public bool Fatal { get; init; }
}

internal sealed class QualityRubricConfiguration : IEntityTypeConfiguration<QualityRubric>
{
    public void Configure(EntityTypeBuilder<QualityRubric> b)
    {
        b.ToTable("quality_rubrics");
        b.Property(r => r.Name).HasMaxLength(100);
        b.Property(r => r.Description).HasMaxLength(1000);
        b.Property(r => r.CreatedByName).HasMaxLength(100);
        b.HasIndex(r => new { r.FamilyId, r.Version }).IsUnique();
        b.HasIndex(r => r.IsCurrent);
        b.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.RubricId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QualityRubricItemConfiguration : IEntityTypeConfiguration<QualityRubricItem>
{
    public void Configure(EntityTypeBuilder<QualityRubricItem> b)
    {
        b.ToTable("quality_rubric_items");
        b.Property(i => i.Key).HasMaxLength(64);
        b.Property(i => i.Name).HasMaxLength(100);
        b.Property(i => i.NameEn).HasMaxLength(100);
        b.Property(i => i.Guidance).HasMaxLength(500);
        b.Property(i => i.Scale).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(i => new { i.RubricId, i.Order });
    }
}
