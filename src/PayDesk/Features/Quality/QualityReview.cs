using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Quality;

public enum ReviewStatus
{
    /// <summary>In a reviewer's queue (drawn in a sample, picked by hand, or part of a calibration), not scored yet.</summary>
    Assigned,

    /// <summary>Scored; the agent has not answered yet.</summary>
    Submitted,

    /// <summary>The agent accepted the review.</summary>
    Acknowledged,

    /// <summary>The agent disputed it; a second reviewer (not the first) has to settle it.</summary>
    Disputed,

    /// <summary>A second reviewer upheld or changed the scores; final.</summary>
    Settled,
}

/// <summary>Why a complaint came up for review.</summary>
public enum SampleReason
{
    Random,
    Escalated,
    Reopened,
    LowCsat,
    Breached,
    Manual,
    Calibration,
    /// <summary>The automatic review scored it below the sample's threshold (auto-scores feed sampling).</summary>
    LowAutoScore,
}

public enum SettlementOutcome
{
    Upheld,
    Changed,
}

/// <summary>
/// One reviewer's review of one agent's handling of one complaint (质检单). Items are copied from the rubric
/// version at assignment, so a later rubric edit leaves this review's scores and total as they were.
/// </summary>
internal sealed class QualityReview
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; init; }
    public required string TicketNumber { get; init; }

    /// <summary>The agent whose work is reviewed: the complaint's owner when it was drawn.</summary>
    public Guid AgentId { get; init; }
    public required string AgentName { get; init; }
    public Guid? ReviewerId { get; set; }
    public string? ReviewerName { get; set; }
    public Guid RubricId { get; init; }
    public required string RubricName { get; init; }
    public int RubricVersion { get; init; }
    public SampleReason Reason { get; init; }
    public Guid? SampleId { get; init; }

    /// <summary>Set for a calibration review: it is compared with the other reviewers' and never reaches the agent or the scorecards.</summary>
    public Guid? CalibrationId { get; init; }
    public ReviewStatus Status { get; set; }

    /// <summary>When the reviewed work happened (the complaint's resolution, else its creation); the scorecard week comes from it.</summary>
    public DateTime WorkAt { get; init; }
    public DateOnly WeekStart { get; init; }
    public DateTime AssignedAt { get; init; }
    public DateTime? SubmittedAt { get; set; }

    /// <summary>0–100, weighted; 0 when a fatal item failed. After a settlement, the settled total.</summary>
    public decimal? Total { get; set; }

    /// <summary>The first reviewer's total, kept when a settlement changes it.</summary>
    public decimal? SubmittedTotal { get; set; }
    public bool FatalFailed { get; set; }
    public string? Summary { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? DisputeReason { get; set; }
    public Guid? SettlerId { get; set; }
    public string? SettlerName { get; set; }
    public DateTime? SettledAt { get; set; }
    public SettlementOutcome? Outcome { get; set; }
    public string? SettlementNote { get; set; }
    public List<QualityReviewScore> Scores { get; init; } = [];

    /// <summary>A review's scores count once nobody can change them without a dispute: submitted and not disputed, acknowledged, or settled.</summary>
    public static readonly ReviewStatus[] Final = [ReviewStatus.Submitted, ReviewStatus.Acknowledged, ReviewStatus.Settled];
}

/// <summary>One rubric item of a review: the item as it was in the rubric version, and its score.</summary>
internal sealed class QualityReviewScore
{
    public long Id { get; init; }
    public Guid ReviewId { get; init; }
    public int Order { get; init; }
    public required string ItemKey { get; init; }
    public required string ItemName { get; init; }
    public string? ItemNameEn { get; init; }
    public decimal Weight { get; init; }
    public ItemScale Scale { get; init; }
    public int MaxPoints { get; init; }
    public bool Fatal { get; init; }

    /// <summary>Pass/partial/fail as 2/1/0, or 0–MaxPoints; null until scored.</summary>
    public int? Value { get; set; }

    /// <summary>The first reviewer's value, kept when a settlement changes it.</summary>
    public int? SubmittedValue { get; set; }
    public string? Note { get; set; }

    /// <summary>What this item adds to the review's 0–100 total (0 for all items when a fatal item failed).</summary>
    public decimal Points { get; set; }

    /// <summary>The most this item can add to the total (its share of the rubric's weights, out of 100).</summary>
    public decimal MaxShare { get; set; }
}

