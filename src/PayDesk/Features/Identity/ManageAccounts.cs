using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using QRCoder;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

internal sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, string? Secret = null)
{
    public static AccountResult Ok(string? secret = null) => new(true, [], secret);

    public static AccountResult Fail(params string[] errors) => new(false, errors);

    public static AccountResult From(IdentityResult result) => result.Succeeded ? Ok() : new(false, result.Errors.Select(e => e.Description).ToList());
}

/// <summary>A person changes their own password (staff and customers alike).</summary>
internal sealed class ChangePassword(UserManager<AppUser> users, IStringLocalizer<SharedResource> l)
{
    public async Task<AccountResult> HandleAsync(Guid userId, string? current, string? next)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return AccountResult.Fail(l["Account.NotFound"]);
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(next)) return AccountResult.Fail(l["Account.PasswordsRequired"]);
        if (next.Length > 256) return AccountResult.Fail(l["Account.PasswordTooLong"]);
        var changed = await users.ChangePasswordAsync(user, current, next);
        if (!changed.Succeeded) return AccountResult.From(changed);
        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }
        return AccountResult.Ok();
    }
}

/// <summary>
/// An administrator's account actions on staff: a one-time password reset (must be changed at the
/// next sign-in), deactivation and reactivation. Each changes the security stamp, so the person's
/// cookies and bearer tokens stop working at once (UserSessionCheck), and each is audited.
/// </summary>
internal sealed class ManageStaffAccount(UserManager<AppUser> users, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<AccountResult> ResetPasswordAsync(Guid userId)
    {
        if (await FindTargetAsync(userId) is not { } user) return AccountResult.Fail(l["Account.NotFound"]);
        // Directory (LDAP) accounts have no local password: their password is reset in the directory.
        if (user.PasswordHash is null) return AccountResult.Fail(l["Account.DirectoryManaged"]);
        var password = UserAccounts.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return AccountResult.From(reset);
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await AuditAsync(user, "password_reset");
        return AccountResult.Ok(password);
    }

    public async Task<AccountResult> SetActiveAsync(Guid userId, bool active)
    {
        if (await FindTargetAsync(userId) is not { } user) return AccountResult.Fail(l["Account.NotFound"]);
        if (user.Id == actors.Current.UserId) return AccountResult.Fail(l["Account.NotYourself"]);
        if (!active && await users.IsInRoleAsync(user, Roles.Admin) && await IsLastActiveAdminAsync())
        {
            return AccountResult.Fail(l["Account.LastAdmin"]);
        }
        user.DeactivatedAt = active ? null : clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        if (!active) await Routing.AgentPresence.GoOfflineAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        await AuditAsync(user, active ? "reactivated" : "deactivated");
        return AccountResult.Ok();
    }

    /// <summary>Gives a staff member one staff role instead of their others; their sessions end so the new rights apply at once.</summary>
    public async Task<AccountResult> ChangeRoleAsync(Guid userId, string role)
    {
        if (!Roles.Staff.Contains(role) || await FindTargetAsync(userId) is not { } user) return AccountResult.Fail(l["Account.NotFound"]);
        if (user.Id == actors.Current.UserId) return AccountResult.Fail(l["Account.NotYourself"]);
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && role != Roles.Admin && await IsLastActiveAdminAsync())
        {
            return AccountResult.Fail(l["Account.LastAdmin"]);
        }
        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        db.AuditEntries.Add(Audit.AuditEntry.Of(actors.Current, nameof(AppUser), user.Id, "role_changed",
            new System.Text.Json.Nodes.JsonObject { ["email"] = user.Email, ["from"] = string.Join(",", current), ["to"] = role }, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        return AccountResult.Ok();
    }

    private async Task<bool> IsLastActiveAdminAsync() =>
        (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => u.DeactivatedAt is null) <= 1;

    private async Task<AppUser?> FindTargetAsync(Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        return user is not null && await users.IsStaffAsync(user) ? user : null;
    }

    private async Task AuditAsync(AppUser user, string action)
    {
        db.AuditEntries.Add(Audit.AuditEntry.Of(actors.Current, nameof(AppUser), user.Id, action,
            new System.Text.Json.Nodes.JsonObject { ["email"] = user.Email }, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
    }
}

internal sealed record AuthenticatorSetup(string SharedKey, string Uri, string QrSvg);

/// <summary>Two-factor sign-in with an authenticator app (TOTP, RFC 6238) through Identity's authenticator support.</summary>
internal sealed class TwoFactorEnrolment(UserManager<AppUser> users, IUserStore<AppUser> store, TimeProvider clock)
{
    public const string Issuer = "PayDesk";

    /// <summary>The key to scan (a new one unless enrolment is pending), as text, otpauth URI and QR code.</summary>
    public async Task<AuthenticatorSetup?> BeginAsync(Guid userId, bool newKey = false)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return null;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if ((string.IsNullOrEmpty(key) || newKey) && !user.TwoFactorEnabled)
        {
            // A pending key is stored without touching the security stamp (Identity's reset would end this
            // very session); enabling two-factor sign-in changes the stamp, so other sessions end then.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            await users.UpdateAsync(user);
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email ?? user.Id.ToString())}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(Group(key!), uri, svg);
    }

    /// <summary>Turns two-factor sign-in on when the first code from the app is right; returns ten recovery codes.</summary>
    public async Task<(bool Ok, IReadOnlyList<string> RecoveryCodes)> ConfirmAsync(Guid userId, string? code)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (user is null || !await AuthenticatorCodes.VerifyOnceAsync(users, user, digits, clock.GetUtcNow()))
        {
            return (false, []);
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        return (true, codes?.ToList() ?? []);
    }

    public async Task<bool> DisableAsync(Guid userId, string? password)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password)) return false;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        return true;
    }

    public async Task<bool> IsEnabledAsync(Guid userId) =>
        await users.FindByIdAsync(userId.ToString()) is { } user && await users.GetTwoFactorEnabledAsync(user);

    private static string Group(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
