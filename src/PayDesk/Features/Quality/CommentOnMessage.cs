using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

public sealed record CommentInput(string? MessageRef, string? Body);

/// <summary>A reviewer (or the one settling a dispute) remarks on one message of the complaint's history.</summary>
internal static class CommentOnMessage
{
    public static async Task<QualityOutcome<CommentView>> RunAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, CommentInput input, CancellationToken ct)
    {
        var review = await db.Set<QualityReview>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || !ReviewRules.CanSee(review, actor, await GetReview.CalibrationCompleteAsync(db, review, ct)))
            return QualityOutcome<CommentView>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        if (!ReviewRules.CanComment(review, actor))
            return QualityOutcome<CommentView>.Fail(actor.UserId == review.AgentId ? QualityFailure.Forbidden : QualityFailure.Conflict, null, "Quality.Comment.NotNow");
        if (string.IsNullOrWhiteSpace(input.MessageRef)) return QualityOutcome<CommentView>.Fail(QualityFailure.Invalid, "messageRef", "Validation.Required");
        if (string.IsNullOrWhiteSpace(input.Body)) return QualityOutcome<CommentView>.Fail(QualityFailure.Invalid, "body", "Validation.Required");
        if (input.Body.Length > 2000) return QualityOutcome<CommentView>.Fail(QualityFailure.Invalid, "body", "Quality.TooLong", 2000);
        var history = await InteractionHistory.LoadAsync(db, review.TicketId, ct);
        var reference = input.MessageRef.Trim();
        if (history.All(h => h.Ref != reference)) return QualityOutcome<CommentView>.Fail(QualityFailure.Invalid, "messageRef", "Quality.Comment.NoSuchMessage");
        var comment = new QualityComment
        {
            ReviewId = review.Id, MessageRef = reference, Body = Infrastructure.Security.PersonalNumbers.MaskText(input.Body.Trim())!, AuthorId = actor.UserId, AuthorName = actor.Name, At = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<QualityComment>().Add(comment);
        await db.SaveChangesAsync(ct);
        return QualityOutcome<CommentView>.Of(new CommentView(comment.Id, comment.MessageRef, comment.Body, comment.AuthorName, comment.At));
    }
}
