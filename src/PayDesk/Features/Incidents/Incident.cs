using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Incidents;

/// <summary>Where an incident stands (故障处理进度).</summary>
public enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

/// <summary>What the linked complaints' service-level clocks do while the incident is open.</summary>
public enum IncidentClockPolicy
{
    /// <summary>The clocks keep running: the customer is still owed an answer in time.</summary>
    Keep,

    /// <summary>The resolution clock pauses while the incident is open (the first-response clock still runs).</summary>
    PauseResolution,
}

/// <summary>
/// 故障事件: one failure of a bank, payment channel, product or region that many customers complain about. Its
/// complaints are linked to it (<see cref="IncidentComplaint"/>) and answered as one.
/// </summary>
internal sealed class Incident : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>"INC-20261202-0001"-style number shown to staff.</summary>
    public required string Number { get; init; }
    public required string Title { get; set; }

    // Scope: what is affected. Every null part matches anything; intake links a complaint when all set parts match.
    public TicketCategory? Category { get; set; }

    /// <summary>A <see cref="Banks"/> code.</summary>
    public string? Bank { get; set; }
    public TicketChannel? Channel { get; set; }

    /// <summary>The payment product (for example "快捷支付", "余额提现"), free text.</summary>
    public string? Product { get; set; }
    public string? Region { get; set; }

    public IncidentStatus Status { get; set; }
    public IncidentClockPolicy ClockPolicy { get; set; }

    /// <summary>When the failure started (may be before anyone noticed).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>The fix time promised to customers (承诺修复时间), when known.</summary>
    public DateTime? ExpectedFixAt { get; set; }

    /// <summary>When PayDesk's detector first suggested it, when it did (time to detect = DetectedAt − StartedAt).</summary>
    public DateTime? DetectedAt { get; set; }

    /// <summary>When customers were first told (first update sent to linked customers or first public announcement).</summary>
    public DateTime? FirstAnnouncedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>Whether the help centre, portal, chat widget and assistant show it to customers.</summary>
    public bool IsPublic { get; set; }

    /// <summary>What customers are told (public text); late complaints after resolution get it too.</summary>
    public string? PublicSummary { get; set; }

    /// <summary>The suggestion it was confirmed from, when the detector raised it.</summary>
    public Guid? SuggestionId { get; set; }
    public Guid? OpenedById { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public bool IsOpen => Status != IncidentStatus.Resolved;
}

/// <summary>A complaint linked to an incident, and how.</summary>
internal sealed class IncidentComplaint : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid IncidentId { get; init; }
    public Guid TicketId { get; init; }

    /// <summary>"manual", "bulk" or "intake".</summary>
    public required string LinkedBy { get; init; }
    public Guid? LinkedById { get; init; }
    public DateTime LinkedAt { get; init; }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.ToTable("incidents");
        b.Property(i => i.Number).HasMaxLength(24);
        b.HasIndex(i => i.Number).IsUnique();
        b.Property(i => i.Title).HasMaxLength(200);
        b.Property(i => i.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(i => i.Bank).HasMaxLength(16);
        b.Property(i => i.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Product).HasMaxLength(64);
        b.Property(i => i.Region).HasMaxLength(64);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.ClockPolicy).HasConversion<string>().HasMaxLength(24);
        b.Property(i => i.PublicSummary).HasMaxLength(2000);
        b.Ignore(i => i.IsOpen);
        b.HasIndex(i => new { i.Status, i.StartedAt });
    }
}

internal sealed class IncidentComplaintConfiguration : IEntityTypeConfiguration<IncidentComplaint>
{
    public void Configure(EntityTypeBuilder<IncidentComplaint> b)
    {
        b.ToTable("incident_complaints");
        b.Property(l => l.LinkedBy).HasMaxLength(16);
        b.HasIndex(l => new { l.IncidentId, l.TicketId }).IsUnique();
        b.HasIndex(l => l.TicketId);
        b.HasOne<Incident>().WithMany().HasForeignKey(l => l.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}
