using PayDesk.Features.Customers;

namespace PayDesk.Features.Tickets;

/// <summary>Money is always a decimal with its ISO 4217 currency.</summary>
public sealed record Money(decimal Value, string Currency);

public sealed record TicketSummary(
    Guid Id, string Number, TicketChannel Channel, Guid CustomerId, string CustomerName, string Subject,
    TicketCategory Category, TicketPriority Priority, TicketStatus Status, Money? Amount, Guid? OwnerId,
    string? Team, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record TicketResponse(
    Guid Id, string Number, TicketChannel Channel, CustomerResponse Customer, string Subject, string Description,
    TicketCategory Category, TicketPriority Priority, TicketStatus Status, DateTime? OccurredAt, Money? Amount,
    string? TransactionId, Guid? OwnerId, string? Team, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ClosedAt,
    IReadOnlyList<MessageResponse> Messages)
{
    internal static TicketResponse From(Ticket t, Customer customer, IEnumerable<TicketMessage> visibleMessages) => new(
        t.Id, t.Number, t.Channel, CustomerResponse.From(customer), t.Subject, t.Description, t.Category, t.Priority,
        t.Status, t.OccurredAt, t.Amount is { } a ? new Money(a, t.Currency!) : null, t.TransactionId, t.OwnerId,
        t.Team, t.CreatedAt, t.UpdatedAt, t.ClosedAt,
        visibleMessages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(MessageResponse.From).ToList());
}

public sealed record MessageResponse(
    Guid Id, MessageVisibility Visibility, string Body, string AuthorName, bool FromCustomer, DateTime CreatedAt)
{
    internal static MessageResponse From(TicketMessage m) => new(m.Id, m.Visibility, m.Body, m.AuthorName, m.FromCustomer, m.CreatedAt);
}
