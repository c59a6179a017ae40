using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>
/// The reviewer's value for each of the rubric's manual items, on the rubric's scale (pass 2 / partial 1 / fail 0, or
/// 0–n points), keyed by the rubric item's key, and a comment.
/// </summary>
public sealed record TrainingReviewRequest(IReadOnlyDictionary<string, decimal>? Points, string? Comment);

/// <summary>
/// A supervisor opens an ended session and scores the standard rubric's items that cannot be measured automatically
/// (accuracy, empathy, next steps …); the session's score is the automatic items plus these. Scoring again replaces
/// the earlier review.
/// </summary>
internal static class ReviewTrainingSession
{
    public static async Task<Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, TrainingReviewRequest request, AppDbContext db, IQualityStandards standards, ActorAccessor actors, TimeProvider clock,
        IOptions<TrainingOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        (await RunAsync(id, request, db, standards, actors.Current, clock, options.Value, l, ct)).ToHttp(l);

    public static async Task<TrainingResult> RunAsync(Guid id, TrainingReviewRequest request, AppDbContext db, IQualityStandards standards, Actor actor,
        TimeProvider clock, TrainingOptions options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var session = await TrainingSessionAccess.FindAsync(db, id, actor, track: true, ct);
        if (session is null || !actor.Roles.Overlaps(Roles.Privileged)) return TrainingResult.NotFound;
        var errors = new ValidationErrors(l);
        if (session.State != TrainingSessionState.Ended)
        {
            errors.AddKey("session", "Training.NotEndedYet");
            return TrainingResult.Invalid(errors);
        }
        if (session.TraineeId == actor.UserId)
        {
            errors.AddKey("session", "Training.OwnSession");
            return TrainingResult.Invalid(errors);
        }
        // A session ended before the rubric's items were kept on it is reviewed against the rubric as it is now.
        var plan = session.ManualItems.Count > 0 ? session.ManualItems : TrainingScoring.ManualPlan(await standards.RubricAsync(ct));
        var points = request.Points ?? new Dictionary<string, decimal>();
        var items = new List<TrainingScoreItem>();
        foreach (var item in plan)
        {
            var max = item.MaxValue ?? 0;
            if (!points.TryGetValue(item.Key, out var p)) errors.AddKey("points." + item.Key, "Validation.Required");
            else if (p < 0 || p > max || p != decimal.Truncate(p)) errors.AddKey("points." + item.Key, "Training.PointsRange", 0, max);
            else items.Add(TrainingScoring.Scored(item, (int)p));
        }
        foreach (var key in points.Keys.Where(k => plan.All(i => i.Key != k))) errors.AddKey("points." + key, "Training.UnknownItem");
        errors.MaxLength("comment", request.Comment, 2000);
        if (errors.Any) return TrainingResult.Invalid(errors);
        session.ManualItemsJson = JsonSerializer.Serialize(items, TrainingScenario.Json);
        session.ManualPoints = items.Sum(i => i.Points);
        session.ReviewedBy = actor.Name;
        session.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        session.ReviewComment = string.IsNullOrWhiteSpace(request.Comment) ? null : PersonalNumbers.MaskText(request.Comment.Trim());
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
