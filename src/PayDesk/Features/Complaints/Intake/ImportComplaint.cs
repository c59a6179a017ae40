using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Brings in a complaint that already has a history — the demo's generated month, or records taken over from a
/// previous system — with its messages, status dates and timeline. The intake rules for new complaints
/// (verification, duplicate checks, clocks, notices) do not apply to history; the caller saves.
/// </summary>
internal static class ImportComplaint
{
    internal sealed record Message(string Body, MessageVisibility Visibility, Guid? AuthorId, string AuthorName, bool FromCustomer, DateTime At);

    internal sealed record History(
        string Number, TicketChannel Channel, Guid CustomerId, string Subject, string Description, TicketCategory Category,
        TicketPriority Priority, TicketStatus Status, DateTime CreatedAt, DateTime? OccurredAt, decimal? Amount, string? Currency,
        string? TransactionId, Guid? OwnerId, string? Team, IReadOnlyList<Message> Messages,
        DateTime? SolutionProposedAt = null, DateTime? ResolvedAt = null, DateTime? ClosedAt = null,
        RootCause? RootCause = null, ResolutionCode? ResolutionCode = null, string? Note = null, int ReopenCount = 0);

    public static Ticket Add(AppDbContext db, History h)
    {
        var ticket = new Ticket
        {
            Number = h.Number, Channel = h.Channel, CustomerId = h.CustomerId, Subject = h.Subject, Description = h.Description,
            Category = h.Category, Priority = h.Priority, Status = h.Status, OccurredAt = h.OccurredAt, Amount = h.Amount,
            Currency = h.Currency, TransactionId = h.TransactionId, OwnerId = h.OwnerId, Team = h.Team, CreatedAt = h.CreatedAt,
            Bank = Banks.Find($"{h.Subject} {h.Description}"),
            SolutionProposedAt = h.SolutionProposedAt, ResolvedAt = h.ResolvedAt, ClosedAt = h.ClosedAt,
            RootCause = h.RootCause, ResolutionCode = h.ResolutionCode, ReopenCount = h.ReopenCount,
        };
        foreach (var m in h.Messages)
        {
            ticket.Messages.Add(new TicketMessage
            {
                TicketId = ticket.Id, Body = m.Body, Visibility = m.Visibility, AuthorId = m.AuthorId, AuthorName = m.AuthorName,
                FromCustomer = m.FromCustomer, CreatedAt = m.At,
            });
        }
        ticket.UpdatedAt = h.Messages.Count == 0 ? h.CreatedAt : h.Messages.Max(m => m.At);
        ticket.SubCategory = Intake.SuggestCategory(h.Subject + h.Description) is var (category, sub, _) && category == h.Category ? sub : null;
        ticket.RefreshMissingFacts();
        db.Tickets.Add(ticket);
        Timeline.Record(db, ticket, TicketEventKind.Created, Actor.System, h.CreatedAt, customerVisible: true, to: TicketStatus.New);
        if (h.Status != TicketStatus.New)
        {
            Timeline.Record(db, ticket, TicketEventKind.Transition, Actor.System, ticket.UpdatedAt,
                reason: h.Note, customerVisible: true, from: TicketStatus.New, to: h.Status);
        }
        return ticket;
    }

    /// <summary>A target the history missed: escalated as the evaluator would have done at the due time, without moving the last change back.</summary>
    public static void MissedTarget(AppDbContext db, Ticket ticket, string clock, DateTime due)
    {
        var updated = ticket.UpdatedAt;
        ServiceLevelOutcomes.Breached(db, ticket, clock, due);
        if (updated > ticket.UpdatedAt) ticket.UpdatedAt = updated;
    }
}
