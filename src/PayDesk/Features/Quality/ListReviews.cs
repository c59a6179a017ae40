using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

public enum ReviewScope
{
    /// <summary>The signed-in agent's own reviews, once scored (calibration reviews never show here).</summary>
    Mine,

    /// <summary>A reviewer's queue: reviews assigned to them or to nobody, not scored yet.</summary>
    Queue,

    /// <summary>Disputes the signed-in reviewer may settle (not their own reviews, not their own work).</summary>
    Disputes,

    /// <summary>Every review outside calibrations, newest first.</summary>
    All,
}

/// <summary>Narrows a list of reviews besides its scope: one status, one agent.</summary>
public sealed record ReviewFilter(ReviewStatus? Status = null, Guid? AgentId = null);

/// <summary>
/// One line of the reviews export: the complaint, the agent, the reviewer, the score and where the review stands
/// (disputed, settled by whom with what outcome), with its dates in UTC.
/// </summary>
public sealed record ReviewCsvRow(string Complaint, string Agent, string? Reviewer, string Rubric, int RubricVersion, SampleReason Reason,
    ReviewStatus Status, decimal? Total, bool FatalFailed, decimal? SubmittedTotal, bool Disputed, string? DisputeReason, SettlementOutcome? Settlement,
    string? Settler, DateOnly Week, DateTime AssignedAt, DateTime? SubmittedAt, DateTime? AnsweredAt, DateTime? SettledAt);

/// <summary>Lists of reviews for the queue, the disputes and "my reviews"; agents get only their own.</summary>
internal static class ListReviews
{
    public static async Task<QualityOutcome<Paged<ReviewSummary>>> RunAsync(AppDbContext db, Actor actor, ReviewScope scope, PageRequest paging, CancellationToken ct,
        ReviewFilter? filter = null)
    {
        var query = Query(db, actor, scope, filter);
        if (!query.Ok) return query.As<Paged<ReviewSummary>>();
        var reviews = query.Value!;
        var total = await reviews.CountAsync(ct);
        var page = await Ordered(reviews, scope).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return QualityOutcome<Paged<ReviewSummary>>.Of(new Paged<ReviewSummary>(page.Select(AssignReview.Summary).ToList(), paging.Page, paging.PageSize, total));
    }

    /// <summary>
    /// Every review the list would show, in the list's order, read from the database as the CSV is written (a year of
    /// reviews never sits in memory). The caller checks <see cref="Query"/> first, so refusals are answered before streaming.
    /// </summary>
    public static async IAsyncEnumerable<ReviewCsvRow> RowsAsync(IQueryable<QualityReview> reviews, ReviewScope scope, [EnumeratorCancellation] CancellationToken ct)
    {
        var rows = Ordered(reviews, scope).Select(r => new ReviewCsvRow(r.TicketNumber, r.AgentName, r.ReviewerName, r.RubricName, r.RubricVersion, r.Reason,
            r.Status, r.Total, r.FatalFailed, r.SubmittedTotal, r.DisputeReason != null, r.DisputeReason, r.Outcome, r.SettlerName, r.WeekStart,
            r.AssignedAt, r.SubmittedAt, r.AnsweredAt, r.SettledAt));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row with
            {
                AssignedAt = DateTime.SpecifyKind(row.AssignedAt, DateTimeKind.Utc),
                SubmittedAt = Utc(row.SubmittedAt), AnsweredAt = Utc(row.AnsweredAt), SettledAt = Utc(row.SettledAt),
            };
        }

        static DateTime? Utc(DateTime? at) => at is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null;
    }

    /// <summary>The reviews of a scope the actor may list, filtered; refused for a non-reviewer asking beyond their own.</summary>
    public static QualityOutcome<IQueryable<QualityReview>> Query(AppDbContext db, Actor actor, ReviewScope scope, ReviewFilter? filter)
    {
        if (scope != ReviewScope.Mine && !QualityPeople.IsReviewer(actor))
            return QualityOutcome<IQueryable<QualityReview>>.Fail(QualityFailure.Forbidden, "scope", "Quality.NotAReviewer");
        var me = actor.UserId ?? Guid.Empty;
        var reviews = db.Set<QualityReview>().AsNoTracking();
        reviews = scope switch
        {
            ReviewScope.Mine => reviews.Where(r => r.AgentId == me && r.CalibrationId == null && r.Status != ReviewStatus.Assigned),
            ReviewScope.Queue => reviews.Where(r => r.Status == ReviewStatus.Assigned && r.AgentId != me && (r.ReviewerId == me || r.ReviewerId == null)),
            ReviewScope.Disputes => reviews.Where(r => r.Status == ReviewStatus.Disputed && r.ReviewerId != me && r.AgentId != me),
            ReviewScope.All => reviews.Where(r => r.CalibrationId == null),
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
        if (filter?.Status is { } status) reviews = reviews.Where(r => r.Status == status);
        if (filter?.AgentId is { } agent) reviews = reviews.Where(r => r.AgentId == agent);
        return QualityOutcome<IQueryable<QualityReview>>.Of(reviews);
    }

    private static IOrderedQueryable<QualityReview> Ordered(IQueryable<QualityReview> reviews, ReviewScope scope) =>
        scope == ReviewScope.Queue ? reviews.OrderBy(r => r.AssignedAt).ThenBy(r => r.Id) : reviews.OrderByDescending(r => r.AssignedAt).ThenBy(r => r.Id);
}
