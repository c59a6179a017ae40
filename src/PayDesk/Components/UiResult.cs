using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Localization;

namespace PayDesk.Components;

/// <summary>
/// Pages call the same use-case handlers as the API and read their typed results: success, or
/// the problem details' messages to show the person.
/// </summary>
internal static class UiResult
{
    public static string? Error(IResult result, IStringLocalizer<SharedResource> l)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return result switch
        {
            ValidationProblem v => string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value)),
            ProblemHttpResult p => p.ProblemDetails.Detail ?? p.ProblemDetails.Title,
            NotFound => l["NotFound.Title"],
            IStatusCodeHttpResult { StatusCode: >= 400 } => l["Request.Bad"],
            _ => null,
        };
    }

    public static T? Value<T>(IResult result) where T : class
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return (result as IValueHttpResult)?.Value as T;
    }
}
