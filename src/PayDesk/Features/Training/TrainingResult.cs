using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Training;

internal enum TrainingFailure
{
    None,
    NotFound,
    Ended,
    Invalid,
}

/// <summary>A session use case's answer, for the API and the console alike.</summary>
internal sealed record TrainingResult(TrainingSessionView? View, TrainingFailure Failure, ValidationErrors? Errors)
{
    public static TrainingResult Ok(TrainingSessionView view) => new(view, TrainingFailure.None, null);
    public static readonly TrainingResult NotFound = new(null, TrainingFailure.NotFound, null);
    public static readonly TrainingResult Ended = new(null, TrainingFailure.Ended, null);
    public static TrainingResult Invalid(ValidationErrors errors) => new(null, TrainingFailure.Invalid, errors);

    public string ErrorText(IStringLocalizer<SharedResource> l) => Failure switch
    {
        TrainingFailure.None => "",
        TrainingFailure.NotFound => l["Training.NotFound"],
        TrainingFailure.Ended => l["Training.AlreadyEnded"],
        TrainingFailure.Invalid => string.Join(" ", Errors!.ToDictionary().SelectMany(e => e.Value)),
    };

    public Results<Ok<TrainingSessionView>, NotFound, ValidationProblem, ProblemHttpResult> ToHttp(IStringLocalizer<SharedResource> l) => Failure switch
    {
        TrainingFailure.None => TypedResults.Ok(View!),
        TrainingFailure.NotFound => TypedResults.NotFound(),
        TrainingFailure.Ended => TypedResults.Problem(title: l["Training.AlreadyEnded"], statusCode: StatusCodes.Status409Conflict),
        TrainingFailure.Invalid => Errors!.ToProblem(),
    };
}
