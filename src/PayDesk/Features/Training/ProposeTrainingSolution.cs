using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

public sealed record TrainingSolutionRequest(string? Solution, string? Category);

/// <summary>The trainee classifies the problem and proposes a solution; the customer answers it. Proposing again replaces it.</summary>
internal static class ProposeTrainingSolution
{
    public static async Task<Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, TrainingSolutionRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IOptions<TrainingOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        (await RunAsync(id, request, db, actors.Current, clock, options.Value, l, ct)).ToHttp(l);

    public static async Task<TrainingResult> RunAsync(Guid id, TrainingSolutionRequest request, AppDbContext db, Actor actor, TimeProvider clock,
        TrainingOptions options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.RequiredText("solution", request.Solution, 2000);
        var category = EnumText.Parse<TicketCategory>(request.Category, "category", errors);
        if (string.IsNullOrWhiteSpace(request.Category)) errors.AddKey("category", "Validation.Required");
        if (errors.Any) return TrainingResult.Invalid(errors);
        var session = await TrainingSessionAccess.FindAsync(db, id, actor, track: true, ct);
        if (session is null || session.TraineeId != actor.UserId) return TrainingResult.NotFound;
        if (session.State == TrainingSessionState.Ended) return TrainingResult.Ended;
        var scenario = await db.Set<TrainingScenario>().FindAsync([session.ScenarioId], ct);
        var now = clock.GetUtcNow().UtcDateTime;
        session.ProposedSolution = PersonalNumbers.Mask(request.Solution!.Trim()).Text;
        session.ChosenCategory = category;
        TrainingSessionAccess.Append(db, session, now, TrainingEventKind.SolutionProposed, session.ProposedSolution);
        TrainingSessionAccess.Append(db, session, now, TrainingEventKind.CustomerMessage, scenario!.Mood switch
        {
            CustomerMood.Calm => "好的，那就按你说的办，谢谢。",
            CustomerMood.Anxious => "好的，那麻烦尽快处理，有结果请通知我。",
            CustomerMood.Angry => "行，我就等你们这个结果，再拖我就去投诉。",
        });
        await db.SaveChangesAsync(ct);
        return TrainingResult.Ok(await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct));
    }
}
