using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Complaints;

/// <summary>What can appear on a complaint's timeline.</summary>
public enum TicketEventKind
{
    Created,
    Transition,
    Message,
    Assignment,
    Transfer,
    Escalation,
    Verification,
    Lookup,
    Action,
    Approval,
    Notification,
    Callback,
    Merge,
    Link,

    /// <summary>A phone call, chat or other interaction was linked to the complaint.</summary>
    Interaction,

    /// <summary>The customer answered the satisfaction survey.</summary>
    Survey,

    /// <summary>A remark for staff from PayDesk itself, such as an intake whose phone and e-mail are different customers'.</summary>
    Note,
}

/// <summary>One entry of a complaint's timeline: who did what, when and why.</summary>
internal sealed class TicketEvent
{
    public long Id { get; init; }
    public Guid TicketId { get; init; }
    public DateTime At { get; init; }
    public Guid? ActorId { get; init; }
    public required string ActorName { get; init; }
    public TicketEventKind Kind { get; init; }
    public TicketStatus? FromStatus { get; init; }
    public TicketStatus? ToStatus { get; init; }
    public TicketTrigger? Trigger { get; init; }
    public string? Reason { get; init; }

    /// <summary>Kind-specific details as JSON (team, amounts, masked destinations…), never personal numbers in clear.</summary>
    public string? Data { get; init; }

    /// <summary>Whether the customer sees this entry on their timeline.</summary>
    public bool CustomerVisible { get; init; }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> b)
    {
        b.ToTable("ticket_events");
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.Trigger).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.Reason).HasMaxLength(2000);
        b.HasIndex(e => new { e.TicketId, e.Id });
        b.HasOne<Ticket>().WithMany().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Experts working on a complaint besides its owner (转接专家: the owner stays accountable).</summary>
internal sealed class TicketAssignee
{
    public long Id { get; init; }
    public Guid TicketId { get; init; }
    public required string Team { get; init; }
    public Guid? UserId { get; init; }
    public DateTime AddedAt { get; init; }
    public required string Reason { get; init; }
}

internal sealed class TicketAssigneeConfiguration : IEntityTypeConfiguration<TicketAssignee>
{
    public void Configure(EntityTypeBuilder<TicketAssignee> b)
    {
        b.ToTable("ticket_assignees");
        b.Property(a => a.Team).HasMaxLength(64);
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.HasIndex(a => a.TicketId);
        b.HasIndex(a => new { a.UserId, a.TicketId });
        b.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}
