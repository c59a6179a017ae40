using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <summary>
/// A reviewer takes an unassigned review (a sample pick nobody was dealt, or one left in the shared queue). Two
/// reviewers claiming it at the same moment must not both score it: the claim is one conditional update ("set the
/// reviewer where there is none yet"), so exactly one of them changes the row and the other is told it is taken.
/// </summary>
internal static class ClaimReview
{
    public static async Task<QualityOutcome<ReviewSummary>> RunAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, CancellationToken ct)
    {
        var review = await db.Set<QualityReview>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || !ReviewRules.CanSee(review, actor, calibrationComplete: false))
            return QualityOutcome<ReviewSummary>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        if (review.ReviewerId == actor.UserId && review.Status == ReviewStatus.Assigned) return QualityOutcome<ReviewSummary>.Of(AssignReview.Summary(review));
        // Someone else got it first (before this request even read it): the same answer as losing the race below.
        if (review.ReviewerId is not null && review.Status == ReviewStatus.Assigned && QualityPeople.IsReviewer(actor) && actor.UserId != review.AgentId)
            return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Conflict, null, "Quality.Claim.Taken");
        if (ReviewRules.WhyNotScore(review, actor) is { } no) return QualityOutcome<ReviewSummary>.Fail(no.Failure, null, no.Key);

        var now = clock.GetUtcNow().UtcDateTime;
        // The claim and its audit entry are one write: a claim is never left unaudited, an audit entry never names a lost claim.
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            if (!await TryTakeAsync(db, actor, id, ct))
                return QualityOutcome<ReviewSummary>.Fail(QualityFailure.Conflict, null, "Quality.Claim.Taken");
            db.AuditEntries.Add(AuditEntry.Of(actor, SubmitReview.AuditEntity, id, "claimed", new JsonObject
            {
                ["number"] = review.TicketNumber, ["agent"] = review.AgentName,
            }, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var claimed = await db.Set<QualityReview>().AsNoTracking().FirstAsync(r => r.Id == id, ct);
        return QualityOutcome<ReviewSummary>.Of(AssignReview.Summary(claimed));
    }

    /// <summary>
    /// The conditional update itself: true when this call set the actor as the reviewer of a still unassigned, unscored
    /// review; false when someone else got there first (or it was scored meanwhile).
    /// </summary>
    internal static async Task<bool> TryTakeAsync(AppDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var me = actor.UserId ?? throw new InvalidOperationException("Only a signed-in reviewer claims a review.");
        var name = actor.Name;
        if (db.Database.CurrentTransaction is not null) return await UpdateAsync();
        // Outside a transaction the update still queues behind SQLite's single in-process writer like every save.
        await using var tx = await db.BeginWriteAsync(ct);
        var taken = await UpdateAsync();
        await tx.CommitAsync(ct);
        return taken;

        async Task<bool> UpdateAsync() => await db.Set<QualityReview>()
            .Where(r => r.Id == id && r.ReviewerId == null && r.Status == ReviewStatus.Assigned)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReviewerId, me).SetProperty(r => r.ReviewerName, name), ct) == 1;
    }
}
