using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Infrastructure.Observability;

/// <summary>Who may read <c>/metrics</c> and the details of <c>/health/ready</c> (settings section <c>Metrics</c>).</summary>
internal sealed class MetricsOptions
{
    /// <summary>Off: no metrics pipeline and no /metrics endpoint.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Scrapes from this machine (a local Prometheus or agent) are let in without a token.</summary>
    public bool AllowLoopback { get; set; } = true;

    /// <summary>Further addresses or CIDR ranges let in without a token (the monitoring network).</summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>A scraper anywhere else sends <c>Authorization: Bearer …</c> with this value (at least 16 characters).</summary>
    public string? BearerToken { get; set; }

    /// <summary>How long one scrape's output is reused (two Prometheus servers scraping a node); 0 = never.</summary>
    public int ScrapeCacheMilliseconds { get; set; } = 300;
}

/// <summary>
/// OpenTelemetry for the host: metrics always (Prometheus text on /metrics, and OTLP when an endpoint is set), traces
/// only when an OTLP endpoint is set — nobody would read them otherwise and spans cost on every request.
/// </summary>
internal static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>The OTLP collector: <c>OpenTelemetry:OtlpEndpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public static string? OtlpEndpoint(IConfiguration c) =>
        c["OpenTelemetry:OtlpEndpoint"] is { Length: > 0 } own ? own : c["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } env ? env : null;

    private static readonly (string Instrument, string Description)[] EfCoreDescriptions =
    [
        ("microsoft.entityframeworkcore.active_dbcontexts", "DbContext instances in use"),
        ("microsoft.entityframeworkcore.queries", "Queries executed"),
        ("microsoft.entityframeworkcore.savechanges", "SaveChanges calls"),
        ("microsoft.entityframeworkcore.compiled_query_cache_hits", "Query cache hits"),
        ("microsoft.entityframeworkcore.compiled_query_cache_misses", "Query cache misses (a query compiled)"),
        ("microsoft.entityframeworkcore.execution_strategy_operation_failures", "Operations the execution strategy saw fail"),
        ("microsoft.entityframeworkcore.optimistic_concurrency_failures", "Optimistic concurrency failures"),
    ];

    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection("Metrics"))
            .Validate(o => o.AllowedNetworks.All(n => RateLimits.TryParseNetwork(n, out _)), "Metrics:AllowedNetworks: each entry must be an IP address or CIDR range.")
            .Validate(o => string.IsNullOrEmpty(o.BearerToken) || o.BearerToken.Length >= 16, "Metrics:BearerToken must be at least 16 characters (use a long random value).")
            .Validate(o => o.ScrapeCacheMilliseconds >= 0, "Metrics:ScrapeCacheMilliseconds must not be negative.")
            .ValidateOnStart();
        if (builder.Configuration["OpenTelemetry:OtlpEndpoint"] is { Length: > 0 } own && !Uri.TryCreate(own, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException("OpenTelemetry:OtlpEndpoint must be an absolute URL such as http://collector:4317.");
        }

        // Logs carry the trace and span ids of the request or job round they were written in (JSON "Scopes").
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // ...and name the request by its route template, not its raw path (tokens, account numbers: TelemetryRedaction).
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IExternalScopeProvider, RedactingScopeProvider>();

        var metricsOn = builder.Configuration.GetValue("Metrics:Enabled", true);
        var otlp = OtlpEndpoint(builder.Configuration);
        if (!metricsOn && otlp is null) return builder;

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("paydesk", serviceVersion: typeof(ObservabilitySetup).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"));
        otel.WithMetrics(m =>
        {
            // ASP.NET Core: HTTP server, Kestrel, SignalR connections (Microsoft.AspNetCore.Http.Connections), routing,
            // rate limiting. Not System.Runtime: three of its names fail promtool's lint (docs/operations.md).
            m.AddMeter(PayDeskTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore");
            // EF Core's instruments come without descriptions, and a metric without HELP fails promtool's lint.
            foreach (var (instrument, description) in EfCoreDescriptions)
            {
                m.AddView(instrument, new MetricStreamConfiguration { Description = description });
            }
            if (metricsOn) m.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds =
                builder.Configuration.GetValue("Metrics:ScrapeCacheMilliseconds", 300));
            if (otlp is not null) m.AddOtlpExporter(o => Collector(o, builder.Configuration, "metrics"));
        });
        if (otlp is not null)
        {
            otel.WithTracing(t => t
                .AddSource(PayDeskTelemetry.Name)
                .AddSource("Microsoft.AspNetCore.SignalR.Server")
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath) && !http.Request.Path.StartsWithSegments("/health");
                    // Span names already use the route template; the path and query attributes would carry the raw ones.
                    o.EnrichWithHttpRequest = (activity, request) => RedactServerSpan(activity, request.HttpContext);
                    o.EnrichWithHttpResponse = (activity, response) => RedactServerSpan(activity, response.HttpContext);
                })
                .AddHttpClientInstrumentation(o =>
                {
                    // On .NET 9+ the runtime writes url.full itself (query values masked, path as sent): the path may hold an
                    // account number or transaction serial, so it is redacted whenever the span is enriched.
                    o.EnrichWithHttpRequestMessage = (activity, request) => activity.SetTag("url.full", TelemetryRedaction.Url(request.RequestUri));
                    o.EnrichWithHttpResponseMessage = (activity, _) => RedactClientSpan(activity);
                    o.EnrichWithException = (activity, _) => RedactClientSpan(activity);
                })
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o => Collector(o, builder.Configuration, "traces")));
        }
        return builder;
    }

    internal static void RedactClientSpan(System.Diagnostics.Activity activity)
    {
        if (activity.GetTagItem("url.full") is string full && Uri.TryCreate(full, UriKind.Absolute, out var uri)) activity.SetTag("url.full", TelemetryRedaction.Url(uri));
    }

    internal static void RedactServerSpan(System.Diagnostics.Activity activity, HttpContext http)
    {
        activity.SetTag("url.path", TelemetryRedaction.RequestPath(http));
        activity.SetTag("url.query", null);
    }

    /// <summary>
    /// OpenTelemetry:OtlpEndpoint is the collector's base address, like the standard variable: over http/protobuf
    /// (OTEL_EXPORTER_OTLP_PROTOCOL) the signal's path is added here, as the exporter does only for the variable.
    /// Only the variable set: the exporter reads it (and the protocol, headers) itself.
    /// </summary>
    private static void Collector(OtlpExporterOptions o, IConfiguration c, string signal)
    {
        if (c["OpenTelemetry:OtlpEndpoint"] is not { Length: > 0 } endpoint) return;
        o.Endpoint = o.Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint.TrimEnd('/') + "/v1/" + signal) : new Uri(endpoint);
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = WriteHealthAsync,
        });
        if (app.Configuration.GetValue("Metrics:Enabled", true))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
            {
                if (await RefuseAsync(http)) return;
                await next(http);
            }), optionsName: null);
        }
        return app;
    }

    /// <summary>
    /// The overall status and each check's status for anyone (the balancer reads the status code: Degraded is still 200);
    /// what failed and where (hosts, errors) only for callers allowed to read metrics.
    /// </summary>
    private static Task WriteHealthAsync(HttpContext http, HealthReport report)
    {
        var detail = Access(http) == MetricsAccess.Allowed;
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = detail ? e.Value.Description ?? e.Value.Exception?.Message : null,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson), http.RequestAborted);
    }

    private static readonly JsonSerializerOptions HealthJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal enum MetricsAccess
    {
        Allowed,
        NoToken,
        WrongToken,
        NotAllowed,
    }

    /// <summary>
    /// Loopback and the configured networks are let in; anyone else needs the bearer token. The address is the one
    /// UseClientAddress settled on: a trusted proxy's X-Forwarded-For, so an internet client through the balancer is
    /// not "loopback" even though the balancer is.
    /// </summary>
    internal static MetricsAccess Access(HttpContext http)
    {
        var o = http.RequestServices.GetRequiredService<IOptionsMonitor<MetricsOptions>>().CurrentValue;
        var token = o.BearerToken;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(token) && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()));
            return CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(token)))
                ? MetricsAccess.Allowed : MetricsAccess.WrongToken;
        }
        if (http.Connection.RemoteIpAddress is { } address)
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (o.AllowLoopback && IPAddress.IsLoopback(address)) return MetricsAccess.Allowed;
            foreach (var entry in o.AllowedNetworks)
            {
                if (RateLimits.TryParseNetwork(entry, out var network) && network.Contains(address)) return MetricsAccess.Allowed;
            }
        }
        return string.IsNullOrEmpty(token) ? MetricsAccess.NotAllowed : MetricsAccess.NoToken;
    }

    /// <summary>Writes 401 (a token is configured: send it) or 403 (no way in from there) as problem details; false when allowed.</summary>
    private static async Task<bool> RefuseAsync(HttpContext http)
    {
        var access = Access(http);
        if (access == MetricsAccess.Allowed) return false;
        var status = access == MetricsAccess.NotAllowed ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        if (status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
        await (status == StatusCodes.Status403Forbidden
            ? ApiSetup.WriteProblemAsync(http, status, "Metrics.Forbidden", "Metrics.ForbiddenDetail")
            : ApiSetup.WriteProblemAsync(http, status, "Metrics.TokenNeeded", "Metrics.TokenNeededDetail"));
        return true;
    }
}
