using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>The escalation queue (breached clocks) and the at-risk queue (running clocks past their warning point or under an hour from due).</summary>
internal static class ListSlaQueue
{
    public sealed record QueueItem(Guid TicketId, string Number, string Subject, TicketPriority Priority, Guid? OwnerId, ClockKind Kind, DateTime? DueAt, DateTime? BreachedAt);

    public static async Task<Results<Ok<Paged<QueueItem>>, ValidationProblem>> HandleAsync(
        AppDbContext db, IStringLocalizer<SharedResource> l, TimeProvider clock, bool breached, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var clocks = breached
            ? db.SlaClocks.Where(c => c.BreachedAt != null && c.StoppedAt == null)
            : db.SlaClocks.Where(SlaClocks.AtRisk(clock.GetUtcNow().UtcDateTime));
        var query = clocks.Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => new { c, t })
            .Where(x => x.t.Status != TicketStatus.Closed);
        var total = await query.CountAsync(ct);
        var items = await (breached ? query.OrderBy(x => x.c.BreachedAt) : query.OrderBy(x => x.c.DueAt))
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(x => new QueueItem(x.t.Id, x.t.Number, x.t.Subject, x.t.Priority, x.t.OwnerId, x.c.Kind, x.c.DueAt, x.c.BreachedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<QueueItem>(items, paging.Page, paging.PageSize, total));
    }

    /// <summary>One complaint on the /sla page: its most urgent running clock, owner and team.</summary>
    public sealed record ComplaintRow(
        Guid TicketId, string Number, string Subject, TicketPriority Priority, Guid? OwnerId, string? Team, ClockKind Kind, DateTime DueAt, Urgency Urgency,
        TimeSpan Left, int? WorkingDayMinutes);

    /// <summary>
    /// The /sla page (issue 18): each open complaint with a breached or at-risk running clock once, with its most urgent
    /// (soonest due) running clock, soonest first, paged in the database.
    /// </summary>
    public static async Task<(Paged<ComplaintRow> Page, int Breached)> ByComplaintAsync(
        AppDbContext db, CalendarRegistry calendars, DateTime at, PageRequest paging, CancellationToken ct)
    {
        var running = db.SlaClocks.Where(c => c.StoppedAt == null && c.Status != ClockStatus.Paused && c.DueAt != null);
        var flagged = db.SlaClocks.Where(SlaClocks.Flagged(at)).Select(c => c.TicketId);
        var tickets = db.Tickets.AsNoTracking().Where(t => t.Status != TicketStatus.Closed && flagged.Contains(t.Id));
        var total = await tickets.CountAsync(ct);
        var breached = await tickets.CountAsync(t => running.Any(c => c.TicketId == t.Id && (c.Status == ClockStatus.Breached || c.BreachedAt != null || c.DueAt <= at)), ct);
        var rows = await tickets
            .Select(t => new { t.Id, t.Number, t.Subject, t.Priority, t.OwnerId, t.Team, Due = running.Where(c => c.TicketId == t.Id).Min(c => c.DueAt) })
            .OrderBy(x => x.Due).ThenBy(x => x.Number)
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var clocks = await running.AsNoTracking().Where(c => ids.Contains(c.TicketId)).ToListAsync(ct);
        var items = rows.Select(r =>
        {
            var c = SlaClocks.MostUrgent(clocks.Where(x => x.TicketId == r.Id), at);
            return new ComplaintRow(r.Id, r.Number, r.Subject, r.Priority, r.OwnerId, r.Team, c.Kind, c.DueAt!.Value, SlaClocks.UrgencyOf(c, at),
                SlaClocks.Left(c, at, calendars), SlaDurationText.WorkingDayOf(c.Calendar));
        }).ToList();
        return (new Paged<ComplaintRow>(items, paging.Page, paging.PageSize, total), breached);
    }
}
