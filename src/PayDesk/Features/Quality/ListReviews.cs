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

/// <summary>Lists of reviews for the queue, the disputes and "my reviews"; agents get only their own.</summary>
internal static class ListReviews
{
    public static async Task<QualityOutcome<Paged<ReviewSummary>>> RunAsync(AppDbContext db, Actor actor, ReviewScope scope, PageRequest paging, CancellationToken ct)
    {
        if (scope != ReviewScope.Mine && !QualityPeople.IsReviewer(actor))
            return QualityOutcome<Paged<ReviewSummary>>.Fail(QualityFailure.Forbidden, "scope", "Quality.NotAReviewer");
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
        var total = await reviews.CountAsync(ct);
        var ordered = scope == ReviewScope.Queue ? reviews.OrderBy(r => r.AssignedAt).ThenBy(r => r.Id) : reviews.OrderByDescending(r => r.AssignedAt).ThenBy(r => r.Id);
        var page = await ordered.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return QualityOutcome<Paged<ReviewSummary>>.Of(new Paged<ReviewSummary>(page.Select(AssignReview.Summary).ToList(), paging.Page, paging.PageSize, total));
    }
}
