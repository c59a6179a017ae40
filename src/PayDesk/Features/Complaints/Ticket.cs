using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using PayDesk.Features.Customers;

namespace PayDesk.Features.Complaints;

/// <summary>The complaint record (投诉工单).</summary>
internal sealed partial class Ticket : IAudited
{
    /// <summary>Recomputes what the category still needs; call after facts or category change.</summary>
    public void RefreshMissingFacts()
    {
        var missing = Intake.Missing(this);
        MissingFacts = missing.Count == 0 ? null : string.Join(",", missing);
    }

    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>What the customer sees and quotes: PD-2026-000123.</summary>
    public required string Number { get; init; }
    public TicketChannel Channel { get; set; }
    public Guid CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public required string Subject { get; set; }
    public required string Description { get; set; }
    public TicketCategory Category { get; set; }
    public TicketSubCategory? SubCategory { get; set; }

    /// <summary>Facts the category needs that intake did not get (comma-separated <see cref="IntakeFact"/> names).</summary>
    public string? MissingFacts { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public TicketStatus Status { get; set; } = TicketStatus.New;

    /// <summary>When the problem happened, as the customer reports it (UTC).</summary>
    public DateTime? OccurredAt { get; set; }
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }

    /// <summary>交易流水号 of the transaction complained about.</summary>
    public string? TransactionId { get; set; }

    /// <summary>The bank the complaint is about (a <see cref="Banks"/> code such as "CMB"), found in its words at intake; incidents scope and detect by it.</summary>
    public string? Bank { get; set; }

    /// <summary>首问负责制: the agent accountable for the complaint until closure.</summary>
    public Guid? OwnerId { get; set; }
    public string? Team { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Raised each time the customer rejects a solution or staff escalate (升级处理).</summary>
    public int EscalationLevel { get; set; }

    /// <summary>When and how the complainant proved they hold the account; account actions need it.</summary>
    public DateTime? VerifiedAt { get; set; }
    public Complaints.VerificationMethod? VerificationMethod { get; set; }
    public int ReopenCount { get; set; }
    public DateTime? SolutionProposedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>Closing summary (反馈总结), required to close.</summary>
    public Complaints.RootCause? RootCause { get; set; }
    public Complaints.ResolutionCode? ResolutionCode { get; set; }
    public string? Summary { get; set; }

    /// <summary>Business minutes the resolution clock used when it stopped, and whether that met its target (for reports).</summary>
    public int? ResolutionMinutes { get; set; }
    public bool? ResolutionMet { get; set; }

    /// <summary>Whether the regulator's deadline was met, once the final answer was given.</summary>
    public bool? RegulatoryMet { get; set; }

    /// <summary>When the automatic acknowledgement (受理确认) was queued; set once, so it is never sent twice.</summary>
    public DateTime? AcknowledgementQueuedAt { get; set; }

    /// <summary>When the outbox handed the acknowledgement to its gateway (meets first response on app, web and SMS).</summary>
    public DateTime? AcknowledgementDeliveredAt { get; set; }

    /// <summary>Set when this complaint was closed as a duplicate of another.</summary>
    public Guid? MergedIntoId { get; set; }

    public List<TicketMessage> Messages { get; init; } = [];
}

public enum TicketChannel
{
    Phone,
    Chat,
    Email,
    App,
    Web,
    Sms,
    WeChat,
    Weibo,
}

public enum TicketCategory
{
    Funds,
    TransactionFailure,
    AccountFrozen,
    AccountSecurity,
    Refund,
    ServiceDelay,
    Consultation,
    Other,
}

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum TicketStatus
{
    New,
    Acknowledged,
    InProgress,
    AwaitingCustomer,
    AwaitingThirdParty,
    SolutionProposed,
    Resolved,
    Closed,
}

public enum MessageVisibility
{
    /// <summary>Seen by the customer (a reply, or the customer's own message).</summary>
    Public,

    /// <summary>Only staff see it.</summary>
    Internal,
}

internal sealed partial class TicketMessage : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; set; }
    public MessageVisibility Visibility { get; set; }

    // Message text can carry personal data the customer typed; the audit log records that a
    // message was written, by whom and how visible, not its words.
    [NotAudited] public required string Body { get; set; }
    public Guid? AuthorId { get; set; }
    public required string AuthorName { get; set; }
    public bool FromCustomer { get; set; }

    /// <summary>The channel the message came in on or went out by; null for notes and portal messages.</summary>
    public TicketChannel? Channel { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A create request already answered under an Idempotency-Key, so a retry returns the same ticket.</summary>
internal sealed class IdempotencyRecord
{
    public long Id { get; init; }
    public required string Scope { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public Guid TicketId { get; init; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        b.ToTable("tickets");
        b.Property(t => t.Number).HasMaxLength(20);
        b.HasIndex(t => t.Number).IsUnique();
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.SubCategory).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.MissingFacts).HasMaxLength(200);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.Subject).HasMaxLength(200);
        b.Property(t => t.Description).HasMaxLength(10_000);
        b.Property(t => t.Currency).HasMaxLength(3);
        b.Property(t => t.TransactionId).HasMaxLength(64);
        b.Property(t => t.Bank).HasMaxLength(16);
        b.Property(t => t.Team).HasMaxLength(64);
        b.Property(t => t.RootCause).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.ResolutionCode).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.Summary).HasMaxLength(4000);
        b.Property(t => t.VerificationMethod).HasConversion<string>().HasMaxLength(16);
        // The confirmation-timeout sweep finds proposed solutions by age.
        b.HasIndex(t => new { t.Status, t.SolutionProposedAt });
        b.HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        // The inbox filters by these and pages newest first.
        b.HasIndex(t => t.CreatedAt);
        b.HasIndex(t => new { t.Status, t.CreatedAt });
        b.HasIndex(t => new { t.OwnerId, t.Status });
        b.HasIndex(t => new { t.CustomerId, t.CreatedAt });
        b.HasIndex(t => t.TransactionId);
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> b)
    {
        b.ToTable("ticket_messages");
        b.Property(m => m.Visibility).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Body).HasMaxLength(20_000);
        b.Property(m => m.AuthorName).HasMaxLength(100);
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(m => new { m.TicketId, m.CreatedAt });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        b.Property(r => r.Scope).HasMaxLength(64);
        b.Property(r => r.Key).HasMaxLength(128);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
    }
}