/// <summary>A reviewer's remark on one message of the complaint's history (a timeline message, chat line, call or e-mail).</summary>
internal sealed class QualityComment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ReviewId { get; init; }

    /// <summary>Which message: "message:{id}", "chat:{id}", "call:{id}" or "event:{id}" (see <see cref="InteractionHistory"/>).</summary>
    public required string MessageRef { get; init; }
    public required string Body { get; init; }
    public Guid? AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public DateTime At { get; init; }
}

/// <summary>A calibration session (校准): several reviewers score the same complaint on their own; the spread shows how far apart they are.</summary>
internal sealed class QualityCalibration
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; init; }
    public required string TicketNumber { get; init; }
    public Guid RubricId { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
    public required string CreatedByName { get; init; }
}

/// <summary>One drawing of samples by a supervisor: the week, how many random complaints per agent, who drew it.</summary>
internal sealed class QualitySample
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateOnly WeekStart { get; init; }
    public int PerAgent { get; init; }
    public int LowCsatAtMost { get; init; }
    public DateTime DrawnAt { get; init; }
    public Guid? DrawnById { get; init; }
    public required string DrawnByName { get; init; }
    public int Drawn { get; init; }
}

internal sealed class QualityReviewConfiguration : IEntityTypeConfiguration<QualityReview>
{
    public void Configure(EntityTypeBuilder<QualityReview> b)
    {
        b.ToTable("quality_reviews");
        b.Property(r => r.TicketNumber).HasMaxLength(32);
        b.Property(r => r.AgentName).HasMaxLength(100);
        b.Property(r => r.ReviewerName).HasMaxLength(100);
        b.Property(r => r.RubricName).HasMaxLength(100);
        b.Property(r => r.SettlerName).HasMaxLength(100);
        b.Property(r => r.Reason).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Summary).HasMaxLength(2000);
        b.Property(r => r.DisputeReason).HasMaxLength(2000);
        b.Property(r => r.SettlementNote).HasMaxLength(2000);
        b.Property(r => r.Total).HasPrecision(7, 2);
        b.Property(r => r.SubmittedTotal).HasPrecision(7, 2);
        b.HasIndex(r => new { r.AgentId, r.Status });
        b.HasIndex(r => new { r.ReviewerId, r.Status });
        b.HasIndex(r => new { r.Status, r.WorkAt });
        b.HasIndex(r => r.TicketId);
        b.HasIndex(r => r.CalibrationId);
        b.HasMany(r => r.Scores).WithOne().HasForeignKey(s => s.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QualityReviewScoreConfiguration : IEntityTypeConfiguration<QualityReviewScore>
{
    public void Configure(EntityTypeBuilder<QualityReviewScore> b)
    {
        b.ToTable("quality_review_scores");
        b.Property(s => s.ItemKey).HasMaxLength(64);
        b.Property(s => s.ItemName).HasMaxLength(100);
        b.Property(s => s.ItemNameEn).HasMaxLength(100);
        b.Property(s => s.Scale).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Note).HasMaxLength(1000);
        b.Property(s => s.Points).HasPrecision(9, 4);
        b.Property(s => s.MaxShare).HasPrecision(9, 4);
        b.HasIndex(s => new { s.ReviewId, s.Order });
    }
}

internal sealed class QualityCommentConfiguration : IEntityTypeConfiguration<QualityComment>
{
    public void Configure(EntityTypeBuilder<QualityComment> b)
    {
        b.ToTable("quality_comments");
        b.Property(c => c.MessageRef).HasMaxLength(64);
        b.Property(c => c.Body).HasMaxLength(2000);
        b.Property(c => c.AuthorName).HasMaxLength(100);
        b.HasIndex(c => new { c.ReviewId, c.At });
        b.HasOne<QualityReview>().WithMany().HasForeignKey(c => c.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QualityCalibrationConfiguration : IEntityTypeConfiguration<QualityCalibration>
{
    public void Configure(EntityTypeBuilder<QualityCalibration> b)
    {
        b.ToTable("quality_calibrations");
        b.Property(c => c.TicketNumber).HasMaxLength(32);
        b.Property(c => c.CreatedByName).HasMaxLength(100);
        b.HasIndex(c => c.CreatedAt);
    }
}

internal sealed class QualitySampleConfiguration : IEntityTypeConfiguration<QualitySample>
{
    public void Configure(EntityTypeBuilder<QualitySample> b)
    {
        b.ToTable("quality_samples");
        b.Property(s => s.DrawnByName).HasMaxLength(100);
        b.HasIndex(s => s.WeekStart);
    }
}
