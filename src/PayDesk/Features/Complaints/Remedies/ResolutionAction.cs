using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Complaints;

/// <summary>What the service centre does about a complaint (解决方案制定), by cause.</summary>
public enum ResolutionKind
{
    Refund,
    BalanceAdjustment,
    UnfreezeRequest,
    RetryGuidance,
    Explanation,
}

public enum ResolutionStatus
{
    /// <summary>Above the approval threshold: waits for a second person (maker-checker).</summary>
    PendingApproval,
    Approved,
    Rejected,
}

internal sealed class ResolutionAction
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; init; }
    public ResolutionKind Kind { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public required string Note { get; init; }
    public ResolutionStatus Status { get; set; }

    /// <summary>Why it waits (or waited) for a second person (<see cref="ApprovalReason"/>); null when one person sufficed.</summary>
    public string? ApprovalReason { get; init; }
    public Guid? RequestedById { get; init; }
    public required string RequestedByName { get; init; }
    public Guid? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public string? DecisionNote { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DecidedAt { get; set; }

    public static bool MovesMoney(ResolutionKind kind) => kind is ResolutionKind.Refund or ResolutionKind.BalanceAdjustment;

    /// <summary>
    /// Why a money remedy must wait for a second person, or null when one person may approve it: it is above the
    /// threshold by itself, or together with the complaint's earlier money remedies not rejected (so splitting a refund
    /// does not dodge the second person), or it brings them above the money the complaint is about, or it is in a currency
    /// other than the threshold's (PayDesk converts no currency, so it cannot compare) — and, before all of these, when the
    /// transaction's money is already back (<paramref name="moneyBack"/>: "reversed" or "refunded", <see cref="MoneyAlreadyBack"/>),
    /// whatever the amount. Pure.
    /// </summary>
    public static string? ReasonToWait(decimal amount, string currency, decimal earlier, ResolutionOptions options, decimal? disputed, string? disputedCurrency,
        string? moneyBack = null)
    {
        if (moneyBack is not null) return moneyBack;
        if (!string.Equals(currency, options.ThresholdCurrency, StringComparison.Ordinal)) return "currency";
        if (amount > options.ApprovalThreshold) return "threshold";
        if (earlier + amount > options.ApprovalThreshold) return "cumulative";
        if (disputed is { } d && string.Equals(disputedCurrency ?? options.ThresholdCurrency, currency, StringComparison.Ordinal) && earlier + amount > d)
        {
            return "above_disputed";
        }
        return null;
    }

    /// <summary>Account actions need a verified complainant; advice does not.</summary>
    public static bool NeedsVerification(ResolutionKind kind) => kind is ResolutionKind.Refund or ResolutionKind.BalanceAdjustment or ResolutionKind.UnfreezeRequest;
}

internal sealed class ResolutionActionConfiguration : IEntityTypeConfiguration<ResolutionAction>
{
    public void Configure(EntityTypeBuilder<ResolutionAction> b)
    {
        b.ToTable("resolution_actions");
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Currency).HasMaxLength(3);
        b.Property(a => a.Note).HasMaxLength(2000);
        b.Property(a => a.RequestedByName).HasMaxLength(100);
        b.Property(a => a.DecidedByName).HasMaxLength(100);
        b.Property(a => a.DecisionNote).HasMaxLength(2000);
        b.Property(a => a.ApprovalReason).HasMaxLength(32);
        b.HasIndex(a => a.TicketId);
        // Approvers find what waits for them.
        b.HasIndex(a => new { a.Status, a.CreatedAt });
        b.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ResolutionOptions
{
    /// <summary>Money actions above this amount need a second person's approval.</summary>
    public decimal ApprovalThreshold { get; set; } = 500m;

    /// <summary>The currency of <see cref="ApprovalThreshold"/>; money remedies in any other currency always need approval.</summary>
    public string ThresholdCurrency { get; set; } = "CNY";
}
