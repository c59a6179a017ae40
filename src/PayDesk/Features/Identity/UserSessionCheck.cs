using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Identity;

/// <summary>
/// Every signed-in request, cookie or bearer token alike, is checked against the account as it is now:
/// a deactivated person, or a session from before a password change or reset (its security stamp is
/// old), is refused within a second — the account state is cached for one second per user, read from
/// the shared database, so it holds across instances too. Sessions that must first change their
/// password or enrol a second factor reach only the account pages.
/// </summary>
internal static class UserSessionCheck
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private sealed record AccountState(string? Stamp, bool Active);

    public static IApplicationBuilder UseUserSessionCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await next(http);
            return;
        }
        var identity = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var stamp = user.FindFirstValue(identity.SecurityStampClaimType);
        var state = await StateAsync(http.RequestServices, id, fresh: false, http.RequestAborted);
        // A token newer than the cached state (the stamp changed a moment ago here or elsewhere): read again.
        if (state is not null && state.Stamp != stamp) state = await StateAsync(http.RequestServices, id, fresh: true, http.RequestAborted);
        if (state is null || !state.Active || state.Stamp != stamp)
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

    /// <summary>Forgets the cached state of a user at once on this instance (others catch up within a second).</summary>
    public static void Forget(IMemoryCache cache, Guid userId) => cache.Remove(("account-state", userId));

    private static async Task<AccountState?> StateAsync(IServiceProvider services, Guid id, bool fresh, CancellationToken ct)
    {
        var cache = services.GetRequiredService<IMemoryCache>();
        if (!fresh && cache.TryGetValue(("account-state", id), out AccountState? cached)) return cached;
        var db = services.GetRequiredService<AppDbContext>();
        var state = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new AccountState(u.SecurityStamp, u.DeactivatedAt == null)).FirstOrDefaultAsync(ct);
        cache.Set(("account-state", id), state, CacheFor);
        return state;
    }

    private static bool AllowedWhileRestricted(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/api/v1/auth") || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/health")
        || path.StartsWithSegments("/culture") || Path.HasExtension(path.Value);

    private static async Task RefuseAsync(HttpContext http, string key, int status)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs"))
        {
            await WriteProblemAsync(http, key, status);
            return;
        }
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        http.Response.Redirect("/account/login?ended=1");
    }

    private static Task WriteProblemAsync(HttpContext http, string key, int status)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = l["Auth.SignInFailed"], Detail = l[key] },
        }).AsTask();
    }
}
