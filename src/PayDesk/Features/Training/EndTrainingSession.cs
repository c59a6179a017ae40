using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>
/// The trainee ends the session: the clock stops, the automatic items are scored (with Quality's phrase lists), the
/// standard rubric's manual items are kept on the session for a reviewer, and the assignment it belongs to is completed.
/// </summary>
internal static class EndTrainingSession
{
    public static async Task<Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, AppDbContext db, IQualityStandards standards, ActorAccessor actors, TimeProvider clock, IOptions<TrainingOptions> options,
        IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        (await RunAsync(id, db, standards, actors.Current, clock, options.Value, ct)).ToHttp(l);

    public static async Task<TrainingResult> RunAsync(Guid id, AppDbContext db, IQualityStandards standards, Actor actor, TimeProvider clock,
        TrainingOptions options, CancellationToken ct)
    {
        var session = await TrainingSessionAccess.FindAsync(db, id, actor, track: true, ct);
        if (session is null || session.TraineeId != actor.UserId) return TrainingResult.NotFound;
        if (session.State == TrainingSessionState.Ended) return TrainingResult.Ended;
        var scenario = await db.Set<TrainingScenario>().AsNoTracking().FirstAsync(s => s.Id == session.ScenarioId, ct);
        var steps = await db.Set<TrainingEvent>().AsNoTracking().Where(e => e.SessionId == id).OrderBy(e => e.Sequence)
            .Select(e => new SessionStep(e.At, e.Kind, e.Text, e.Topic)).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var items = TrainingScoring.Score(new SessionRecord(session.StartedAt, now, session.VerifiedAt, scenario.Category, session.ChosenCategory,
            session.ProposedSolution, steps), options, await standards.PhrasesAsync(ct));
        var plan = TrainingScoring.ManualPlan(await standards.RubricAsync(ct));
        session.State = TrainingSessionState.Ended;
        session.EndedAt = now;
        session.VerificationCode = null;
        session.AutoItemsJson = JsonSerializer.Serialize(items, TrainingScenario.Json);
        session.AutoPoints = items.Sum(i => i.Points);
        session.AutoMaxPoints = items.Sum(i => i.MaxPoints);
        session.ManualItemsJson = JsonSerializer.Serialize(plan, TrainingScenario.Json);
        TrainingSessionAccess.Append(db, session, now, TrainingEventKind.Ended, "");
        if (session.AssignmentId is { } assignmentId && await db.Set<TrainingAssignment>().FindAsync([assignmentId], ct) is { CompletedAt: null } assignment)
        {
            assignment.CompletedAt = now;
            assignment.CompletedSessionId = session.Id;
        }
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
