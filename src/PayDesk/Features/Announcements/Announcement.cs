using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Announcements;

/// <summary>
/// What a stored announcement is about. Incident status notices are not stored: they are derived from the public
/// incidents while those are open (<see cref="PublicNotices"/>).
/// </summary>
public enum AnnouncementKind
{
    /// <summary>计划维护: a window in which a service is down or slow.</summary>
    Maintenance,

    /// <summary>节假日服务时间调整.</summary>
    ServiceHours,

    /// <summary>安全提示, e.g. "客服不会索要验证码".</summary>
    Security,
    General,
}

/// <summary>Where customers see an announcement (several at once).</summary>
[Flags]
public enum AnnouncementPlacement
{
    None = 0,
    HelpCentre = 1,
    Portal = 2,
    Chat = 4,

    /// <summary>The assistant tells it to a customer whose question matches its scope.</summary>
    Assistant = 8,
    All = HelpCentre | Portal | Chat | Assistant,
}

/// <summary>
/// 公告: a public notice with a schedule. It is shown from <see cref="PublishAt"/> until <see cref="ExpireAt"/>
/// (expiring one sets ExpireAt to now); the scope (bank, category, keywords) lets the assistant find it for a question.
/// </summary>
internal sealed class Announcement : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public AnnouncementKind Kind { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public required string BodyZh { get; set; }
    public required string BodyEn { get; set; }
    public AnnouncementPlacement Placement { get; set; } = AnnouncementPlacement.All;
    public DateTime PublishAt { get; set; }
    public DateTime? ExpireAt { get; set; }

    /// <summary>The maintenance window customers are told about (may differ from when the notice shows).</summary>
    public DateTime? WindowStart { get; set; }
    public DateTime? WindowEnd { get; set; }

    /// <summary>A <see cref="Banks"/> code.</summary>
    public string? Bank { get; set; }
    public TicketCategory? Category { get; set; }

    /// <summary>Words that match a customer's question, separated by commas ("验证码,verification code").</summary>
    public string? Keywords { get; set; }
    public Guid? CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public bool IsShownAt(DateTime now) => PublishAt <= now && (ExpireAt is null || ExpireAt > now);
}

/// <summary>One customer reached by an announcement's push: at most one per customer and announcement.</summary>
internal sealed class AnnouncementDelivery
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid AnnouncementId { get; init; }
    public Guid CustomerId { get; init; }

    /// <summary>
    /// The outbox message; its status gives the delivery counts. None: the customer has no contact on the channel pushed
    /// (no phone for an SMS) — not reached, so a later push (another channel, a phone added since) tries them again.
    /// </summary>
    public Guid? NotificationId { get; init; }

    /// <summary>"complaint" (an open complaint in scope) or "bank_users" (used the bank lately).</summary>
    public required string Segment { get; init; }
    public DateTime QueuedAt { get; init; }
}

/// <summary>
/// 改进公示: what the service centre improved, tied to a root cause of past complaints; kept on the help centre's
/// public history page and linked from the root-cause (Pareto) report.
/// </summary>
internal sealed class ImprovementNotice : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public RootCause RootCause { get; set; }
    public TicketCategory? Category { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public required string BodyZh { get; set; }
    public required string BodyEn { get; set; }
    public DateTime PublishedAt { get; set; }
    public Guid? CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> b)
    {
        b.ToTable("announcements");
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.TitleZh).HasMaxLength(200);
        b.Property(a => a.TitleEn).HasMaxLength(200);
        b.Property(a => a.BodyZh).HasMaxLength(2000);
        b.Property(a => a.BodyEn).HasMaxLength(2000);
        b.Property(a => a.Bank).HasMaxLength(16);
        b.Property(a => a.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Keywords).HasMaxLength(500);
        b.HasIndex(a => new { a.PublishAt, a.ExpireAt });
    }
}

internal sealed class AnnouncementDeliveryConfiguration : IEntityTypeConfiguration<AnnouncementDelivery>
{
    public void Configure(EntityTypeBuilder<AnnouncementDelivery> b)
    {
        b.ToTable("announcement_deliveries");
        b.Property(d => d.Segment).HasMaxLength(16);
        b.HasIndex(d => new { d.AnnouncementId, d.CustomerId }).IsUnique();
        b.HasOne<Announcement>().WithMany().HasForeignKey(d => d.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImprovementNoticeConfiguration : IEntityTypeConfiguration<ImprovementNotice>
{
    public void Configure(EntityTypeBuilder<ImprovementNotice> b)
    {
        b.ToTable("improvement_notices");
        b.Property(n => n.RootCause).HasConversion<string>().HasMaxLength(32);
        b.Property(n => n.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(n => n.TitleZh).HasMaxLength(200);
        b.Property(n => n.TitleEn).HasMaxLength(200);
        b.Property(n => n.BodyZh).HasMaxLength(4000);
        b.Property(n => n.BodyEn).HasMaxLength(4000);
        b.HasIndex(n => new { n.RootCause, n.PublishedAt });
    }
}
