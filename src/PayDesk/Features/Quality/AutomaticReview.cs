using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Quality;

/// <summary>
/// 自动评分: PayDesk's own review of one complaint or chat. One row per complaint or chat, written again when the
/// complaint is reopened or resolved again; the copies of the complaint's state it was made from (<see cref="ReopenCount"/>,
/// <see cref="ResolvedAt"/>, <see cref="ClosedAt"/>) tell the job when it is out of date.
/// </summary>
internal sealed class AutomaticReview
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public ReviewSubject Subject { get; init; }
    public Guid SubjectId { get; init; }

    /// <summary>What people see: the complaint's PD- number or the chat's start.</summary>
    public required string Reference { get; set; }
    public Guid? AgentId { get; set; }
    public string? Team { get; set; }

    /// <summary>When the work was finished (resolved, closed, the chat ended): the week it counts in.</summary>
    public DateTime WorkAt { get; set; }

    /// <summary>Monday of <see cref="WorkAt"/>'s week (<see cref="QualityWeek"/>), so scorecards group by week in the database.</summary>
    public DateOnly WeekStart { get; set; }
    public double Points { get; set; }
    public double MaxPoints { get; set; }

    /// <summary>0–100 over the items that applied; null while pending or when nothing applied.</summary>
    public double? Score { get; set; }

    /// <summary>When the review was written; null while a placeholder waits for its first review.</summary>
    public DateTime? ReviewedAt { get; set; }

    // The complaint's state the review was made from.
    public int ReopenCount { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Which instance is reviewing it now, and until when (a crashed instance's claim runs out).</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }

    public List<AutomaticReviewItem> Items { get; init; } = [];
}

// Points are doubles, not decimals: they are scores, not money, and SQLite sums and sorts only numbers it stores as such.

/// <summary>The points of one item of an automatic review, with its evidence.</summary>
internal sealed class AutomaticReviewItem
{
    public long Id { get; init; }
    public Guid ReviewId { get; init; }
    public required string ItemKey { get; init; }
    public double Points { get; init; }
    public double MaxPoints { get; init; }
    public string? Detail { get; init; }
}

internal sealed class AutomaticReviewConfiguration : IEntityTypeConfiguration<AutomaticReview>
{
    public void Configure(EntityTypeBuilder<AutomaticReview> b)
    {
        b.ToTable("quality_automatic_reviews");
        b.Property(r => r.Subject).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Reference).HasMaxLength(40);
        b.Property(r => r.Team).HasMaxLength(64);
        b.Property(r => r.LeaseOwner).HasMaxLength(64);
        b.HasIndex(r => new { r.Subject, r.SubjectId }).IsUnique();
        // Scorecards read by week and agent; sampling reads the lowest scores of a period.
        b.HasIndex(r => new { r.WeekStart, r.AgentId });
        b.HasIndex(r => new { r.WorkAt, r.Score });
        b.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutomaticReviewItemConfiguration : IEntityTypeConfiguration<AutomaticReviewItem>
{
    public void Configure(EntityTypeBuilder<AutomaticReviewItem> b)
    {
        b.ToTable("quality_automatic_review_items");
        b.Property(i => i.ItemKey).HasMaxLength(40);
        b.Property(i => i.Detail).HasMaxLength(400);
        b.HasIndex(i => i.ReviewId);
    }
}
