using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.FollowUps;

/// <summary>Answers the complaint page's question "which follow-up visits did this complaint get, and how did they go".</summary>
internal sealed class ComplaintFollowUpsSource(AppDbContext db, FollowUpRuleStore store, FollowUpPlanner planner, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) : IComplaintFollowUps
{
    /// <summary>A walk found no way to ask for a visit: only the rules made them. Due as the rules would set it, not before now.</summary>
    public async Task<string?> RequestAsync(Guid ticketId, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null) return l["NotFound.Title"];
        if (ticket.ResolvedAt is null || ticket.MergedIntoId is not null) return l["FollowUp.Request.NotResolved"];
        var now = clock.GetUtcNow().UtcDateTime;
        // Asked for, the planner always has a reason: it declines only a resolution that already has its visit.
        if (await planner.PlanAsync(ticket, now, now, ct, requested: true) is null) return l["FollowUp.Request.Exists"];
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Planned at the same moment elsewhere (the rules' sweep, another person): one visit per resolution.
            return l["FollowUp.Request.Exists"];
        }
        return null;
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
