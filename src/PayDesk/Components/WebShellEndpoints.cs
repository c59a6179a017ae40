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

        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/");
        }).ExcludeFromDescription();
    }
}
