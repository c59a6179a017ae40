using Microsoft.AspNetCore.Identity;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>
/// A code from the authenticator app counts once (RFC 6238 §5.2; OWASP ASVS 2.8.4): Identity's check accepts the same code
/// again for as long as its time window lasts, so a code seen over a shoulder, or the one typed to turn two-step sign-in on,
/// signed in again and again. The codes accepted in the last few minutes (longer than any window Identity accepts) are kept on
/// the account with its other authenticator data, and a second use is refused.
/// </summary>
internal static class AuthenticatorCodes
{
    private const string Provider = "[PayDesk]";
    private const string Name = "UsedAuthenticatorCodes";
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(5);

    public static async Task<bool> VerifyOnceAsync(UserManager<AppUser> users, AppUser user, string digits, DateTimeOffset now)
    {
        if (digits.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits)) return false;
        var used = Parse(await users.GetAuthenticationTokenAsync(user, Provider, Name)).Where(u => now - u.At < Remember).ToList();
        if (used.Any(u => u.Code == digits)) return false;
        used.Add((digits, now));
        // Saved with the account's concurrency stamp: of two sign-ins racing with one code, the second fails here.
        var saved = await users.SetAuthenticationTokenAsync(user, Provider, Name,
            string.Join(';', used.Select(u => FormattableString.Invariant($"{u.Code}:{u.At.ToUnixTimeSeconds()}"))));
        return saved.Succeeded;
    }

    private static IEnumerable<(string Code, DateTimeOffset At)> Parse(string? kept)
    {
        foreach (var item in (kept ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length == 2 && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                yield return (parts[0], DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }
    }
}
