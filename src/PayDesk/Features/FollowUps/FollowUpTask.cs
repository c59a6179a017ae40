using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.FollowUps;

/// <summary>Where a follow-up visit stands.</summary>
public enum FollowUpStatus
{
    /// <summary>Waiting for the next attempt.</summary>
    Open,

    /// <summary>The customer is satisfied and the problem stayed solved.</summary>
    Satisfied,

    /// <summary>The problem is back: the complaint was reopened or a new one filed.</summary>
    ProblemBack,

    /// <summary>Nobody answered after the last allowed attempt.</summary>
    Unreachable,

    /// <summary>The complaint was reopened before the visit was due: there is nothing to visit yet.</summary>
    Cancelled,
}

/// <summary>What one attempt learned.</summary>
public enum FollowUpResult
{
    Satisfied,
    ProblemBack,
    Unreachable,

    /// <summary>The customer was reached and asked to be called at another time (约定改时间回访): the visit is due then.</summary>
    CallBack,
}

/// <summary>How the agent reached for the customer.</summary>
public enum FollowUpMethod
{
    /// <summary>A phone call, recorded here.</summary>
    Call,

    /// <summary>A follow-up message sent through the outbox (SMS, e-mail, in-app).</summary>
    Message,
}

/// <summary>Why a resolved complaint gets a visit (more than one rule may apply).</summary>
[Flags]
public enum FollowUpReason
{
    None = 0,
    Escalated = 1,
    LargeRefund = 2,
    LowCsat = 4,
    Sample = 8,

    /// <summary>Asked for by a person on the complaint's page, whatever the rules say.</summary>
    Requested = 16,
}

/// <summary>
/// 回访任务: one follow-up visit of one resolution of a complaint. A complaint resolved, reopened and resolved again
/// may be visited again; one resolution (the complaint's <c>ResolvedAt</c>) is visited at most once.
/// </summary>
internal sealed class FollowUpTask : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; init; }
    public required string TicketNumber { get; init; }

    /// <summary>The resolution this visit is about.</summary>
    public DateTime ResolvedAt { get; init; }
    public FollowUpReason Reasons { get; init; }

    /// <summary>The agent who resolved the complaint (the owner then): the visit's outcome scores them.</summary>
    public Guid? OwnerId { get; init; }
    public Guid? AssigneeId { get; set; }
    public string? Team { get; init; }

    /// <summary>The zone of the team's calendar, in which the due time is shown.</summary>
    public required string TimeZone { get; init; }
    public DateTime DueAt { get; set; }
    public FollowUpStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>When the problem was back: the complaint reopened, or the new complaint filed for it.</summary>
    public string? FollowOnNumber { get; set; }
    public DateTime CreatedAt { get; init; }

    public bool IsOpen => Status == FollowUpStatus.Open;
}

/// <summary>One call or message of a follow-up visit and what it learned.</summary>
internal sealed class FollowUpAttempt : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TaskId { get; init; }
    public int Number { get; init; }
    public FollowUpMethod Method { get; init; }
    public FollowUpResult Result { get; init; }

    // The agent's note can carry what the customer said; numbers in it are masked before it is stored.
    [NotAudited] public string? Note { get; init; }
    public Guid? AgentId { get; init; }
    public required string AgentName { get; init; }
    public DateTime At { get; init; }
}

internal sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> b)
    {
        b.ToTable("follow_up_tasks");
        b.Property(t => t.TicketNumber).HasMaxLength(20);
        b.Property(t => t.Reasons).HasConversion<int>();
        b.Property(t => t.Team).HasMaxLength(64);
        b.Property(t => t.TimeZone).HasMaxLength(64);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.FollowOnNumber).HasMaxLength(20);
        b.Ignore(t => t.IsOpen);
        // At most one visit per resolution, even when the resolution hook and the sweep race.
        b.HasIndex(t => new { t.TicketId, t.ResolvedAt }).IsUnique();
        // The queue: open tasks by due time, an agent's own tasks; reports by due time.
        b.HasIndex(t => new { t.Status, t.DueAt });
        b.HasIndex(t => new { t.AssigneeId, t.Status, t.DueAt });
        b.HasIndex(t => new { t.OwnerId, t.ClosedAt });
        b.HasOne<Ticket>().WithMany().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowUpAttemptConfiguration : IEntityTypeConfiguration<FollowUpAttempt>
{
    public void Configure(EntityTypeBuilder<FollowUpAttempt> b)
    {
        b.ToTable("follow_up_attempts");
        b.Property(a => a.Method).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Result).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Note).HasMaxLength(1000);
        b.Property(a => a.AgentName).HasMaxLength(100);
        b.HasIndex(a => new { a.TaskId, a.Number }).IsUnique();
        b.HasOne<FollowUpTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
