using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

internal enum SignInOutcome
{
    SignedIn,

    /// <summary>Wrong e-mail or password: the same answer whether the account exists or not.</summary>
    Failed,

    /// <summary>The password was right; the authenticator code (or a recovery code) is needed as well.</summary>
    TwoFactorRequired,

    /// <summary>The second factor was given and was wrong.</summary>
    TwoFactorFailed,

    /// <summary>Too many failures for this identifier from clients it does not know (device cookies).</summary>
    Throttled,

    /// <summary>The password was right, but an administrator deactivated the account.</summary>
    Deactivated,

    /// <summary>The company directory (LDAP) could not be asked: down, slow or misconfigured.</summary>
    DirectoryUnavailable,
}

internal sealed record SignInResult(SignInOutcome Outcome, AppUser? User = null, TimeSpan? RetryAfter = null);

/// <summary>
/// Signing in with e-mail and password, for the API and the web page alike: constant-shape answers
/// for known and unknown e-mails (a decoy hash is checked when there is no account), no lock-out
/// that a stranger can trigger (decision 0012), the second factor when the person enrolled one.
/// The caller issues the cookie or token.
/// </summary>
internal sealed class PasswordSignIn(UserManager<AppUser> users, SignInGuard guard, Ldap.DirectorySignIn directory, TimeProvider clock,
    IOptions<PasswordHasherOptions> hashing)
{
    // Checked when nobody has the e-mail, so an unknown e-mail costs the same PBKDF2 work as a known one: made by the
    // configured hasher with its configured cost (a decoy of another iteration count would answer in another time), once
    // per cost.
    private static readonly ConcurrentDictionary<(PasswordHasherCompatibilityMode, int), string> DecoyHashes = new();

    private AppUser Decoy() => new()
    {
        PasswordHash = DecoyHashes.GetOrAdd((hashing.Value.CompatibilityMode, hashing.Value.IterationCount),
            _ => users.PasswordHasher.HashPassword(new AppUser(), UserAccounts.GeneratePassword())),
        SecurityStamp = "decoy",
    };

    public async Task<SignInResult> SignInAsync(string email, string password, string? twoFactorCode, string? recoveryCode,
        HttpContext? http, CancellationToken ct)
    {
        var key = guard.KeyFor("email", email);
        if (await guard.WaitAsync(key, http, ct) is { } wait) return new SignInResult(SignInOutcome.Throttled, RetryAfter: wait);

        // Directory (LDAP) people are checked by the directory; local accounts and a directory that is off go on below.
        var fromDirectory = await directory.SignInAsync(email, password, Ldap.DirectorySignInMode.Bearer, ct);
        AppUser? user;
        bool passwordOk;
        switch (fromDirectory.Outcome)
        {
            case Ldap.DirectorySignInOutcome.Unavailable:
                return new SignInResult(SignInOutcome.DirectoryUnavailable);
            case Ldap.DirectorySignInOutcome.SignedIn:
                (user, passwordOk) = (fromDirectory.User, true);
                break;
            case Ldap.DirectorySignInOutcome.Refused:
                // The same hash work as a wrong local password, so the answer's timing does not tell them apart.
                await users.CheckPasswordAsync(Decoy(), password);
                (user, passwordOk) = (null, false);
                break;
            case Ldap.DirectorySignInOutcome.NotApplicable:
            default:
                user = email.Any(char.IsControl) ? null : await users.FindByEmailAsync(email.Trim());
                // Unknown e-mails go through the same check on a decoy account (never stored), so both paths do the same work.
                passwordOk = await users.CheckPasswordAsync(user is { PasswordHash: not null } ? user : Decoy(), password) && user is not null;
                break;
        }
        if (!passwordOk)
        {
            await guard.RecordFailureAsync(key, http, ct);
            return new SignInResult(SignInOutcome.Failed);
        }
        if (user!.DeactivatedAt is not null) return new SignInResult(SignInOutcome.Deactivated);

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            if (string.IsNullOrWhiteSpace(twoFactorCode) && string.IsNullOrWhiteSpace(recoveryCode))
            {
                return new SignInResult(SignInOutcome.TwoFactorRequired, user);
            }
            if (!await CheckSecondFactorAsync(user, twoFactorCode, recoveryCode))
            {
                await guard.RecordFailureAsync(key, http, ct);
                return new SignInResult(SignInOutcome.TwoFactorFailed, user);
            }
        }
        await guard.RecordSuccessAsync(key, http, ct);
        return new SignInResult(SignInOutcome.SignedIn, user);
    }

    /// <summary>The second step of the web sign-in, after the password step said a code is needed.</summary>
    public async Task<SignInResult> SecondFactorAsync(AppUser user, string? twoFactorCode, string? recoveryCode, HttpContext? http, CancellationToken ct)
    {
        var key = guard.KeyFor("email", user.Email ?? "");
        if (await guard.WaitAsync(key, http, ct) is { } wait) return new SignInResult(SignInOutcome.Throttled, RetryAfter: wait);
        if (user.DeactivatedAt is not null) return new SignInResult(SignInOutcome.Deactivated);
        if (!await CheckSecondFactorAsync(user, twoFactorCode, recoveryCode))
        {
            await guard.RecordFailureAsync(key, http, ct);
            return new SignInResult(SignInOutcome.TwoFactorFailed, user);
        }
        await guard.RecordSuccessAsync(key, http, ct);
        return new SignInResult(SignInOutcome.SignedIn, user);
    }

    private async Task<bool> CheckSecondFactorAsync(AppUser user, string? code, string? recovery)
    {
        if (!string.IsNullOrWhiteSpace(code))
        {
            var digits = new string(code.Where(char.IsAsciiDigit).ToArray());
            return await AuthenticatorCodes.VerifyOnceAsync(users, user, digits, clock.GetUtcNow());
        }
        return !string.IsNullOrWhiteSpace(recovery) && recovery.Length <= 64
            && (await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery.Replace(" ", "").Trim())).Succeeded;
    }
}

/// <summary>What the web sign-in pages show and where they go, in one place for the password, code and phone pages.</summary>
internal static class SignInPages
{
    /// <summary>The message for an outcome that did not sign in; <paramref name="wrongKey"/> for a wrong secret.</summary>
    public static string Refusal(SignInOutcome outcome, TimeSpan? retryAfter, Microsoft.Extensions.Localization.IStringLocalizer l, string wrongKey) => outcome switch
    {
        SignInOutcome.Throttled => l["Auth.Throttled", (int)Math.Ceiling(retryAfter!.Value.TotalMinutes)],
        SignInOutcome.Deactivated => l["Auth.Deactivated"],
        SignInOutcome.DirectoryUnavailable => l["Auth.DirectoryUnavailable"],
        _ => l[wrongKey],
    };

    /// <summary>
    /// Back to where the person was going (same site only), else the inbox for staff and "my complaints" for customers.
    /// The first administrator's first sign-in goes to the settings page once, to set the address customers' links use.
    /// </summary>
    public static async Task<string> HomeAsync(UserManager<AppUser> users, AppUser user, string? returnUrl, Settings.PublicAddress address)
    {
        var roles = await users.GetRolesAsync(user);
        var home = Components.LocalRequest.IsLocal(returnUrl) ? returnUrl! : roles.Intersect(Roles.Staff).Any() ? "/inbox" : "/my";
        if (roles.Contains(Roles.Admin) && await address.AskOnceAsync(user.Email ?? user.DisplayName, DateTime.UtcNow, CancellationToken.None))
            return "/admin/settings?first=1&returnUrl=" + Uri.EscapeDataString(home);
        return home;
    }
}
