using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <param name="Value">Pass/partial/fail as 2/1/0; a points item 0 to its maximum.</param>
public sealed record ScoreInput(string? ItemKey, int? Value, string? Note);

public sealed record SubmitInput(List<ScoreInput>? Scores, string? Summary);

/// <summary>
/// A reviewer scores every item and submits: the total is computed from the items as the review copied them
/// (weights, fatal items), the review goes to the agent (or, in a calibration, waits for the other reviewers), and
/// the audit log records who scored what.
/// </summary>
internal static class SubmitReview
{
    public const string AuditEntity = "QualityReview";

    public static async Task<QualityOutcome<ReviewDetail>> RunAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, SubmitInput input, CancellationToken ct)
    {
        var review = await db.Set<QualityReview>().Include(r => r.Scores).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || !ReviewRules.CanSee(review, actor, await GetReview.CalibrationCompleteAsync(db, review, ct)))
            return QualityOutcome<ReviewDetail>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        if (ReviewRules.WhyNotScore(review, actor) is { } no) return QualityOutcome<ReviewDetail>.Fail(no.Failure, null, no.Key);
        if (input.Summary is { Length: > 2000 }) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Invalid, "summary", "Quality.TooLong", 2000);
        var applied = Apply(review.Scores, input.Scores, requireAll: true);
        if (applied is { } invalid) return invalid.As<ReviewDetail>();
        Total(review);

        var now = clock.GetUtcNow().UtcDateTime;
        // Scoring an unassigned review claims it first, so two reviewers submitting it at once cannot both win.
        if (review.ReviewerId is null && !await ClaimReview.TryTakeAsync(db, actor, review.Id, ct))
            return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Conflict, null, "Quality.Claim.Taken");
        review.ReviewerId = actor.UserId;
        review.ReviewerName = actor.Name;
        review.Status = ReviewStatus.Submitted;
        review.SubmittedAt = now;
        review.SubmittedTotal = review.Total;
        foreach (var s in review.Scores) s.SubmittedValue = s.Value;
        review.Summary = string.IsNullOrWhiteSpace(input.Summary) ? null : Infrastructure.Security.PersonalNumbers.MaskText(input.Summary.Trim());
        db.AuditEntries.Add(AuditEntry.Of(actor, AuditEntity, review.Id, "submitted", new JsonObject
        {
            ["number"] = review.TicketNumber, ["agent"] = review.AgentName, ["total"] = review.Total, ["fatal"] = review.FatalFailed,
            ["calibration"] = review.CalibrationId is not null,
        }, now));
        await db.SaveChangesAsync(ct);
        return await GetReview.RunAsync(db, actor, id, ct);
    }

    /// <summary>
    /// Puts the given values on the review's items and recomputes every item's points and the total. With
    /// <paramref name="requireAll"/> each item needs a value; otherwise items not named keep theirs (a settlement).
    /// </summary>
    internal static QualityOutcome<bool>? Apply(List<QualityReviewScore> scores, List<ScoreInput>? input, bool requireAll)
    {
        static QualityOutcome<bool> Bad(string field, string key, params object[] args) => QualityOutcome<bool>.Fail(QualityFailure.Invalid, field, key, args);
        var given = new Dictionary<string, ScoreInput>(StringComparer.Ordinal);
        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var s = input![i];
            if (s is null) return Bad($"scores[{i}]", "Validation.Required");
            var score = scores.FirstOrDefault(x => x.ItemKey == s.ItemKey);
            if (score is null) return Bad($"scores[{i}].itemKey", "Quality.Review.UnknownItem", s.ItemKey ?? "");
            if (!given.TryAdd(score.ItemKey, s)) return Bad($"scores[{i}].itemKey", "Quality.Review.DuplicateItem", score.ItemKey);
            if (s.Value is not { } v || !QualityScoring.IsValidValue(Rule(score), v)) return Bad($"scores[{i}].value", "Quality.Review.BadValue", score.ItemName, Rule(score).Max);
            if (s.Note is { Length: > 1000 }) return Bad($"scores[{i}].note", "Quality.TooLong", 1000);
        }
        if (requireAll && scores.FirstOrDefault(s => !given.ContainsKey(s.ItemKey)) is { } missing)
            return Bad("scores", "Quality.Review.Unscored", missing.ItemName);

        foreach (var score in scores)
        {
            if (!given.TryGetValue(score.ItemKey, out var s)) continue;
            score.Value = s.Value;
            if (requireAll || s.Note is not null) score.Note = string.IsNullOrWhiteSpace(s.Note) ? null : Infrastructure.Security.PersonalNumbers.MaskText(s.Note.Trim());
        }
        return null;
    }

    /// <summary>Recomputes the items' points and the review's total from the values now on it.</summary>
    internal static void Total(QualityReview review)
    {
        var ordered = review.Scores.OrderBy(s => s.Order).ToList();
        var result = QualityScoring.Score(ordered.Select(Rule).ToList(), ordered.Select(s => s.Value ?? 0).ToList());
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Points = result.Items[i].Points;
            ordered[i].MaxShare = result.Items[i].MaxShare;
        }
        review.Total = result.Total;
        review.FatalFailed = result.FatalFailed;
    }

    internal static QualityScoring.Item Rule(QualityReviewScore s) => new(s.Weight, s.Scale, s.MaxPoints, s.Fatal);
}
