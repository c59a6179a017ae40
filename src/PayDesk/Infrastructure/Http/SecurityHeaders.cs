namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Response headers every PayDesk answer carries (pages, API, static files, errors): no MIME sniffing,
/// a Content-Security-Policy the Blazor pages and the chat widget work under, a referrer policy
/// that keeps signed links' tokens out of Referer, no camera/microphone/geolocation, and HSTS over TLS
/// outside Development. Decisions and tests: docs/security.md (HTTP hardening).
/// </summary>
internal static partial class SecurityHeaders
{
    /// <summary>
    /// Pages load their own scripts and styles only: no inline script or style anywhere (Blazor's
    /// blazor.web.js, the help centre's suggest.js, the inbox keys, the chat console and widget, the
    /// reconnect dialog are files; the widget's shadow DOM links chat/widget.css; bars are SVG
    /// attributes). Scripts may still set element.style (CSSOM), which CSP does not restrict.
    /// connect-src 'self' covers fetch and the same-origin SignalR websocket (Blazor's circuit and the chat hub). Nothing of PayDesk is meant to be framed by another site:
    /// the widget is a script that draws into the host page, not an iframe.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>
    /// The API reference (Scalar) asks nothing outside PayDesk (issue 18: it runs on intranets): scripts, styles, fonts,
    /// images and connections from PayDesk only. Its page bootstraps with inline scripts; those are allowed by their
    /// SHA-256 hashes, computed from the page as sent (<see cref="HashInlineScripts"/>), never by 'unsafe-inline'.
    /// Scalar sets styles from script, so style-src keeps 'unsafe-inline' (styles cannot call out: every source is 'self');
    /// its bundle also evaluates code at run time for some documents (seen once the issue-19 operations were added), so
    /// script-src keeps 'unsafe-eval' — on this page only, which has no user content, and still from 'self' alone.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-eval'{0}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=()";

    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // HSTS only outside Development; the middleware adds it only to HTTPS requests and never for localhost.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use(async (ctx, next) =>
        {
            // The API reference page itself is held back until its inline scripts are hashed into its policy.
            if (ctx.Request.Path.Value is "/api-docs" or "/api-docs/")
            {
                var original = ctx.Response.Body;
                using var buffer = new MemoryStream();
                ctx.Response.Body = buffer;
                try
                {
                    await next(ctx);
                }
                finally
                {
                    ctx.Response.Body = original;
                }
                var html = ctx.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                    ? System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : "";
                ctx.Items[ApiReferencePolicyKey] = string.Format(System.Globalization.CultureInfo.InvariantCulture, ApiReferencePolicy, HashInlineScripts(html));
                ctx.Response.ContentLength = buffer.Length;
                buffer.Position = 0;
                await buffer.CopyToAsync(original, ctx.RequestAborted);
                return;
            }
            await next(ctx);
        });
        app.Use((ctx, next) =>
        {
            // Set when the response starts, so they are on every response and replace Blazor's own
            // frame-ancestors-only policy (written by the component endpoint) with the full one.
            ctx.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/api-docs")
                    ? http.Items[ApiReferencePolicyKey] as string ?? string.Format(System.Globalization.CultureInfo.InvariantCulture, ApiReferencePolicy, "")
                    : ContentSecurityPolicy;
                headers["Referrer-Policy"] = CarriesToken(http.Request.Path) ? "no-referrer" : "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                // API answers carry complaints, customers and account data: kept by no browser or proxy cache unless the
                // endpoint says otherwise (an attachment's own "private, no-cache").
                if (http.Request.Path.StartsWithSegments("/api") && string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, ctx);
            return next(ctx);
        });
        return app;
    }

    private const string ApiReferencePolicyKey = "PayDesk.ApiReferencePolicy";

    /// <summary>" 'sha256-…'" for each inline script of a page (a script element without src), as CSP hashes them: the exact text between the tags.</summary>
    public static string HashInlineScripts(string html)
    {
        var hashes = new System.Text.StringBuilder();
        foreach (System.Text.RegularExpressions.Match m in InlineScript().Matches(html))
        {
            if (m.Groups["attrs"].Value.Contains("src=", StringComparison.OrdinalIgnoreCase)) continue;
            var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(m.Groups["body"].Value));
            hashes.Append(" 'sha256-").Append(Convert.ToBase64String(digest)).Append('\'');
        }
        return hashes.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<script(?<attrs>[^>]*)>(?<body>.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InlineScript();

    /// <summary>Pages and API paths whose URL is a bearer secret (signed survey and solution links, chat attachment tokens).</summary>
    public static bool CarriesToken(PathString path) =>
        path.StartsWithSegments("/survey") || path.StartsWithSegments("/confirm")
        || path.StartsWithSegments("/api/v1/surveys") || path.StartsWithSegments("/api/v1/confirmations")
        || path.StartsWithSegments("/api/v1/chat/attachments");
}
