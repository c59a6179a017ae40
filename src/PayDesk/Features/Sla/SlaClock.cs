using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Sla;

/// <summary>The service levels a complaint runs against (SPEC §1, §3; seeds S1 §5, S4 §2).</summary>
public enum ClockKind
{
    /// <summary>Answer the call, first chat reply, e-mail reply, acknowledgement of an app complaint.</summary>
    FirstResponse,

    /// <summary>First substantive answer (24 h).</summary>
    InitialAnswer,

    /// <summary>Progress update on a complex case waiting for a third party (48 h).</summary>
    ProgressUpdate,

    /// <summary>Solution (complex cases: 2 working days).</summary>
    Resolution,

    /// <summary>The regulator's deadline for a final answer (mainland China: configurable working days; EU PSD2: 15 business days).</summary>
    Regulatory,

    /// <summary>A card scheme's response deadline for a disputed card payment, in calendar days.</summary>
    SchemeDeadline,
}

public enum ClockStatus
{
    Running,
    Paused,
    Met,
    Breached,
}

/// <summary>
/// One running service-level clock on a complaint. Business time is counted on its calendar;
/// while paused (waiting for the customer) nothing is counted. <see cref="NextCheckAt"/> is when
/// the evaluator must look next (the at-risk point, then the due time), found through an index.
/// </summary>
internal sealed class SlaClock
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; init; }
    public ClockKind Kind { get; init; }
    public required string Calendar { get; set; }
    public int TargetMinutes { get; set; }
    public DateTime StartedAt { get; init; }

    /// <summary>Business ticks counted in earlier running periods (before the last pause).</summary>
    public long ElapsedTicksBefore { get; set; }
    public DateTime? RunningSince { get; set; }
    public DateTime? DueAt { get; set; }
    public DateTime? AtRiskAt { get; set; }
    public DateTime? NextCheckAt { get; set; }
    public ClockStatus Status { get; set; }
    public DateTime? WarnedAt { get; set; }
    public DateTime? BreachedAt { get; set; }
    public DateTime? StoppedAt { get; set; }

    /// <summary>Business time used when the clock stopped (met or breached-and-met).</summary>
    public long? ElapsedTicksAtStop { get; set; }
}

/// <summary>Append-only history of every clock, for analytics.</summary>
internal sealed class SlaClockEvent
{
    public long Id { get; init; }
    public Guid ClockId { get; init; }
    public Guid TicketId { get; init; }
    public ClockKind Kind { get; init; }
    public required string Event { get; init; }
    public DateTime At { get; init; }
    public long ElapsedTicks { get; init; }
    public int TargetMinutes { get; init; }
}

internal sealed class SlaClockConfiguration : IEntityTypeConfiguration<SlaClock>
{
    public void Configure(EntityTypeBuilder<SlaClock> b)
    {
        b.ToTable("sla_clocks");
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Calendar).HasMaxLength(64);
        b.HasIndex(c => new { c.TicketId, c.Kind }).IsUnique();
        // The evaluator's only way in: running clocks by the time they next need a look.
        b.HasIndex(c => new { c.Status, c.NextCheckAt });
        // Reports read the clocks started in a period.
        b.HasIndex(c => c.StartedAt);
        b.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SlaClockEventConfiguration : IEntityTypeConfiguration<SlaClockEvent>
{
    public void Configure(EntityTypeBuilder<SlaClockEvent> b)
    {
        b.ToTable("sla_clock_events");
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.Event).HasMaxLength(16);
        b.HasIndex(e => new { e.TicketId, e.Id });
        b.HasIndex(e => new { e.Event, e.At });
    }
}
