using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <param name="Outcome">Upheld keeps the first reviewer's scores; Changed applies <paramref name="Scores"/> (the items named).</param>
public sealed record SettleInput(SettlementOutcome? Outcome, List<ScoreInput>? Scores, string? Note);

/// <summary>
/// A second reviewer — never the first reviewer, never the agent — settles a dispute: upholds the review or changes
/// item scores. The settled total is the review's final score; the first reviewer's stays on record beside it.
/// </summary>
internal static class SettleDispute
{
    public static async Task<QualityOutcome<ReviewDetail>> RunAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, SettleInput input, CancellationToken ct)
    {
        var review = await db.Set<QualityReview>().Include(r => r.Scores).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || !ReviewRules.CanSee(review, actor, calibrationComplete: false))
            return QualityOutcome<ReviewDetail>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        if (ReviewRules.WhyNotSettle(review, actor) is { } no) return QualityOutcome<ReviewDetail>.Fail(no.Failure, null, no.Key);
        if (input.Outcome is not { } outcome || !Enum.IsDefined(outcome)) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Invalid, "outcome", "Quality.Settle.BadOutcome");
        if (string.IsNullOrWhiteSpace(input.Note)) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Invalid, "note", "Validation.Required");
        if (input.Note.Length > 2000) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Invalid, "note", "Quality.TooLong", 2000);
        if (outcome == SettlementOutcome.Changed)
        {
            if (input.Scores is not { Count: > 0 }) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Invalid, "scores", "Quality.Settle.NoChange");
            if (SubmitReview.Apply(review.Scores, input.Scores, requireAll: false) is { } invalid) return invalid.As<ReviewDetail>();
            SubmitReview.Total(review);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = review.SubmittedTotal;
        review.Status = ReviewStatus.Settled;
        review.Outcome = outcome;
        review.SettlerId = actor.UserId;
        review.SettlerName = actor.Name;
        review.SettledAt = now;
        review.SettlementNote = Infrastructure.Security.PersonalNumbers.MaskText(input.Note.Trim());
        db.AuditEntries.Add(AuditEntry.Of(actor, SubmitReview.AuditEntity, review.Id, "settled", new JsonObject
        {
            ["number"] = review.TicketNumber, ["outcome"] = outcome.ToString(), ["from"] = before, ["to"] = review.Total, ["reason"] = review.SettlementNote,
        }, now));
        await db.SaveChangesAsync(ct);
        return await GetReview.RunAsync(db, actor, id, ct);
    }
}
