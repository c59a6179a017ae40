using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <summary>
/// Separation of duties in quality reviews: an agent sees only their own reviews once scored; nobody scores their own
/// work; a dispute is settled by a second reviewer, neither the first reviewer nor the agent; a calibration review
/// stays private to its reviewer until every reviewer of the session has submitted.
/// </summary>
internal static class ReviewRules
{
    public static bool CanSee(QualityReview r, Actor actor, bool calibrationComplete)
    {
        if (QualityPeople.IsReviewer(actor))
            return r.CalibrationId is null || r.ReviewerId == actor.UserId || calibrationComplete;
        return r.AgentId == actor.UserId && r.CalibrationId is null && r.Status != ReviewStatus.Assigned;
    }

    public static bool CanScore(QualityReview r, Actor actor) =>
        r.Status == ReviewStatus.Assigned && QualityPeople.IsReviewer(actor) && actor.UserId is { } me && me != r.AgentId
        && (r.ReviewerId is null || r.ReviewerId == me);

    public static bool CanAnswer(QualityReview r, Actor actor) =>
        r.Status == ReviewStatus.Submitted && r.CalibrationId is null && actor.UserId == r.AgentId;

    public static bool CanSettle(QualityReview r, Actor actor) =>
        r.Status == ReviewStatus.Disputed && QualityPeople.IsReviewer(actor) && actor.UserId is { } me && me != r.ReviewerId && me != r.AgentId;

    public static bool CanComment(QualityReview r, Actor actor) =>
        CanScore(r, actor) || CanSettle(r, actor)
        || (r.Status == ReviewStatus.Submitted && actor.UserId is { } me && me == r.ReviewerId);

    /// <summary>Why <paramref name="actor"/> may not score: the resource key, or null when they may.</summary>
    public static (QualityFailure Failure, string Key)? WhyNotScore(QualityReview r, Actor actor) =>
        r.Status != ReviewStatus.Assigned ? (QualityFailure.Conflict, "Quality.AlreadySubmitted")
        : actor.UserId == r.AgentId ? (QualityFailure.Forbidden, "Quality.OwnWork")
        : !QualityPeople.IsReviewer(actor) ? (QualityFailure.Forbidden, "Quality.NotAReviewer")
        : r.ReviewerId is { } assigned && assigned != actor.UserId ? (QualityFailure.Forbidden, "Quality.AssignedToOther")
        : null;

    public static (QualityFailure Failure, string Key)? WhyNotSettle(QualityReview r, Actor actor) =>
        r.Status != ReviewStatus.Disputed ? (QualityFailure.Conflict, "Quality.NotDisputed")
        : actor.UserId == r.ReviewerId ? (QualityFailure.Forbidden, "Quality.Settle.FirstReviewer")
        : actor.UserId == r.AgentId ? (QualityFailure.Forbidden, "Quality.Settle.OwnDispute")
        : !QualityPeople.IsReviewer(actor) ? (QualityFailure.Forbidden, "Quality.NotAReviewer")
        : null;
}
