using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Turns malformed requests into RFC 9457 problem details that name the field at fault
/// (unknown field, wrong type, unknown enum value), and anything unexpected into a 500
/// that says nothing about internals.
/// </summary>
internal sealed partial class ApiErrorHandler(
    IProblemDetailsService problems, IStringLocalizer<SharedResource> l, ILogger<ApiErrorHandler> logger) : IExceptionHandler
{
    [GeneratedRegex(@"The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to (?:System\.Nullable`1\[\[?)?(?<type>[\w\.\+]+)")]
    private static partial Regex ConversionTarget();

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                problem = FromJson(json);
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? l["Request.TooLarge"] : l["Request.Bad"],
                    Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : bad.Message,
                };
                break;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = l["Request.ServerError"] };
                break;
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private HttpValidationProblemDetails FromJson(JsonException json)
    {
        var errors = new Dictionary<string, string[]>();
        var field = FieldFromPath(json.Path);
        var unmapped = UnmappedProperty().Match(json.Message);
        if (unmapped.Success)
        {
            var name = unmapped.Groups["name"].Value;
            errors[field is "" ? name : $"{field}.{name}".TrimStart('.')] = [l["Request.UnknownField", name]];
        }
        else if (ConversionTarget().Match(json.Message) is { Success: true } conversion
                 && FindType(conversion.Groups["type"].Value) is { IsEnum: true } enumType)
        {
            var allowed = string.Join(", ", Enum.GetNames(enumType).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
            errors[field is "" ? "body" : field] = [l["Request.InvalidEnum", allowed]];
        }
        else
        {
            errors[field is "" ? "body" : field] = [l["Request.InvalidJson"]];
        }
        return new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = l["Validation.Title"] };
    }

    private static string FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static Type? FindType(string name) => typeof(ApiErrorHandler).Assembly.GetType(name.TrimEnd('.'));
}
