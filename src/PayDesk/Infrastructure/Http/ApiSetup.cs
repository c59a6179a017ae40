using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;

namespace PayDesk.Infrastructure.Http;

internal static class ApiSetup
{
    /// <summary>API request bodies above this are refused with 413 before they are read.</summary>
    public const long MaxApiBodyBytes = 256 * 1024;

    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => Configure(o.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            // A bare 400 from a handler's binding: name the values that did not convert, as the exception handler does.
            if (ctx.ProblemDetails is { Status: StatusCodes.Status400BadRequest } and not HttpValidationProblemDetails && ctx.Exception is null
                && !ctx.ProblemDetails.Extensions.ContainsKey("errors") && ApiErrorHandler.UnparsableValues(ctx.HttpContext) is { Count: > 0 } fields)
            {
                var l = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
                ctx.ProblemDetails.Title = l["Validation.Title"];
                ctx.ProblemDetails.Extensions["errors"] = fields.ToDictionary(field => field, _ => new[] { l["Request.InvalidJson"].Value });
            }
        });
        builder.Services.AddExceptionHandler<ApiErrorHandler>();
        builder.Services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = SchemaReferenceId;
            o.AddSchemaTransformer(StrictEnumConverter.DescribeAsync);
        });
        return builder;
    }

    /// <summary>
    /// Schema names for the OpenAPI document. The default is the bare type name, so the nine use cases'
    /// nested <c>Request</c> records shared one schema and every one was documented with the first one's
    /// fields. A nested type is named with its outer type (CreateTicketRequest, TransitionTicketRequest).
    /// </summary>
    internal static string? SchemaReferenceId(System.Text.Json.Serialization.Metadata.JsonTypeInfo info) =>
        Microsoft.AspNetCore.OpenApi.OpenApiOptions.CreateDefaultSchemaReferenceId(info) is null ? null : SchemaName(info.Type);

    private static string SchemaName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var name = type.Name;
        if (type.IsGenericType)
        {
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            name = (tick < 0 ? name : name[..tick]) + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaName));
        }
        return type.IsNested && type.DeclaringType is { IsGenericType: false } outer ? SchemaName(outer) + name : name;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new StrictEnumConverter());
        options.Converters.Add(new FiniteDoubleConverter());
    }

    /// <summary>Refuses oversize API bodies with a problem-details 413 instead of reading them.</summary>
    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        // An endpoint that takes files (marked [Upload]) may receive its files' worth; a bigger body is refused here
        // with the file limit in the message, not by Kestrel's bare 413 (its default stops at about 28.6 MB).
        if (ctx.GetEndpoint()?.Metadata.GetMetadata<UploadAttribute>() is { } upload
            && ctx.RequestServices.GetService<IUploadSizeLimit>() is { } sizes)
        {
            var allowed = upload.Files * sizes.MaxFileBytes + UploadAttribute.FormOverheadBytes;
            if (ctx.Request.ContentLength > allowed)
            {
                if (!ctx.Request.Path.StartsWithSegments("/api"))
                {
                    // A page's form: back to the page with the refusal, the body unread.
                    ctx.Response.Redirect(UriHelper.BuildRelative(ctx.Request.PathBase, ctx.Request.Path, QueryString.Create("refused", "too-large")));
                    return;
                }
                await WriteProblemAsync(ctx, StatusCodes.Status413PayloadTooLarge, "Request.TooLarge", "Attachment.TooLargeDetail",
                    sizes.MaxFileBytes / (1024 * 1024), upload.Files);
                return;
            }
            if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } own)
            {
                own.MaxRequestBodySize = allowed;
            }
            await next(ctx);
            return;
        }
        if (ctx.Request.Path.StartsWithSegments("/api") && ctx.Request.ContentLength > MaxApiBodyBytes)
        {
            await WriteProblemAsync(ctx, StatusCodes.Status413PayloadTooLarge, "Request.TooLarge", "Request.TooLargeDetail", MaxApiBodyBytes / 1024);
            return;
        }
        if (ctx.Request.Path.StartsWithSegments("/api") && UnknownCharset(ctx.Request.ContentType) is { } charset)
        {
            // The JSON reader throws on a charset it cannot decode; that is the client's mistake, not a 500.
            await WriteProblemAsync(ctx, StatusCodes.Status415UnsupportedMediaType, "Request.UnknownCharsetTitle", "Request.UnknownCharset", charset);
            return;
        }
        if (ctx.Request.Path.StartsWithSegments("/api")
            && ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxApiBodyBytes;
        }
        await next(ctx);
    });

    /// <summary>The charset a request names that no encoding here decodes (utf-8, gbk, gb18030 … are known), else null.</summary>
    internal static string? UnknownCharset(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.Charset.HasValue) return null;
        var charset = media.Charset.Value.Trim('"');
        try
        {
            _ = System.Text.Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return charset.Length > 40 ? charset[..40] : charset;
        }
    }

    /// <summary>A refusal written by middleware (before any endpoint runs), as problem details in the caller's language.</summary>
    public static async Task WriteProblemAsync(HttpContext ctx, int status, string titleKey, string detailKey, params object[] arguments)
    {
        ctx.Response.StatusCode = status;
        var l = ctx.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        await ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            ProblemDetails = new ProblemDetails { Status = status, Title = l[titleKey], Detail = l[detailKey, arguments] },
        });
    }
}

/// <summary>Marks an endpoint (an API route or a page) that takes up to <see cref="Files"/> files in its body.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class UploadAttribute(int files) : Attribute
{
    /// <summary>Room for the other form fields and the multipart boundaries.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    public int Files => files;
}

/// <summary>The largest file an upload may carry, from the feature that keeps files.</summary>
internal interface IUploadSizeLimit
{
    long MaxFileBytes { get; }
}
