using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Components;

internal static class WebShellEndpoints
{
    public static void MapWebShell(this IEndpointRouteBuilder app)
    {
        // Language switch: remembered in a cookie for a year; only local return addresses.
        app.MapGet("/culture", (string? c, string? returnUrl, HttpContext http) =>
        {
            var culture = PayDeskHost.Cultures.FirstOrDefault(x => x.Name == c)?.Name ?? "zh-CN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return TypedResults.LocalRedirect(LocalRequest.IsLocal(returnUrl) ? returnUrl! : "/");
        }).ExcludeFromDescription();

        // The workforce page's history upload (a plain multipart form with its antiforgery token).
        app.MapPost("/workforce/import", Features.Workforce.ImportContactHistory.UploadAsync)
            .RequireAuthorization(Infrastructure.Security.Policies.Supervisor).ExcludeFromDescription();

        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
            Features.Identity.LiveSessions live, Infrastructure.Data.AppDbContext db, TimeProvider clock) =>
        {
            // The layout's form carries its antiforgery token: another site's form cannot sign anyone out.
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.LocalRedirect("/");
            await Features.Identity.SignedInSessions.EndAsync(http.User, signIn.UserManager, live, db, clock);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).ExcludeFromDescription();

        // Every session of the person, on every device (a lost phone, a shared computer): /account/security's button.
        app.MapPost("/account/logout-all", async (HttpContext http, SignInManager<AppUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
            Infrastructure.Security.ActorAccessor actors, Features.Identity.LiveSessions live,
            Infrastructure.Data.AppDbContext db, TimeProvider clock) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.LocalRedirect("/");
            await Features.Identity.AuthEndpoints.EndSessionsAsync(actors.Current.UserId, signIn.UserManager, live, db, clock);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login?everywhere=1");
        }).ExcludeFromDescription();
    }
}
