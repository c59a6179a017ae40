using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.FollowUps;

/// <summary>Follow-up visits and their attempts are known in the audit log by the complaint's number.</summary>
internal sealed class FollowUpAuditNames(AppDbContext db) : Audit.IAuditNames
{
    public async Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var tasks = ids[nameof(FollowUpTask)].ToArray();
        foreach (var t in await db.Set<FollowUpTask>().AsNoTracking().Where(t => tasks.Contains(t.Id)).Select(t => new { t.Id, t.TicketNumber }).ToListAsync(ct))
            names[t.Id] = t.TicketNumber;
        var attempts = ids[nameof(FollowUpAttempt)].ToArray();
        foreach (var a in await db.Set<FollowUpAttempt>().AsNoTracking().Where(a => attempts.Contains(a.Id))
                     .Join(db.Set<FollowUpTask>(), a => a.TaskId, t => t.Id, (a, t) => new { a.Id, t.TicketNumber }).ToListAsync(ct))
            names[a.Id] = a.TicketNumber;
    }

    public async Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct)
    {
        var tasks = await db.Set<FollowUpTask>().AsNoTracking().Where(t => t.TicketNumber == number).Select(t => t.Id).ToListAsync(ct);
        var attempts = await db.Set<FollowUpAttempt>().AsNoTracking().Where(a => tasks.Contains(a.TaskId)).Select(a => a.Id).ToListAsync(ct);
        return [.. tasks, .. attempts];
    }
}
