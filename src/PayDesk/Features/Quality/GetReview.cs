using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

public sealed record ScoreView(string ItemKey, string ItemName, string? ItemNameEn, decimal Weight, ItemScale Scale, int MaxPoints, bool Fatal,
    int? Value, int? SubmittedValue, string? Note, decimal Points, decimal MaxShare);

public sealed record CommentView(Guid Id, string MessageRef, string Body, string AuthorName, DateTime At);

public sealed record ReviewDetail(ReviewSummary Review, Guid TicketId, string? Summary, decimal? SubmittedTotal, DateTime? AnsweredAt, string? DisputeReason,
    string? SettlerName, DateTime? SettledAt, SettlementOutcome? Outcome, string? SettlementNote,
    IReadOnlyList<ScoreView> Scores, IReadOnlyList<CommentView> Comments, IReadOnlyList<HistoryItem> History,
    bool CanScore, bool CanComment, bool CanAnswer, bool CanSettle);

/// <summary>The review workspace: the complaint's whole history beside the rubric's items, scores and the reviewers' comments.</summary>
internal static class GetReview
{
    public static async Task<QualityOutcome<ReviewDetail>> RunAsync(AppDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var review = await db.Set<QualityReview>().AsNoTracking().Include(r => r.Scores).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || !ReviewRules.CanSee(review, actor, await CalibrationCompleteAsync(db, review, ct)))
            return QualityOutcome<ReviewDetail>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        var comments = await db.Set<QualityComment>().AsNoTracking().Where(c => c.ReviewId == id).OrderBy(c => c.At)
            .Select(c => new CommentView(c.Id, c.MessageRef, c.Body, c.AuthorName, c.At)).ToListAsync(ct);
        var history = await InteractionHistory.LoadAsync(db, review.TicketId, ct);
        return QualityOutcome<ReviewDetail>.Of(Detail(review, actor, comments, history));
    }

    internal static ReviewDetail Detail(QualityReview r, Actor actor, IReadOnlyList<CommentView> comments, IReadOnlyList<HistoryItem> history) => new(
        AssignReview.Summary(r), r.TicketId, r.Summary, r.SubmittedTotal, r.AnsweredAt, r.DisputeReason, r.SettlerName, r.SettledAt, r.Outcome, r.SettlementNote,
        r.Scores.OrderBy(s => s.Order).Select(s => new ScoreView(s.ItemKey, s.ItemName, s.ItemNameEn, s.Weight, s.Scale, s.MaxPoints, s.Fatal,
            s.Value, s.SubmittedValue, s.Note, s.Points, s.MaxShare)).ToList(),
        comments, history, ReviewRules.CanScore(r, actor), ReviewRules.CanComment(r, actor), ReviewRules.CanAnswer(r, actor), ReviewRules.CanSettle(r, actor));

    internal static async Task<bool> CalibrationCompleteAsync(AppDbContext db, QualityReview review, CancellationToken ct) =>
        review.CalibrationId is { } calibration
        && !await db.Set<QualityReview>().AnyAsync(r => r.CalibrationId == calibration && r.Status == ReviewStatus.Assigned, ct);
}
