using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Channels.Phone;

public enum CallState
{
    Ringing,
    Queued,
    Connected,
    Ended,
    Abandoned,
    Voicemail,
}

public enum CallDirection
{
    Inbound,
    Outbound,
}

/// <summary>One phone call as the PBX reported it (热线电话): who, IVR choice, wait, answer, talk, outcome.</summary>
internal sealed class CallRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The PBX's id for the call.</summary>
    public required string CallId { get; init; }
    public CallDirection Direction { get; set; }
    public Guid? CustomerId { get; set; }
    public string? CallerMasked { get; set; }
    public string? CallerHash { get; set; }
    public string? IvrChoice { get; set; }
    public string? Queue { get; set; }
    public CallState State { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? QueuedAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public Guid? AgentId { get; set; }
    public string? AgentName { get; set; }
    public int Transfers { get; set; }
    public string? RecordingUrl { get; set; }
    public Guid? TicketId { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>When retention anonymised a call that never became part of a complaint (one that did goes with its complaint).</summary>
    public DateTime? AnonymisedAt { get; set; }

    public bool IsLive => State is CallState.Ringing or CallState.Queued or CallState.Connected;

    /// <summary>Seconds from joining the queue (or ringing, without a queue) to an agent answering.</summary>
    public double? WaitSeconds => AnsweredAt is { } answered ? (answered - (QueuedAt ?? StartedAt)).TotalSeconds : null;
}

/// <summary>Each event the PBX sent, once (its event id is unique), for the call's history.</summary>
internal sealed class CallEventRecord
{
    public long Id { get; init; }
    public Guid CallRecordId { get; init; }
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public DateTime At { get; init; }
    public string? Detail { get; init; }
}

internal sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> b)
    {
        b.ToTable("calls");
        b.Property(c => c.CallId).HasMaxLength(128);
        b.HasIndex(c => c.CallId).IsUnique();
        b.Property(c => c.Direction).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.CallerMasked).HasMaxLength(32);
        b.Property(c => c.CallerHash).HasMaxLength(64);
        b.Property(c => c.IvrChoice).HasMaxLength(32);
        b.Property(c => c.Queue).HasMaxLength(64);
        b.Property(c => c.AgentName).HasMaxLength(100);
        b.Property(c => c.RecordingUrl).HasMaxLength(1000);
        // The phone queue reads live calls; metrics read calls by start time; the timeline by customer.
        b.HasIndex(c => new { c.State, c.StartedAt });
        b.HasIndex(c => c.StartedAt);
        b.HasIndex(c => new { c.CustomerId, c.StartedAt });
        b.HasIndex(c => c.CallerHash);
        b.HasIndex(c => new { c.TicketId, c.AnonymisedAt, c.StartedAt });
    }
}

internal sealed class CallEventRecordConfiguration : IEntityTypeConfiguration<CallEventRecord>
{
    public void Configure(EntityTypeBuilder<CallEventRecord> b)
    {
        b.ToTable("call_events");
        b.Property(e => e.EventId).HasMaxLength(128);
        b.HasIndex(e => e.EventId).IsUnique();
        b.Property(e => e.Type).HasMaxLength(16);
        b.Property(e => e.Detail).HasMaxLength(1000);
        b.HasIndex(e => new { e.CallRecordId, e.At });
        b.HasOne<CallRecord>().WithMany().HasForeignKey(e => e.CallRecordId).OnDelete(DeleteBehavior.Cascade);
    }
}
