namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Response headers every PayDesk answer carries (pages, API, static files, errors): no MIME sniffing,
/// a Content-Security-Policy the Blazor pages and the chat widget work under, a referrer policy
/// that keeps signed links' tokens out of Referer, no camera/microphone/geolocation, and HSTS over TLS
/// outside Development. Decisions and tests: docs/security.md (HTTP hardening).
/// </summary>
internal static class SecurityHeaders
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
    /// The API reference (Scalar) keeps what it had before (no framing by other sites) plus no plugins and no
    /// base-URI change: it runs an inline bootstrap and may load fonts from its CDN, which the strict policy would
    /// block; self-hosting it is a separate change.
    /// </summary>
    public const string ApiReferencePolicy = "object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

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
        app.Use((ctx, next) =>
        {
            // Set when the response starts, so they are on every response and replace Blazor's own
            // frame-ancestors-only policy (written by the component endpoint) with the full one.
            ctx.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/api-docs") ? ApiReferencePolicy : ContentSecurityPolicy;
                headers["Referrer-Policy"] = CarriesToken(http.Request.Path) ? "no-referrer" : "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                return Task.CompletedTask;
            }, ctx);
            return next(ctx);
        });
        return app;
    }

    /// <summary>Pages and API paths whose URL is a bearer secret (signed survey and solution links, chat attachment tokens).</summary>
    public static bool CarriesToken(PathString path) =>
        path.StartsWithSegments("/survey") || path.StartsWithSegments("/confirm")
        || path.StartsWithSegments("/api/v1/surveys") || path.StartsWithSegments("/api/v1/confirmations")
        || path.StartsWithSegments("/api/v1/chat/attachments");
}
