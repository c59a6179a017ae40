using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>How a "the problem is back" report was handled.</summary>
internal enum ProblemBackHandling
{
    /// <summary>The complaint itself was reopened (resolved, or closed within the reopen window).</summary>
    Reopened,

    /// <summary>The complaint was closed longer ago than the reopen window: a new complaint was filed and linked to it.</summary>
    FiledNew,

    /// <summary>The complaint is still being worked (or was merged away): nothing to reopen.</summary>
    NotResolved,
}

internal sealed record ProblemBackOutcome(ProblemBackHandling Handling, string Number);

/// <summary>
/// 回访发现问题复发: a customer tells the service centre (on a follow-up call or message) that a resolved problem is back.
/// Within the reopen window the same complaint is reopened — the owner, the history and the clocks carry on, and the
/// reopen counts against the resolution like the customer's own reopen. A complaint closed longer ago than the window
/// can no longer be reopened (the customer could not either), so a new complaint is filed for the same customer and
/// transaction and linked to the old one. Adds to the caller's unit of work; the caller saves.
/// </summary>
internal static class ReportProblemBack
{
    public static async Task<ProblemBackOutcome> RunAsync(
        AppDbContext db, TicketNumberAllocator numbers, LifecycleServices lifecycle, Guid ticketId, string reason, TicketChannel channel,
        Actor actor, CancellationToken ct)
    {
        var ticket = await db.Tickets.Include(t => t.Customer).FirstAsync(t => t.Id == ticketId, ct);
        if (ticket.MergedIntoId is not null || ticket.Status is not (TicketStatus.Resolved or TicketStatus.Closed))
        {
            return new(ProblemBackHandling.NotResolved, ticket.Number);
        }
        var now = lifecycle.Clock.GetUtcNow().UtcDateTime;
        var outcome = await TransitionTicket.ApplyUnsavedAsync(db, ticket, new TransitionInput(TicketTrigger.Reopen, reason), actor, lifecycle, ct);
        if (outcome.Applied) return new(ProblemBackHandling.Reopened, ticket.Number);

        // Only the reopen window refuses a staff reopen of a resolved or closed complaint: file a new one.
        var filed = await CreateTicket.OpenAsync(db, numbers, lifecycle, ticket.Customer!, new CreateTicket.Draft(
            channel, Truncate($"{ticket.Subject}（复发，原 {ticket.Number}）", TicketRules.SubjectMax), reason, ticket.Category, ticket.SubCategory,
            ticket.Priority, ticket.OccurredAt, ticket.Amount, ticket.Currency, ticket.TransactionId), actor, now, ct);
        var why = Truncate($"回访：问题复发 / follow-up: problem back ({ticket.Number})", 1000);
        db.TicketLinks.Add(new TicketLink { TicketId = ticket.Id, OtherTicketId = filed.Id, Reason = why, CreatedAt = now });
        db.TicketLinks.Add(new TicketLink { TicketId = filed.Id, OtherTicketId = ticket.Id, Reason = why, CreatedAt = now });
        Timeline.Record(db, ticket, TicketEventKind.Link, actor, now, why, data: new JsonObject { ["other"] = filed.Number });
        Timeline.Record(db, filed, TicketEventKind.Link, actor, now, why, data: new JsonObject { ["other"] = ticket.Number });
        return new(ProblemBackHandling.FiledNew, filed.Number);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
