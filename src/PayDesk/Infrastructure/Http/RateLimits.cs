using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace PayDesk.Infrastructure.Http;

/// <summary>How many requests one client address may make (settings section <c>RateLimits</c>).</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Password, code and second-factor sign-in attempts per client per minute.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>One-time codes one client may ask for per hour (SMS cost, SMS bombing).</summary>
    public int CodesPerHour { get; set; } = 10;

    /// <summary>Anonymous chat starts per client per minute (each may create a visitor record).</summary>
    public int ChatStartsPerMinute { get; set; } = 10;

    /// <summary>Votes, survey answers, confirmations and other public writes per client per minute.</summary>
    public int PublicWritesPerMinute { get; set; } = 20;

    /// <summary>Webhook calls per sending address per minute (gateways send in bursts).</summary>
    public int WebhooksPerMinute { get; set; } = 1200;

    /// <summary>Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. Loopback is always trusted.</summary>
    public string[] TrustedProxies { get; set; } = [];
}

/// <summary>
/// Throttling with ASP.NET Core's rate limiter, partitioned by the client's address (as forwarded by a
/// trusted proxy only). Per-account limits live with sign-in itself (SignInGuard, decision 0012).
/// </summary>
internal static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Codes = "codes";
    public const string ChatStart = "chat-start";
    public const string PublicWrite = "public-write";
    public const string Webhook = "webhook";

    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection("RateLimits"))
            .Validate(o => o.SignInPerMinute > 0 && o.CodesPerHour > 0 && o.ChatStartsPerMinute > 0 && o.PublicWritesPerMinute > 0 && o.WebhooksPerMinute > 0,
                "RateLimits: every limit must be a positive number.")
            .Validate(o => o.TrustedProxies.All(p => TryParseNetwork(p, out _)), "RateLimits:TrustedProxies: each entry must be an IP address or CIDR range.")
            .ValidateOnStart();

        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            foreach (var entry in limits.Value.TrustedProxies)
            {
                if (TryParseNetwork(entry, out var network)) o.KnownIPNetworks.Add(network);
            }
        });

        builder.Services.AddRateLimiter(o =>
        {
            o.OnRejected = OnRejectedAsync;
            Add(o, SignIn, l => (l.SignInPerMinute, TimeSpan.FromMinutes(1)));
            Add(o, Codes, l => (l.CodesPerHour, TimeSpan.FromHours(1)));
            Add(o, ChatStart, l => (l.ChatStartsPerMinute, TimeSpan.FromMinutes(1)));
            Add(o, PublicWrite, l => (l.PublicWritesPerMinute, TimeSpan.FromMinutes(1)));
            Add(o, Webhook, l => (l.WebhooksPerMinute, TimeSpan.FromMinutes(1)));
        });
        return builder;
    }

    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app) => app.UseForwardedHeaders();

    /// <summary>
    /// The client for limits: the connection's address, or a trusted proxy's X-Forwarded-For. IPv6 clients count
    /// by their /64 network, since anyone holding one can use any of its addresses.
    /// </summary>
    public static string ClientKey(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static void Add(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions o, string name, Func<RateLimitOptions, (int Permits, TimeSpan Window)> limit) =>
        o.AddPolicy(name, http =>
        {
            // Reading a page is free; posting its form (or any API write) counts.
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }
            var (permits, window) = limit(http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
            return RateLimitPartition.GetSlidingWindowLimiter(ClientKey(http), _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permits, Window = window, SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true,
            });
        });

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (http.Request.Path.StartsWithSegments("/api") || !AcceptsHtml(http))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = l["RateLimit.Title"],
                    Detail = l["RateLimit.Detail", seconds],
                    Extensions = { ["retryAfterSeconds"] = seconds },
                },
            });
            return;
        }
        // A web form: a small page in the visitor's language with the way back.
        var back = http.Request.Path.Value ?? "/";
        http.Response.ContentType = "text/html; charset=utf-8";
        var lang = CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh-CN";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(l["RateLimit.Title"])} · PayDesk</title><link rel="stylesheet" href="/app.css"></head>
            <body><main class="content"><section class="card narrow"><h1>{WebUtility.HtmlEncode(l["RateLimit.Title"])}</h1>
            <p role="alert" data-testid="rate-limited">{WebUtility.HtmlEncode(l["RateLimit.Detail", seconds])}</p>
            <p><a href="{WebUtility.HtmlEncode(back)}">{WebUtility.HtmlEncode(l["RateLimit.Back"])}</a></p></section></main></body></html>
            """, ct);
    }

    private static bool AcceptsHtml(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)
        || http.Request.HasFormContentType;

    internal static bool TryParseNetwork(string entry, out System.Net.IPNetwork network)
    {
        if (System.Net.IPNetwork.TryParse(entry, out network)) return true;
        if (IPAddress.TryParse(entry, out var address))
        {
            network = new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }
}
