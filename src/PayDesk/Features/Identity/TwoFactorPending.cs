using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>
/// Between the password step and the code step of the web sign-in: which person passed the password,
/// in a short-lived encrypted cookie bound to their security stamp (a password change voids it).
/// It grants nothing by itself; the code step still counts failures on the server.
/// </summary>
internal sealed class TwoFactorPending(IDataProtectionProvider provider, UserManager<AppUser> users)
{
    private const string Cookie = "pd_2fa";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private ITimeLimitedDataProtector Protector => provider.CreateProtector("PayDesk.TwoFactorPending.v1").ToTimeLimitedDataProtector();

    public void Begin(HttpContext http, AppUser user) =>
        http.Response.Cookies.Append(Cookie, Protector.Protect($"{user.Id:N}|{user.SecurityStamp}", Lifetime), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, MaxAge = Lifetime, Path = "/account",
        });

    public async Task<AppUser?> UserAsync(HttpContext http)
    {
        if (http.Request.Cookies[Cookie] is not { Length: > 0 and < 2048 } value) return null;
        string text;
        try
        {
            text = Protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        if (text.Split('|') is not [var id, var stamp] || !Guid.TryParseExact(id, "N", out var userId)) return null;
        var user = await users.FindByIdAsync(userId.ToString());
        return user is not null && user.SecurityStamp == stamp ? user : null;
    }

    public void End(HttpContext http) => http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/account" });
}
