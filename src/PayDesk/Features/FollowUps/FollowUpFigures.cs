using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// Follow-up visits due in a period: how many were completed (the customer reached, or every attempt used), and of the
/// completed ones the satisfied, problem-back and unreachable shares. Cancelled visits (the complaint was reopened
/// first) are left out. Shares are null when nothing was completed.
/// </summary>
public sealed record FollowUpFiguresRow(int Due, int Completed, int Satisfied, int ProblemBack, int Unreachable, int Open, int Overdue,
    double? CompletionRate, double? SatisfiedShare, double? ProblemBackShare, double? UnreachableShare);

/// <summary>What the reports read of the follow-up visits (Analytics depends on this, never on the tables).</summary>
public interface IFollowUpFigures
{
    /// <summary>Visits due in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), optionally of one team's complaints.</summary>
    Task<FollowUpFiguresRow> ForPeriodAsync(DateTime fromUtc, DateTime toUtc, string? team, CancellationToken ct);
}

internal sealed class FollowUpFigures(AppDbContext db, TimeProvider clock) : IFollowUpFigures
{
    public async Task<FollowUpFiguresRow> ForPeriodAsync(DateTime fromUtc, DateTime toUtc, string? team, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tasks = db.Set<FollowUpTask>().AsNoTracking().Where(t => t.DueAt >= fromUtc && t.DueAt < toUtc && t.Status != FollowUpStatus.Cancelled);
        if (team is not null) tasks = tasks.Where(t => t.Team == team);
        var counts = await tasks.GroupBy(t => t.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var overdue = await tasks.CountAsync(t => t.Status == FollowUpStatus.Open && t.DueAt < now, ct);
        int Of(FollowUpStatus s) => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0;
        return Compute(Of(FollowUpStatus.Satisfied), Of(FollowUpStatus.ProblemBack), Of(FollowUpStatus.Unreachable), Of(FollowUpStatus.Open), overdue);
    }

    public static FollowUpFiguresRow Compute(int satisfied, int problemBack, int unreachable, int open, int overdue)
    {
        var completed = satisfied + problemBack + unreachable;
        var due = completed + open;
        double? Share(int n, int of) => of == 0 ? null : (double)n / of;
        return new(due, completed, satisfied, problemBack, unreachable, open, overdue,
            Share(completed, due), Share(satisfied, completed), Share(problemBack, completed), Share(unreachable, completed));
    }
}
