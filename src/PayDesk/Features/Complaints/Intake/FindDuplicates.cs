using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Another OPEN complaint of the same customer about the same money: the same transaction serial, or the same amount
/// on the same day. Two such complaints risk a double refund (issue 18: two complaints about one ¥1,309.52 double
/// debit), so intake flags the new one (never refuses it) and the complaint page offers link or merge.
/// </summary>
internal static class FindDuplicates
{
    public sealed record Duplicate(Guid Id, string Number, string Subject, TicketStatus Status, string Reason,
        string? TransactionId, decimal? Amount, string? Currency, DateTime CreatedAt, bool Linked);

    /// <summary>The day a complaint's money moved, in China time (the service centre's day): when it happened, else when it was filed.</summary>
    public static DateOnly DayOf(Ticket t) => DayOf(t.OccurredAt, t.CreatedAt);

    private static DateOnly DayOf(DateTime? occurredAt, DateTime createdAt) => DateOnly.FromDateTime((occurredAt ?? createdAt).AddHours(8));

    /// <summary>"same_serial", "same_amount_day" or null. Pure.</summary>
    public static string? Why(Ticket ticket, Ticket other) => Why(ticket, Candidate.Of(other));

    private static string? Why(Ticket ticket, Candidate other)
    {
        if (other.Id == ticket.Id || other.CustomerId != ticket.CustomerId || other.Status == TicketStatus.Closed) return null;
        if (ticket.TransactionId is { Length: > 0 } serial && string.Equals(serial, other.TransactionId, StringComparison.OrdinalIgnoreCase)) return "same_serial";
        if (ticket.Amount is { } amount && other.Amount == amount && string.Equals(ticket.Currency ?? "CNY", other.Currency ?? "CNY", StringComparison.Ordinal)
            && DayOf(ticket) == DayOf(other.OccurredAt, other.CreatedAt)) return "same_amount_day";
        return null;
    }

    /// <summary>What <see cref="Why"/> and the answer read of another complaint.</summary>
    private sealed record Candidate(Guid Id, string Number, string Subject, TicketStatus Status, Guid CustomerId, string? TransactionId,
        decimal? Amount, string? Currency, DateTime? OccurredAt, DateTime CreatedAt)
    {
        public static Candidate Of(Ticket t) => new(t.Id, t.Number, t.Subject, t.Status, t.CustomerId, t.TransactionId, t.Amount, t.Currency, t.OccurredAt, t.CreatedAt);
    }

    public static Task<List<Duplicate>> OfAsync(AppDbContext db, Ticket ticket, CancellationToken ct) => OfAsync(db, ticket, isNew: false, ct);

    /// <summary>
    /// Only the columns <see cref="Why"/> and the answer need are read (not whole complaints with their descriptions):
    /// a customer with many open complaints of one amount made this the heaviest read of intake. A complaint being
    /// opened (<paramref name="isNew"/>) has no links yet, so they are not looked up.
    /// </summary>
    private static async Task<List<Duplicate>> OfAsync(AppDbContext db, Ticket ticket, bool isNew, CancellationToken ct)
    {
        if (ticket.TransactionId is null && ticket.Amount is null) return [];
        var candidates = await db.Tickets.AsNoTracking()
            .Where(t => t.Id != ticket.Id && t.CustomerId == ticket.CustomerId && t.Status != TicketStatus.Closed
                && (t.TransactionId == ticket.TransactionId || t.Amount == ticket.Amount))
            .OrderBy(t => t.CreatedAt).Take(50)
            .Select(t => new Candidate(t.Id, t.Number, t.Subject, t.Status, t.CustomerId, t.TransactionId, t.Amount, t.Currency, t.OccurredAt, t.CreatedAt))
            .ToListAsync(ct);
        var linked = isNew ? [] : await db.TicketLinks.AsNoTracking().Where(l => l.TicketId == ticket.Id).Select(l => l.OtherTicketId).ToListAsync(ct);
        return candidates.Select(c => (c, Why(ticket, c))).Where(x => x.Item2 is not null)
            .Select(x => new Duplicate(x.c.Id, x.c.Number, x.c.Subject, x.c.Status, x.Item2!, x.c.TransactionId, x.c.Amount, x.c.Currency,
                x.c.CreatedAt, linked.Contains(x.c.Id)))
            .Take(20).ToList();
    }

    /// <summary>At intake: the new complaint is flagged on its timeline for staff when it looks like another open one.</summary>
    public static async Task FlagAtIntakeAsync(AppDbContext db, Ticket ticket, Actor actor, DateTime now, CancellationToken ct)
    {
        var found = await OfAsync(db, ticket, isNew: true, ct);
        if (found.Count == 0) return;
        Timeline.Record(db, ticket, TicketEventKind.Note, actor, now, data: new JsonObject
        {
            ["possibleDuplicates"] = new JsonArray(found.Select(d => (JsonNode?)new JsonObject { ["number"] = d.Number, ["reason"] = d.Reason }).ToArray()),
        });
    }

    internal static async Task<Results<Ok<List<Duplicate>>, NotFound>> HandleAsync(string id, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await OfAsync(db, ticket, ct));
    }
}
