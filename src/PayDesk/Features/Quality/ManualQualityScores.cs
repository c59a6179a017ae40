using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

/// <summary>
/// The reviewers' scores for the scorecards: per agent, week and item, the points of every final review (submitted
/// and not disputed, acknowledged, or settled — a settled review counts with the settled scores). A review waiting
/// for a dispute's settlement does not count until it is settled; calibration reviews never count.
/// </summary>
internal sealed class ManualQualityScores(AppDbContext db) : IQualityScoreSource
{
    public QualityScoreKind Kind => QualityScoreKind.Manual;

    public async Task<IReadOnlyList<QualityItemTotal>> TotalsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var final = QualityReview.Final;
        var rows = await (from r in db.Set<QualityReview>()
                          where r.CalibrationId == null && final.Contains(r.Status) && r.WorkAt >= fromUtc && r.WorkAt < toUtc
                          join s in db.Set<QualityReviewScore>() on r.Id equals s.ReviewId
                          group s by new { r.AgentId, r.WeekStart, s.ItemKey, s.ItemName, s.ItemNameEn } into g
                          select new { g.Key.AgentId, g.Key.WeekStart, g.Key.ItemKey, g.Key.ItemName, g.Key.ItemNameEn,
                              Points = g.Sum(x => x.Points), Max = g.Sum(x => x.MaxShare), Count = g.Count() }).ToListAsync(ct);
        var english = !CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        // An item renamed between rubric versions is one item (same key): the newest-looking name is as good as any, so take the first.
        return rows.GroupBy(r => (r.AgentId, r.WeekStart, r.ItemKey))
            .Select(g => new QualityItemTotal(g.Key.AgentId, g.Key.WeekStart, QualityScoreKind.Manual, g.Key.ItemKey,
                english ? g.First().ItemNameEn ?? g.First().ItemName : g.First().ItemName,
                g.Sum(x => x.Points), g.Sum(x => x.Max), g.Sum(x => x.Count)))
            .OrderBy(t => t.AgentId).ThenBy(t => t.WeekStart).ThenBy(t => t.ItemKey, StringComparer.Ordinal).ToList();
    }
}
