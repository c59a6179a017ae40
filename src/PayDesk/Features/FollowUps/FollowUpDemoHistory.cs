using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// The demo's past follow-up visits: those due more than a day ago were made — most customers satisfied, some never
/// reached after every attempt — so the reports and scorecards have figures. Problem-back outcomes are left to people
/// trying the demo: recording one reopens a complaint, which the demo's history must not do behind their backs.
/// </summary>
internal static class FollowUpDemoHistory
{
    public static async Task<int> RecordAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        var rules = await new FollowUpRuleStore(db).CurrentAsync(ct);
        var past = await db.Set<FollowUpTask>().Where(t => t.Status == FollowUpStatus.Open && t.DueAt < now.AddDays(-1)).ToListAsync(ct);
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        foreach (var task in past)
        {
            // Deterministic per complaint, like the sample: one in six is never reached.
            var unreachable = task.TicketId.GetHashCode() % 6 == 0;
            var attempts = unreachable ? rules.MaxAttempts : 1 + Math.Abs(task.TicketId.GetHashCode() % 2);
            for (var n = 1; n <= attempts; n++)
            {
                var at = task.DueAt.AddDays(n - 1).AddHours(1);
                var result = unreachable || n < attempts ? FollowUpResult.Unreachable : FollowUpResult.Satisfied;
                db.Set<FollowUpAttempt>().Add(new FollowUpAttempt
                {
                    TaskId = task.Id, Number = n, Method = FollowUpMethod.Call, Result = result, AgentId = task.AssigneeId,
                    AgentName = task.AssigneeId is { } a && names.TryGetValue(a, out var name) ? name : "system", At = at,
                    Note = result == FollowUpResult.Satisfied ? "客户表示问题已解决，满意 / customer satisfied" : null,
                });
                task.Attempts = n;
                task.LastAttemptAt = at;
            }
            task.Status = unreachable ? FollowUpStatus.Unreachable : FollowUpStatus.Satisfied;
            task.ClosedAt = task.LastAttemptAt;
        }
        await db.SaveChangesAsync(ct);
        return past.Count;
    }
}
