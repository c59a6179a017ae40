using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.FollowUps;

/// <summary>Answers the complaint page's question "which follow-up visits did this complaint get, and how did they go".</summary>
internal sealed class ComplaintFollowUpsSource(AppDbContext db, FollowUpRuleStore store, FollowUpPlanner planner, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) : IComplaintFollowUps
{
    /// <summary>A walk found no way to ask for a visit: only the rules made them (<see cref="RequestFollowUp"/>).</summary>
    public async Task<string?> RequestAsync(Guid ticketId, DateTime? dueLocal, CancellationToken ct)
    {
        DateTimeOffset? dueAt = null;
        if (dueLocal is { } local)
        {
            // Typed as the visit will be shown: in the zone of the complaint team's calendar.
            var team = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => t.Team).FirstOrDefaultAsync(ct);
            dueAt = FollowUpRules.FromWallTime(local, (await planner.CalendarOfAsync(team, ct)).TimeZone, clock.GetUtcNow().UtcDateTime);
            if (dueAt is null) return l["FollowUp.CallBackWhen", FollowUpRules.BookableWithinDays];
        }
        return await RequestFollowUp.PlanAsync(ticketId, db, planner, clock, l, ct, dueAt) switch
        {
            ({ }, _) => null,
            (null, { } refusal) => refusal,
            _ => l["NotFound.Title"],
        };
    }

    public async Task<IReadOnlyList<ComplaintFollowUp>> OfComplaintAsync(Guid ticketId, CancellationToken ct)
    {
        var tasks = await db.Set<FollowUpTask>().AsNoTracking().Where(t => t.TicketId == ticketId)
            .OrderByDescending(t => t.ResolvedAt).Take(20).ToListAsync(ct);
        if (tasks.Count == 0) return [];
        var ids = tasks.Select(t => t.Id).ToList();
        var last = (await db.Set<FollowUpAttempt>().AsNoTracking().Where(a => ids.Contains(a.TaskId))
                .Select(a => new { a.TaskId, a.Number, a.Result, a.Note }).ToListAsync(ct))
            .GroupBy(a => a.TaskId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Number)!);
        var rules = await store.CurrentAsync(ct);
        var described = await ListFollowUpTasks.DescribeAsync(db, tasks, rules.MaxAttempts, ct);
        return described.Select(t => new ComplaintFollowUp(t.Id, t.Status.ToString(), t.DueAt, t.DueLocal, t.TimeZone, t.Attempts, t.MaxAttempts,
            t.AssigneeName, last.TryGetValue(t.Id, out var a) ? a.Result.ToString() : null, last.TryGetValue(t.Id, out var b) ? b.Note : null,
            t.ClosedAt, t.FollowOnNumber, tasks.First(x => x.Id == t.Id).ResolvedAt)).ToList();
    }
}
