using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>Without a code: send one (sandbox) to the customer's bound phone. With one: check what the customer read out.</summary>
public sealed record TrainingVerifyRequest(string? Code);

/// <summary>
/// Identity verification in the sandbox, shaped like the real SMS-code check: the code "goes" to the simulated customer
/// (nothing is sent — no outbox row), the trainee asks for it and types it in. Three wrong codes void it.
/// </summary>
internal static class VerifyTraineeCustomer
{
    public const int MaxAttempts = 3;

    public static async Task<Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, TrainingVerifyRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IOptions<TrainingOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        (await RunAsync(id, request.Code, db, actors.Current, clock, options.Value, l, ct)).ToHttp(l);

    public static async Task<TrainingResult> RunAsync(Guid id, string? code, AppDbContext db, Actor actor, TimeProvider clock,
        TrainingOptions options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var session = await TrainingSessionAccess.FindAsync(db, id, actor, track: true, ct);
        if (session is null || session.TraineeId != actor.UserId) return TrainingResult.NotFound;
        if (session.State == TrainingSessionState.Ended) return TrainingResult.Ended;
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new ValidationErrors(l);
        if (session.VerifiedAt is not null)
        {
            errors.AddKey("code", "Training.AlreadyVerified");
            return TrainingResult.Invalid(errors);
        }
        if (string.IsNullOrWhiteSpace(code))
        {
            session.VerificationCode = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            session.CodeSentAt = now;
            session.FailedVerifications = 0;
            var scenario = await db.Set<TrainingScenario>().FindAsync([session.ScenarioId], ct);
            TrainingSessionAccess.Append(db, session, now, TrainingEventKind.CodeSent, l["Training.CodeSentLine", scenario!.Script.MaskedPhone]);
        }
        else if (session.VerificationCode is null)
        {
            errors.AddKey("code", "Training.SendCodeFirst");
            return TrainingResult.Invalid(errors);
        }
        else if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(code.Trim()), System.Text.Encoding.ASCII.GetBytes(session.VerificationCode)))
        {
            session.VerifiedAt = now;
            session.VerificationCode = null;
            TrainingSessionAccess.Append(db, session, now, TrainingEventKind.Verified, l["Training.VerifiedLine"]);
        }
        else
        {
            session.FailedVerifications++;
            if (session.FailedVerifications >= MaxAttempts) session.VerificationCode = null;
            TrainingSessionAccess.Append(db, session, now, TrainingEventKind.VerificationFailed,
                l[session.VerificationCode is null ? "Training.CodeVoidLine" : "Training.WrongCodeLine"]);
        }
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
