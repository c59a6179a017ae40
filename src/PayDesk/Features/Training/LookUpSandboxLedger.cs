using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>
/// The trainee looks up the customer's transactions in the scenario's sandbox ledger — never the payment system.
/// As on a real complaint, only for a verified customer; a refused attempt stays on the transcript and costs the
/// "verified first" item.
/// </summary>
internal static class LookUpSandboxLedger
{
    public static async Task<Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, AppDbContext db, ActorAccessor actors, TimeProvider clock, IOptions<TrainingOptions> options,
        IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        (await RunAsync(id, db, actors.Current, clock, options.Value, l, ct)).ToHttp(l);

    public static async Task<TrainingResult> RunAsync(Guid id, AppDbContext db, Actor actor, TimeProvider clock, TrainingOptions options,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var session = await TrainingSessionAccess.FindAsync(db, id, actor, track: true, ct);
        if (session is null || session.TraineeId != actor.UserId) return TrainingResult.NotFound;
        if (session.State == TrainingSessionState.Ended) return TrainingResult.Ended;
        var now = clock.GetUtcNow().UtcDateTime;
        if (session.VerifiedAt is null)
        {
            TrainingSessionAccess.Append(db, session, now, TrainingEventKind.LookupRefused, l["Training.LookupRefusedLine"]);
            await db.SaveChangesAsync(ct);
            var errors = new Infrastructure.Http.ValidationErrors(l);
            errors.AddKey("verification", "Training.VerifyFirst");
            return TrainingResult.Invalid(errors);
        }
        var scenario = await db.Set<TrainingScenario>().FindAsync([session.ScenarioId], ct);
        TrainingSessionAccess.Append(db, session, now, TrainingEventKind.LedgerLookedUp, l["Training.LookedUpLine", scenario!.Script.Ledger.Count]);
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
