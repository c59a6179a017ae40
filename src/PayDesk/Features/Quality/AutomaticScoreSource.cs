using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

/// <summary>The automatic review's points for the scorecards (自动评分), summed per agent, week and item in the database.</summary>
internal sealed class AutomaticScoreSource(AppDbContext db, IStringLocalizer<SharedResource> l) : IQualityScoreSource
{
    public QualityScoreKind Kind => QualityScoreKind.Automatic;

    public async Task<IReadOnlyList<QualityItemTotal>> TotalsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var rows = await (
            from i in db.Set<AutomaticReviewItem>()
            join r in db.Set<AutomaticReview>() on i.ReviewId equals r.Id
            where r.AgentId != null && r.ReviewedAt != null && r.WorkAt >= fromUtc && r.WorkAt < toUtc
            group i by new { AgentId = r.AgentId!.Value, r.WeekStart, i.ItemKey } into g
            select new { g.Key.AgentId, g.Key.WeekStart, g.Key.ItemKey, Points = g.Sum(x => x.Points), Max = g.Sum(x => x.MaxPoints), Count = g.Count() })
            .ToListAsync(ct);
        return rows.Select(r => new QualityItemTotal(r.AgentId, r.WeekStart, Kind, r.ItemKey, ItemName(l, r.ItemKey),
            Math.Round((decimal)r.Points, 2), Math.Round((decimal)r.Max, 2), r.Count)).ToList();
    }

    public static string ItemName(IStringLocalizer<SharedResource> l, string key) =>
        l[$"Quality.Auto.Item.{key}"] is { ResourceNotFound: false } name ? name.Value : key;
}

/// <summary>One automatic review as sampling and the complaint page see it.</summary>
public sealed record AutomaticReviewSummary(
    ReviewSubject Subject, Guid SubjectId, string Reference, Guid? AgentId, string? Team, DateTime WorkAt, double Score,
    IReadOnlyList<AutomaticItemScore> Items);

/// <summary>What other parts of PayDesk (sampling for manual reviews, the complaint page) read of the automatic review.</summary>
public interface IAutomaticReviewResults
{
    /// <summary>
    /// The <paramref name="count"/> lowest-scoring complaints and chats finished in [<paramref name="fromUtc"/>,
    /// <paramref name="toUtc"/>), optionally of one agent, lowest first (ties: earliest first).
    /// </summary>
    Task<IReadOnlyList<AutomaticReviewSummary>> LowestScoringAsync(DateTime fromUtc, DateTime toUtc, Guid? agentId, int count, CancellationToken ct);

    /// <summary>The current automatic review of one complaint or chat; null when it has not been reviewed (yet).</summary>
    Task<AutomaticReviewSummary?> ForAsync(ReviewSubject subject, Guid subjectId, CancellationToken ct);
}

internal sealed class AutomaticReviewResults(AppDbContext db) : IAutomaticReviewResults
{
    public const int MaxCount = 500;

    public async Task<IReadOnlyList<AutomaticReviewSummary>> LowestScoringAsync(DateTime fromUtc, DateTime toUtc, Guid? agentId, int count, CancellationToken ct)
    {
        var q = db.Set<AutomaticReview>().AsNoTracking().Where(r => r.ReviewedAt != null && r.Score != null && r.WorkAt >= fromUtc && r.WorkAt < toUtc);
        if (agentId is { } agent) q = q.Where(r => r.AgentId == agent);
        var rows = await q.OrderBy(r => r.Score).ThenBy(r => r.WorkAt).Take(Math.Clamp(count, 0, MaxCount)).Include(r => r.Items).ToListAsync(ct);
        return rows.Select(Summary).ToList();
    }

    public async Task<AutomaticReviewSummary?> ForAsync(ReviewSubject subject, Guid subjectId, CancellationToken ct)
    {
        var row = await db.Set<AutomaticReview>().AsNoTracking().Include(r => r.Items)
            .FirstOrDefaultAsync(r => r.Subject == subject && r.SubjectId == subjectId && r.ReviewedAt != null, ct);
        return row is null ? null : Summary(row);
    }

    private static AutomaticReviewSummary Summary(AutomaticReview r) => new(r.Subject, r.SubjectId, r.Reference, r.AgentId, r.Team, r.WorkAt, r.Score ?? 0,
        r.Items.OrderBy(i => AutomaticReviewRules.Items.All.ToList().IndexOf(i.ItemKey))
            .Select(i => new AutomaticItemScore(i.ItemKey, (decimal)i.Points, (decimal)i.MaxPoints, i.Detail)).ToList());
}
