using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Quality;

public enum QualityFailure
{
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}

/// <summary>
/// What a quality use case answers: a value, or why not (a resource key the page shows and the API returns as
/// problem details). Forbidden is for the separation-of-duties rules (own work, own dispute), not for roles:
/// endpoints' policies and the pages' attributes keep non-reviewers out before a use case runs.
/// </summary>
internal sealed record QualityOutcome<T>(T? Value, QualityFailure? Failure, string? Field, string? MessageKey, object[]? Args)
{
    public bool Ok => Failure is null;

    public static QualityOutcome<T> Of(T value) => new(value, null, null, null, null);

    public static QualityOutcome<T> Fail(QualityFailure failure, string? field, string key, params object[] args) => new(default, failure, field, key, args);

    public QualityOutcome<TOther> As<TOther>() => new(default, Failure, Field, MessageKey, Args);

    public string Message(IStringLocalizer l) => MessageKey is null ? "" : Args is { Length: > 0 } ? l[MessageKey, Args].Value : l[MessageKey].Value;

    public Results<Ok<T>, NotFound, ValidationProblem, ProblemHttpResult> ToHttp(IStringLocalizer<SharedResource> l)
    {
        switch (Failure)
        {
            case null:
                return TypedResults.Ok(Value!);
            case QualityFailure.NotFound:
                return TypedResults.NotFound();
            case QualityFailure.Invalid:
                var errors = new ValidationErrors(l);
                errors.Add(Field ?? "request", Message(l));
                return errors.ToProblem();
            case QualityFailure.Forbidden:
                return TypedResults.Problem(Message(l), statusCode: StatusCodes.Status403Forbidden, title: l["Quality.Title"]);
            case QualityFailure.Conflict:
                return TypedResults.Problem(Message(l), statusCode: StatusCodes.Status409Conflict, title: l["Quality.Title"]);
            default:
                throw new ArgumentOutOfRangeException(nameof(Failure), Failure, null);
        }
    }
}
