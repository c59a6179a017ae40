using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

public sealed record TrainingMessageRequest(string? Text);

/// <summary>The trainee writes to the simulated customer; the customer's reply (scripted, optionally re-phrased) comes back in the transcript.</summary>
internal static class SendTrainingMessage
{
    public const int MaxLength = 1000;

    public static async Task<Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, TrainingMessageRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, CustomerVoice voice,
        IOptions<TrainingOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        (await RunAsync(id, request.Text, db, actors.Current, clock, voice, options.Value, l, ct)).ToHttp(l);

    public static async Task<TrainingResult> RunAsync(Guid id, string? text, AppDbContext db, Actor actor, TimeProvider clock, CustomerVoice voice,
        TrainingOptions options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (!errors.RequiredText("text", text, MaxLength)) return TrainingResult.Invalid(errors);
        if (errors.Any) return TrainingResult.Invalid(errors);
        var session = await TrainingSessionAccess.FindAsync(db, id, actor, track: true, ct);
        if (session is null || session.TraineeId != actor.UserId) return TrainingResult.NotFound;
        if (session.State == TrainingSessionState.Ended) return TrainingResult.Ended;
        var scenario = await db.Set<TrainingScenario>().AsNoTracking().FirstAsync(s => s.Id == session.ScenarioId, ct);
        var revealed = (await db.Set<TrainingEvent>().Where(e => e.SessionId == id && e.Kind == TrainingEventKind.CustomerMessage && e.Topic != null)
            .Select(e => e.Topic!).ToListAsync(ct)).ToHashSet();
        var customer = new SimulatedCustomer(scenario, scenario.Script);
        var trimmed = text!.Trim();
        // The customer answers in the trainee's language: English for English words (or an English screen), Chinese otherwise.
        var english = CustomerLanguage.IsEnglish(trimmed, System.Globalization.CultureInfo.CurrentUICulture);
        var reply = customer.Reply(trimmed, new CustomerState(session.VerifiedAt is not null, session.VerifiedAt is null ? session.VerificationCode : null, revealed), english);
        var now = clock.GetUtcNow().UtcDateTime;
        // Kept as reviewers read it: a real customer's number typed in practice is masked like any typed text.
        TrainingSessionAccess.Append(db, session, now, TrainingEventKind.TraineeMessage, PersonalNumbers.MaskText(trimmed)!, reply.Topic);
        // The model may only re-word; a refusal or a reply carrying a code or number keeps the script's words (the guard checks numbers too).
        var words = reply.Refused ? reply.Text : await voice.PhraseAsync(reply.Text, scenario.Mood, trimmed, english, ct);
        TrainingSessionAccess.Append(db, session, clock.GetUtcNow().UtcDateTime, TrainingEventKind.CustomerMessage, words, reply.Revealed);
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
