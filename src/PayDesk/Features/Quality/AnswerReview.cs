using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

public sealed record DisputeInput(string? Reason);

/// <summary>The agent answers their review: acknowledges it (确认), or disputes it (申诉) with a reason for a second reviewer.</summary>
internal static class AnswerReview
{
    public static Task<QualityOutcome<ReviewDetail>> AcknowledgeAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, CancellationToken ct) =>
        AnswerAsync(db, actor, clock, id, dispute: null, ct);

    public static Task<QualityOutcome<ReviewDetail>> DisputeAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, DisputeInput input, CancellationToken ct) =>
        AnswerAsync(db, actor, clock, id, input, ct);

    private static async Task<QualityOutcome<ReviewDetail>> AnswerAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, DisputeInput? dispute, CancellationToken ct)
    {
        var review = await db.Set<QualityReview>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || !ReviewRules.CanSee(review, actor, calibrationComplete: false))
            return QualityOutcome<ReviewDetail>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        if (review.AgentId != actor.UserId || review.CalibrationId is not null)
            return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Forbidden, null, "Quality.Answer.NotYours");
        if (review.Status != ReviewStatus.Submitted) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Conflict, null, "Quality.Answer.AlreadyAnswered");
        if (dispute is not null)
        {
            if (string.IsNullOrWhiteSpace(dispute.Reason)) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Invalid, "reason", "Validation.Required");
            if (dispute.Reason.Length > 2000) return QualityOutcome<ReviewDetail>.Fail(QualityFailure.Invalid, "reason", "Quality.TooLong", 2000);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        review.AnsweredAt = now;
        if (dispute is null)
        {
            review.Status = ReviewStatus.Acknowledged;
        }
        else
        {
            review.Status = ReviewStatus.Disputed;
            review.DisputeReason = Infrastructure.Security.PersonalNumbers.MaskText(dispute.Reason!.Trim());
            db.AuditEntries.Add(AuditEntry.Of(actor, SubmitReview.AuditEntity, review.Id, "disputed", new JsonObject
            {
                ["number"] = review.TicketNumber, ["total"] = review.Total, ["reason"] = review.DisputeReason,
            }, now));
        }
        await db.SaveChangesAsync(ct);
        return await GetReview.RunAsync(db, actor, id, ct);
    }
}
