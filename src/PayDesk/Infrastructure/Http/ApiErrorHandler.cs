using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Turns malformed requests into RFC 9457 problem details that name the field at fault
/// (unknown field, wrong type, unknown enum value), a database that cannot be reached (restarting, failing over,
/// every pooled connection busy) into a 503 with Retry-After — the client may retry with its Idempotency-Key and the
/// balancer sees the node is not at fault — and anything else unexpected into a 500 that says nothing about internals.
/// </summary>
internal sealed partial class ApiErrorHandler(
    IProblemDetailsService problems, IStringLocalizer<SharedResource> l, ILogger<ApiErrorHandler> logger) : IExceptionHandler
{
    [GeneratedRegex(@"The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    // Minimal APIs name the parameter in their binding failures: 'Failed to bind parameter "int? page" from "abc".',
    // 'Required parameter "Request request" was not provided from body.', 'Implicit body inferred for parameter "request" but no body…'.
    [GeneratedRegex(@"parameter ""(?:[^"" ]+ )?(?<name>[^"" ]+)""")]
    private static partial Regex BoundParameter();


    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                problem = FromJson(json, EndpointOf(http)?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType);
                break;
            case BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when BoundParameter().Match(bad.Message) is { Success: true } parameter:
                problem = FromParameter(bad, parameter, EndpointOf(http));
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? l["Request.TooLarge"] : l["Request.Bad"],
                    Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : bad.Message,
                };
                break;
            case var e when IsDatabaseUnavailable(e):
                logger.LogWarning("Database unavailable on {Method} {Path}: {Error}", http.Request.Method, http.Request.Path, Innermost(e).Message);
                http.Response.Headers.RetryAfter = "5";
                problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = l["Cluster.DatabaseUnavailable"] };
                break;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = l["Request.ServerError"] };
                break;
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private HttpValidationProblemDetails FromJson(JsonException json, Type? requestType)
    {
        var errors = new Dictionary<string, string[]>();
        var field = FieldFromPath(json.Path);
        var unmapped = UnmappedProperty().Match(json.Message);
        if (unmapped.Success)
        {
            // The path already ends with the unknown property's name ($.customer.nickname).
            var name = unmapped.Groups["name"].Value;
            errors[field is "" ? name : field] = [l["Request.UnknownField", name]];
        }
        else if (PropertyType(requestType, field) is { IsEnum: true } enumType)
        {
            errors[field] = [l["Request.InvalidEnum", EnumText.Allowed(enumType)]];
        }
        else
        {
            errors[field is "" ? "body" : field] = [l["Request.InvalidJson"]];
        }
        return new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = l["Validation.Title"] };
    }

    /// <summary>A query, route or header value that does not convert, or a body that is missing: named like a field error.</summary>
    private HttpValidationProblemDetails FromParameter(BadHttpRequestException bad, Match parameter, Endpoint? endpoint)
    {
        var name = parameter.Groups["name"].Value;
        var bodyParameter = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is not null
            && (bad.Message.EndsWith("from body.", StringComparison.Ordinal) || bad.Message.StartsWith("Implicit body", StringComparison.Ordinal));
        var errors = new Dictionary<string, string[]>
        {
            [bodyParameter ? "body" : name] = [bodyParameter ? l["Validation.Required"] : l["Request.InvalidJson"]],
        };
        return new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = l["Validation.Title"] };
    }

    /// <summary>
    /// A transient database failure anywhere in the chain (EF wraps it in DbUpdateException or InvalidOperationException):
    /// connection refused or reset, the server shutting down or starting (57P01, 57P03), the pool exhausted.
    /// </summary>
    internal static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException { IsTransient: true }) return true;
        }
        return false;
    }

    /// <summary>
    /// Names the query or route values of a bare 400 that do not convert to their parameter's type. Handlers compiled at
    /// build time (Request Delegate Generator) answer an unparsable optional value (page=abc, customerId=x) with a bare
    /// 400 instead of throwing; the endpoint's parameter metadata says what each name should have been.
    /// </summary>
    internal static IReadOnlyList<string> UnparsableValues(HttpContext http)
    {
        var names = new List<string>();
        if (http.GetEndpoint() is not { } endpoint) return names;
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            if (!parameter.HasTryParse) continue;
            var type = parameter.ParameterInfo.ParameterType;
            type = type.IsArray ? type.GetElementType()! : type;
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(string)) continue;
            var values = http.Request.RouteValues.TryGetValue(parameter.Name, out var route) && route is string routeValue
                ? new Microsoft.Extensions.Primitives.StringValues(routeValue)
                : http.Request.Query[parameter.Name];
            if (values.Any(value => !string.IsNullOrEmpty(value) && !Converts(value, type))) names.Add(parameter.Name);
        }
        return names;
    }

    private static bool Converts(string value, Type type)
    {
        if (type.IsEnum) return Enum.TryParse(type, value, ignoreCase: true, out _);
        var parse = type.GetMethod("TryParse", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static,
            [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (parse is not null) return (bool)parse.Invoke(null, [value, System.Globalization.CultureInfo.InvariantCulture, null])!;
        parse = type.GetMethod("TryParse", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        return parse is null || (bool)parse.Invoke(null, [value, null])!;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    // The exception-handling middleware clears the endpoint before handlers run; the feature keeps it.
    private static Endpoint? EndpointOf(HttpContext http) =>
        http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();

    private static string FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>Follows a JSON path (customer.kind) through the request type to the property's type.</summary>
    private static Type? PropertyType(Type? type, string path)
    {
        if (type is null || path.Length == 0) return null;
        foreach (var segment in path.Split('.'))
        {
            var name = segment.Split('[')[0];
            type = type?.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
            if (type is null) return null;
            type = Nullable.GetUnderlyingType(type) ?? type;
        }
        return type;
    }
}
