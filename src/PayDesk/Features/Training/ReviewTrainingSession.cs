using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>The reviewer's points per manual item (empathy, accuracy, explanation) and a comment.</summary>
public sealed record TrainingReviewRequest(IReadOnlyDictionary<string, decimal>? Points, string? Comment);

/// <summary>A supervisor scores the manual items of an ended session; scoring again replaces the earlier review.</summary>
internal static class ReviewTrainingSession
{
    public static async Task<Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, TrainingReviewRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IOptions<TrainingOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        (await RunAsync(id, request, db, actors.Current, clock, options.Value, l, ct)).ToHttp(l);

    public static async Task<TrainingResult> RunAsync(Guid id, TrainingReviewRequest request, AppDbContext db, Actor actor, TimeProvider clock,
        TrainingOptions options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var points = request.Points ?? new Dictionary<string, decimal>();
        var items = new List<TrainingScoreItem>();
        foreach (var (key, max) in TrainingScoring.ManualItems)
        {
            if (!points.TryGetValue(key, out var p)) errors.AddKey("points." + key, "Validation.Required");
            else if (p < 0 || p > max) errors.AddKey("points." + key, "Training.PointsRange", 0, max);
            else items.Add(new TrainingScoreItem(key, p, max, Automatic: false));
        }
        foreach (var key in points.Keys.Where(k => TrainingScoring.ManualItems.All(i => i.Key != k))) errors.AddKey("points." + key, "Training.UnknownItem");
        errors.MaxLength("comment", request.Comment, 2000);
        if (errors.Any) return TrainingResult.Invalid(errors);
        var session = await TrainingSessionAccess.FindAsync(db, id, actor, track: true, ct);
        if (session is null || !actor.Roles.Overlaps(Roles.Privileged)) return TrainingResult.NotFound;
        if (session.State != TrainingSessionState.Ended)
        {
            errors.AddKey("session", "Training.NotEndedYet");
            return TrainingResult.Invalid(errors);
        }
        session.ManualItemsJson = JsonSerializer.Serialize(items, TrainingScenario.Json);
        session.ManualPoints = items.Sum(i => i.Points);
        session.ReviewedBy = actor.Name;
        session.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        session.ReviewComment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
