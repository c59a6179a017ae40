using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

/// <summary>A complaint's service-level clocks with the business time each has used.</summary>
internal static class GetTicketClocks
{
    /// <summary><paramref name="PausedAt"/>: when a waiting clock (paused, or breached and then paused) last paused (its event log), so the page can say since when.</summary>
    public sealed record ClockResponse(
        ClockKind Kind, ClockStatus Status, string Calendar, int TargetMinutes, DateTime StartedAt, DateTime? DueAt,
        double ElapsedMinutes, DateTime? BreachedAt, DateTime? StoppedAt, DateTime? PausedAt = null);

    public static async Task<Results<Ok<List<ClockResponse>>, NotFound>> HandleAsync(
        string id, AppDbContext db, ActorAccessor actors, TimeProvider clock, CalendarRegistry calendars, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ForTicketAsync(db, ticket.Id, clock.GetUtcNow().UtcDateTime, calendars, ct));
    }

    public static async Task<List<ClockResponse>> ForTicketAsync(AppDbContext db, Guid ticketId, DateTime now, CalendarRegistry calendars, CancellationToken ct)
    {
        var clocks = await db.SlaClocks.AsNoTracking().Where(c => c.TicketId == ticketId).ToListAsync(ct);
        // Waiting: not running and not stopped — paused, or breached and then paused (a late complaint waiting for the customer).
        static bool Waiting(SlaClock c) => c.RunningSince is null && c.StoppedAt is null;
        var pausedAt = clocks.Any(Waiting)
            ? await db.SlaClockEvents.AsNoTracking().Where(e => e.TicketId == ticketId && e.Event == "paused")
                .GroupBy(e => e.ClockId).Select(g => new { Clock = g.Key, At = g.Max(e => e.At) }).ToDictionaryAsync(x => x.Clock, x => x.At, ct)
            : [];
        return clocks.OrderBy(c => c.Kind)
            .Select(c => new ClockResponse(c.Kind, c.Status, c.Calendar, c.TargetMinutes, c.StartedAt, c.DueAt,
                Math.Round(SlaClocks.Elapsed(c, now, calendars).TotalMinutes, 1), c.BreachedAt, c.StoppedAt,
                Waiting(c) && pausedAt.TryGetValue(c.Id, out var at) ? at : null))
            .ToList();
    }
}
