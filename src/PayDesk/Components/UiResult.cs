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

    /// <summary>
    /// As <see cref="Error(IResult, IStringLocalizer{SharedResource})"/>, each field's message after the label the page
    /// shows for it ("姓名：此项为必填。"): three bare "此项为必填。" in a row told the person nothing.
    /// </summary>
    public static string? Error(IResult result, IStringLocalizer<SharedResource> l, IReadOnlyDictionary<string, string> labels)
    {
        var inner = result;
        while (inner is INestedHttpResult nested) inner = nested.Result;
        if (inner is not ValidationProblem v) return Error(result, l);
        return string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value.Select(message =>
            labels.TryGetValue(e.Key, out var label) ? l["Validation.Labelled", label, message].Value : message)));
    }

    public static T? Value<T>(IResult result) where T : class
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return (result as IValueHttpResult)?.Value as T;
    }
}
