using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

public sealed record StartSessionRequest(Guid? ScenarioId);

/// <summary>A trainee starts a scenario: the clock starts and the customer opens with their first message. An open assignment of that scenario is linked.</summary>
internal static class StartTrainingSession
{
    public static async Task<Results<Created<TrainingSessionView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        StartSessionRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IOptions<TrainingOptions> options,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var result = await RunAsync(request.ScenarioId, db, actors.Current, clock, options.Value, l, ct);
        return result.Failure switch
        {
            TrainingFailure.None => TypedResults.Created($"/api/v1/training/sessions/{result.View!.Id}", result.View),
            TrainingFailure.Invalid => result.Errors!.ToProblem(),
            _ => TypedResults.Problem(title: result.ErrorText(l), statusCode: StatusCodes.Status409Conflict),
        };
    }

    public static async Task<TrainingResult> RunAsync(Guid? scenarioId, AppDbContext db, Actor actor, TimeProvider clock, TrainingOptions options,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var scenario = scenarioId is { } id ? await db.Set<TrainingScenario>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Active, ct) : null;
        if (scenario is null || actor.UserId is null)
        {
            errors.AddKey("scenarioId", scenarioId is null ? "Validation.Required" : "Training.UnknownScenario");
            return TrainingResult.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var assignment = await db.Set<TrainingAssignment>().Where(a => a.AgentId == actor.UserId && a.ScenarioId == scenario.Id && a.CompletedAt == null)
            .OrderBy(a => a.DueOn).FirstOrDefaultAsync(ct);
        var session = new TrainingSession
        {
            ScenarioId = scenario.Id,
            TraineeId = actor.UserId.Value,
            TraineeName = actor.Name,
            AssignmentId = assignment?.Id,
            StartedAt = now,
            State = TrainingSessionState.Running,
        };
        db.Set<TrainingSession>().Add(session);
        var english = CustomerLanguage.IsEnglishUi(System.Globalization.CultureInfo.CurrentUICulture);
        TrainingSessionAccess.Append(db, session, now, TrainingEventKind.CustomerMessage, new SimulatedCustomer(scenario, scenario.Script).Opening(english));
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
