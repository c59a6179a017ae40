using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>Money is always a decimal with its ISO 4217 currency.</summary>
public sealed record Money(decimal Value, string Currency)
{
    /// <summary>How every screen, notice and answer writes an amount: 1,309.52 CNY (one way, whatever the reader's language).</summary>
    public static string Show(decimal value, string currency) =>
        value.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>An amount as <see cref="Show(decimal, string)"/> writes it; none as a dash.</summary>
    public static string Show(Money? money) => money is null ? "—" : Show(money.Value, money.Currency);
}

public sealed record TicketSummary(
    Guid Id, string Number, TicketChannel Channel, Guid CustomerId, string CustomerName, string Subject,
    TicketCategory Category, TicketPriority Priority, TicketStatus Status, Money? Amount, Guid? OwnerId,
    string? Team, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record TicketResponse(
    Guid Id, string Number, TicketChannel Channel, CustomerResponse Customer, string Subject, string Description,
    TicketCategory Category, TicketSubCategory? SubCategory, IReadOnlyList<IntakeFact> MissingFacts,
    TicketPriority Priority, TicketStatus Status, DateTime? OccurredAt, Money? Amount,
    string? TransactionId, Guid? OwnerId, string? Team, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ClosedAt,
    int EscalationLevel, int ReopenCount, DateTime? VerifiedAt, Complaints.VerificationMethod? VerificationMethod, RootCause? RootCause, ResolutionCode? ResolutionCode, string? Summary,
    IReadOnlyList<TicketTrigger> AllowedTriggers, IReadOnlyList<MessageResponse> Messages)
{
    /// <summary>Every file of the complaint the caller may see (from <see cref="IComplaintFiles"/>), oldest first.</summary>
    public IReadOnlyList<ComplaintFile> Attachments { get; init; } = [];

    /// <summary>When the complaint was last resolved (a follow-up visit belongs to one resolution).</summary>
    public DateTime? ResolvedAt { get; init; }

    /// <summary>The ticket as <paramref name="actor"/> may see it: customers get public messages only.</summary>
    internal static TicketResponse For(Ticket t, Actor actor) => new(
        t.Id, t.Number, t.Channel, CustomerResponse.From(t.Customer!), t.Subject, t.Description, t.Category, t.SubCategory,
        Intake.Missing(t), t.Priority,
        t.Status, t.OccurredAt, t.Amount is { } a ? new Money(a, t.Currency!) : null, t.TransactionId, t.OwnerId,
        t.Team, t.CreatedAt, t.UpdatedAt, t.ClosedAt, t.EscalationLevel, t.ReopenCount, t.VerifiedAt, t.VerificationMethod, t.RootCause, t.ResolutionCode,
        actor.IsStaff ? t.Summary : null, TicketWorkflow.Allowed(t.Status, TicketWorkflow.KindOf(actor)),
        t.VisibleMessages(actor).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(MessageResponse.From).ToList())
    {
        ResolvedAt = t.ResolvedAt,
    };
}

public sealed record MessageResponse(
    Guid Id, MessageVisibility Visibility, string Body, string AuthorName, bool FromCustomer, DateTime CreatedAt)
{
    internal static MessageResponse From(TicketMessage m) => new(m.Id, m.Visibility, m.Body, m.AuthorName, m.FromCustomer, m.CreatedAt);
}
