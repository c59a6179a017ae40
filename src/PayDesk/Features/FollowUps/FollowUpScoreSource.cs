using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// What follow-up visits tell the scorecards about the agent who resolved the complaint: one point when the customer,
/// reached on the visit, is satisfied and the problem stayed solved; none when it was back. Unreachable and cancelled
/// visits say nothing about the agent's work and score nothing. Weeks are those the visit closed in.
/// </summary>
internal sealed class FollowUpScoreSource(AppDbContext db, IStringLocalizer<SharedResource> l) : IQualityScoreSource
{
    public const string StayedSolved = "followup.stayed_solved";

    public QualityScoreKind Kind => QualityScoreKind.FollowUp;

    public async Task<IReadOnlyList<QualityItemTotal>> TotalsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        // Grouped per agent and day in the database; days fold into weeks here (week arithmetic differs per provider).
        var days = await db.Set<FollowUpTask>().AsNoTracking()
            .Where(t => t.OwnerId != null && t.ClosedAt >= fromUtc && t.ClosedAt < toUtc
                && (t.Status == FollowUpStatus.Satisfied || t.Status == FollowUpStatus.ProblemBack))
            // The service centre's day, as QualityWeek counts weeks.
            .GroupBy(t => new { t.OwnerId, Day = t.ClosedAt!.Value.AddHours(Complaints.ServiceTime.Offset.TotalHours).Date })
            .Select(g => new { g.Key.OwnerId, g.Key.Day, Reached = g.Count(), Satisfied = g.Count(t => t.Status == FollowUpStatus.Satisfied) })
            .ToListAsync(ct);
        var name = l["FollowUp.Item.StayedSolved"].Value;
        return days.GroupBy(d => (Agent: d.OwnerId!.Value, Week: QualityWeek.OfDay(DateOnly.FromDateTime(d.Day))))
            .Select(g => new QualityItemTotal(g.Key.Agent, g.Key.Week, QualityScoreKind.FollowUp, StayedSolved, name,
                g.Sum(d => d.Satisfied), g.Sum(d => d.Reached), g.Sum(d => d.Reached)))
            .OrderBy(t => t.WeekStart).ThenBy(t => t.AgentId).ToList();
    }
}
