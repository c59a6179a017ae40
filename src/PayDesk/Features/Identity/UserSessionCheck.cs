using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>
/// Every signed-in request, cookie or bearer token alike, is checked against the account as it is now:
/// a deactivated person, a session from before a password change or reset (its security stamp is
/// old), or a session signed out of (a copy of its cookie or token; <see cref="SignedInSessions"/>) is refused within a second — the account state is cached for one second per user, read from
/// the shared database, so it holds across instances too. Sessions that must first change their
/// password or enrol a second factor reach only the account pages.
/// </summary>
internal static class UserSessionCheck
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private sealed record AccountState(string? Stamp, bool Active, IReadOnlySet<string> Ended);

    public static IApplicationBuilder UseUserSessionCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await next(http);
            return;
        }
        // A token newer than the cached state (the stamp changed a moment ago here or elsewhere) is read again.
        if (!await IsCurrentAsync(http.RequestServices, user, http.RequestAborted))
        {
            await RefuseAsync(http, "Auth.SessionEnded", StatusCodes.Status401Unauthorized);
            return;
        }
        var restricted = user.HasClaim(PayDeskClaims.MustChangePassword, "true") ? "password"
            : user.HasClaim(PayDeskClaims.MustEnrolTwoFactor, "true") ? "2fa" : null;
        if (restricted is not null && !AllowedWhileRestricted(http.Request.Path))
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                await WriteProblemAsync(http, restricted == "password" ? "Account.MustChangePassword" : "Account.MustEnrolTwoFactor", StatusCodes.Status403Forbidden);
            }
            else
            {
                http.Response.Redirect($"/account/security?required={restricted}");
            }
            return;
        }
        await next(http);
    });

    /// <summary>Whether a signed-in principal's account is still active and its session not ended (anonymous: true).</summary>
    public static async Task<bool> IsCurrentAsync(IServiceProvider services, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return true;
        var stamp = user.FindFirstValue(services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType);
        var sid = SignedInSessions.Of(user);
        var state = await StateAsync(services, id, fresh: false, ct);
        if (state is not null && state.Stamp != stamp) state = await StateAsync(services, id, fresh: true, ct);
        return state is not null && state.Active && state.Stamp == stamp && (sid is null || !state.Ended.Contains(sid));
    }

    /// <summary>Forgets the cached state of a user at once on this instance (others catch up within a second).</summary>
    public static void Forget(IMemoryCache cache, Guid userId) => cache.Remove(("account-state", userId));

    private static async Task<AccountState?> StateAsync(IServiceProvider services, Guid id, bool fresh, CancellationToken ct)
    {
        var cache = services.GetRequiredService<IMemoryCache>();
        if (!fresh && cache.TryGetValue(("account-state", id), out AccountState? cached)) return cached;
        var db = services.GetRequiredService<AppDbContext>();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, Active = u.DeactivatedAt == null }).FirstOrDefaultAsync(ct);
        AccountState? state = null;
        if (user is not null)
        {
            // The person's sessions signed out of lately (few: one per sign-out, remembered for days).
            var since = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime - SignedInSessions.Remembered;
            var ended = await db.EndedSessions.AsNoTracking().Where(s => s.UserId == id && s.EndedAt > since).Select(s => s.Id).ToListAsync(ct);
            state = new AccountState(user.SecurityStamp, user.Active, ended.ToHashSet(StringComparer.Ordinal));
        }
        cache.Set(("account-state", id), state, CacheFor);
        return state;
    }

    private static bool AllowedWhileRestricted(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/api/v1/auth") || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/health")
        || path.StartsWithSegments("/culture") || IsStaticFile(path);

    private static readonly HashSet<string> StaticExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".br", ".gz",
    };

    /// <summary>
    /// The pages' own files (styles, scripts, fonts, images), which the account pages need too. Any address ending in a dot
    /// and some letters passed before — /api/v1/calendars/x/export.ics answered a session that had to change its password.
    /// </summary>
    private static bool IsStaticFile(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/hubs") && StaticExtensions.Contains(Path.GetExtension(path.Value ?? ""));

    private static async Task RefuseAsync(HttpContext http, string key, int status)
    {
        // The cookie goes on every path: the cookie handler may already have decided to renew it (sliding expiry, a stamp
        // check), and a 401 that carried a renewed cookie would keep a copied, signed-out cookie alive for ever.
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs"))
        {
            await WriteProblemAsync(http, key, status);
            return;
        }
        http.Response.Redirect("/account/login?ended=1");
    }

    private static Task WriteProblemAsync(HttpContext http, string key, int status) =>
        ApiSetup.WriteProblemAsync(http, status, "Auth.SignInFailed", key);
}

/// <summary>
/// Long-lived connections see account changes too: a hub call from a deactivated person (or a session
/// ended by a password change) is refused and the connection closed; a staff connection is registered with
/// <see cref="LiveSessions"/> as it opens, so it is closed when its session ends even if it makes no call.
/// </summary>
internal sealed class AccountStateHubFilter(LiveSessions live) : Microsoft.AspNetCore.SignalR.IHubFilter
{
    public async Task OnConnectedAsync(Microsoft.AspNetCore.SignalR.HubLifetimeContext context, Func<Microsoft.AspNetCore.SignalR.HubLifetimeContext, Task> next)
    {
        var caller = context.Context;
        // PayDesk's own hubs (the chat console); Blazor's circuits run over a hub of the framework's, re-check the account
        // every 30 seconds themselves (AccountRevalidatingStateProvider) and end on the page's own terms — aborted here, a
        // page reloaded itself and lost the "your session ended" sign-in page.
        if (caller.User is { } user && Actor.FromPrincipal(user).IsStaff && context.Hub.GetType().Assembly == typeof(AccountStateHubFilter).Assembly)
        {
            // Registered first, then checked: an account change between the connect request's check and the registration
            // would otherwise find nothing to close.
            live.Opened(caller);
            if (!await UserSessionCheck.IsCurrentAsync(context.ServiceProvider, user, caller.ConnectionAborted))
            {
                live.Closed(caller.ConnectionId);
                caller.Abort();
                return;
            }
        }
        await next(context);
    }

    public Task OnDisconnectedAsync(Microsoft.AspNetCore.SignalR.HubLifetimeContext context, Exception? exception,
        Func<Microsoft.AspNetCore.SignalR.HubLifetimeContext, Exception?, Task> next)
    {
        live.Closed(context.Context.ConnectionId);
        return next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(Microsoft.AspNetCore.SignalR.HubInvocationContext context,
        Func<Microsoft.AspNetCore.SignalR.HubInvocationContext, ValueTask<object?>> next)
    {
        var caller = context.Context;
        if (caller.User is { } user && !await UserSessionCheck.IsCurrentAsync(context.ServiceProvider, user, caller.ConnectionAborted))
        {
            caller.Abort();
            throw new Microsoft.AspNetCore.SignalR.HubException("Auth.SessionEnded");
        }
        return await next(context);
    }
}

/// <summary>Interactive pages (Blazor circuits) re-check the account every 30 seconds and fall back to signed out.</summary>
internal sealed class AccountRevalidatingStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime)
    : Microsoft.AspNetCore.Components.Server.RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        Microsoft.AspNetCore.Components.Authorization.AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A circuit still open while the server stops: its session is not in question, and the services are going (each
        // such check was logged as an error, ObjectDisposedException, at every shutdown).
        if (lifetime.ApplicationStopping.IsCancellationRequested) return true;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await UserSessionCheck.IsCurrentAsync(scope.ServiceProvider, authenticationState.User, cancellationToken);
        }
        catch (ObjectDisposedException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return true;
        }
    }
}
