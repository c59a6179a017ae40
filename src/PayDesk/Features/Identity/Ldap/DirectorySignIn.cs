using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity.Ldap;

internal enum DirectorySignInOutcome
{
    /// <summary>The directory is off, or the name belongs to a local (non-directory) account: sign in locally.</summary>
    NotApplicable,
    SignedIn,
    /// <summary>Unknown person, wrong password, no mapped group, ambiguous name: one answer for all of them.</summary>
    Refused,
    /// <summary>The directory is down, slow or misconfigured.</summary>
    Unavailable,
}

internal enum DirectorySignInMode
{
    /// <summary>Only check and sync; the caller issues a bearer token from <see cref="DirectorySignInResult.Principal"/>.</summary>
    Bearer,
    /// <summary>Also sets the web app's sign-in cookie.</summary>
    Cookie,
}

internal sealed record DirectorySignInResult(DirectorySignInOutcome Outcome, AppUser? User = null, ClaimsPrincipal? Principal = null)
{
    public static readonly DirectorySignInResult NotApplicable = new(DirectorySignInOutcome.NotApplicable);
    public static readonly DirectorySignInResult Refused = new(DirectorySignInOutcome.Refused);
    public static readonly DirectorySignInResult Unavailable = new(DirectorySignInOutcome.Unavailable);

    public bool Applies => Outcome != DirectorySignInOutcome.NotApplicable;

    /// <summary>The resource key of the message to show, or null when signed in (or not applicable).</summary>
    public string? ErrorKey => Outcome switch
    {
        DirectorySignInOutcome.NotApplicable or DirectorySignInOutcome.SignedIn => null,
        // The same words as a wrong local password: PayDesk must not tell a stranger that a directory
        // password was right but the person has no PayDesk group (that would make it an oracle for
        // every password in the company).
        DirectorySignInOutcome.Refused => "Auth.InvalidCredentials",
        DirectorySignInOutcome.Unavailable => "Auth.DirectoryUnavailable",
    };

    /// <summary>The API's answer: a bearer token, 401, or 503 when the directory cannot be asked.</summary>
    public Results<SignInHttpResult, ValidationProblem, ProblemHttpResult> ToApiResult(IStringLocalizer l) => Outcome switch
    {
        DirectorySignInOutcome.SignedIn => TypedResults.SignIn(Principal!, authenticationScheme: IdentityConstants.BearerScheme),
        DirectorySignInOutcome.Unavailable => TypedResults.Problem(l[ErrorKey!], statusCode: StatusCodes.Status503ServiceUnavailable, title: l["Auth.SignInFailed"]),
        DirectorySignInOutcome.Refused or DirectorySignInOutcome.NotApplicable =>
            TypedResults.Problem(l["Auth.InvalidCredentials"], statusCode: StatusCodes.Status401Unauthorized, title: l["Auth.SignInFailed"]),
    };
}

/// <summary>
/// Staff sign-in from the company directory. The directory decides who may come in and with which roles;
/// PayDesk keeps a local account for each directory person (marked by <see cref="AppUser.DirectoryDn"/>,
/// with no usable local password) so complaints, audit and routing can name them, and brings its name,
/// e-mail and roles up to date at every sign-in: a person taken out of a group loses that role the next
/// time, a person in no mapped group is refused and keeps no staff role.
/// </summary>
internal sealed class DirectorySignIn(
    IOptionsMonitor<LdapOptions> options,
    IDirectoryAuthenticator directory,
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    UserAccounts accounts,
    Infrastructure.Data.AppDbContext db,
    TimeProvider clock,
    LiveSessions live,
    ILogger<DirectorySignIn> logger)
{
    /// <summary>Longer than any name or e-mail a directory holds; longer input is not sent to the directory.</summary>
    private const int MaxIdentifierLength = 256;

    public async Task<DirectorySignInResult> SignInAsync(string? identifier, string? password, DirectorySignInMode mode, CancellationToken cancellationToken = default)
    {
        var o = options.CurrentValue;
        if (!o.Enabled || string.IsNullOrWhiteSpace(identifier)) return DirectorySignInResult.NotApplicable;
        identifier = identifier.Trim();
        // No name has control characters; PostgreSQL refuses a NUL in a query parameter outright.
        if (identifier.Any(char.IsControl)) return DirectorySignInResult.Refused;
        var local = await users.FindByEmailAsync(identifier) ?? await users.FindByNameAsync(identifier);
        if (local is { DirectoryDn: null }) return DirectorySignInResult.NotApplicable;
        // Empty: see LdapDirectory. NUL: the native LDAP library would cut the password there.
        if (string.IsNullOrEmpty(password) || password.Contains('\0') || identifier.Length > MaxIdentifierLength)
        {
            return DirectorySignInResult.Refused;
        }

        var answer = await directory.AuthenticateAsync(identifier, password, cancellationToken);
        switch (answer.Kind)
        {
            case DirectoryAnswerKind.Unavailable:
                return DirectorySignInResult.Unavailable;
            case DirectoryAnswerKind.NotFound or DirectoryAnswerKind.Ambiguous or DirectoryAnswerKind.WrongPassword:
                return DirectorySignInResult.Refused;
            case DirectoryAnswerKind.Authenticated:
                break;
        }

        var person = answer.Person!;
        var roles = new DirectoryRoleMap(o.GroupRoleMap).RolesFor(person.Groups);
        AppUser? user;
        try
        {
            user = await SyncAsync(person, roles);
        }
        catch (DbUpdateException)
        {
            // Two first sign-ins of the same person at once: the other one created the account; sync onto it.
            db.ChangeTracker.Clear();
            user = await SyncAsync(person, roles);
        }
        if (user is null) return DirectorySignInResult.Refused;
        if (await users.IsLockedOutAsync(user))
        {
            logger.LogInformation("Directory sign-in of user {UserId} refused: the local account is locked", user.Id);
            return DirectorySignInResult.Refused;
        }
        if (mode == DirectorySignInMode.Cookie)
        {
            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "ldap");
            return new DirectorySignInResult(DirectorySignInOutcome.SignedIn, user);
        }
        return new DirectorySignInResult(DirectorySignInOutcome.SignedIn, user, await signIn.CreateUserPrincipalAsync(user));
    }

    /// <summary>Creates or updates the local account of a directory person; null when they may not come in.</summary>
    private async Task<AppUser?> SyncAsync(DirectoryPerson person, IReadOnlyList<string> roles)
    {
        var user = await users.Users.FirstOrDefaultAsync(u => u.DirectoryDn == person.Dn);
        if (user is null && person.Mail is not null && await users.FindByEmailAsync(person.Mail) is { } sameMail)
        {
            if (sameMail.DirectoryDn is null)
            {
                // A local account is never taken over by a directory entry that happens to carry its e-mail.
                logger.LogWarning("Directory sign-in refused: a local account {UserId} already uses the directory person's e-mail", sameMail.Id);
                return null;
            }
            user = sameMail; // the person was renamed or moved in the directory
        }

        if (roles.Count == 0)
        {
            logger.LogInformation("Directory sign-in refused: no group of the person is mapped to a PayDesk role (user {UserId})", user?.Id);
            if (user is not null) await SyncRolesAsync(user, roles);
            return null;
        }
        if (string.IsNullOrWhiteSpace(person.Mail))
        {
            logger.LogWarning("Directory sign-in refused: the directory entry has no e-mail ({Attribute})", options.CurrentValue.MailAttribute);
            return null;
        }

        var displayName = string.IsNullOrWhiteSpace(person.DisplayName) ? person.Mail : person.DisplayName.Trim();
        if (user is null)
        {
            await accounts.EnsureRolesAsync();
            user = new AppUser
            {
                UserName = person.Mail,
                Email = person.Mail,
                EmailConfirmed = true,
                DisplayName = displayName,
                DirectoryDn = person.Dn,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            // No password: a directory person signs in only through the directory.
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                logger.LogWarning("Directory sign-in refused: the local account could not be created ({Errors})",
                    string.Join(", ", created.Errors.Select(e => e.Code)));
                return null;
            }
        }
        else if (user.Email != person.Mail || user.DisplayName != displayName || user.DirectoryDn != person.Dn)
        {
            user.UserName = person.Mail;
            user.Email = person.Mail;
            user.DisplayName = displayName;
            user.DirectoryDn = person.Dn;
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                logger.LogWarning("Directory sign-in refused: user {UserId} could not be updated ({Errors})",
                    user.Id, string.Join(", ", updated.Errors.Select(e => e.Code)));
                return null;
            }
        }
        await SyncRolesAsync(user, roles);
        return user;
    }

    /// <summary>Makes the account's roles exactly the directory's; a change invalidates its other sessions' stamps.</summary>
    private async Task SyncRolesAsync(AppUser user, IReadOnlyList<string> roles)
    {
        var current = await users.GetRolesAsync(user);
        var remove = current.Except(roles, StringComparer.Ordinal).ToList();
        var add = roles.Except(current, StringComparer.Ordinal).ToList();
        if (remove.Count == 0 && add.Count == 0) return;
        if (remove.Count > 0) await users.RemoveFromRolesAsync(user, remove);
        if (add.Count > 0) await users.AddToRolesAsync(user, add);
        await users.UpdateSecurityStampAsync(user);
        live.Changed(user.Id);
        logger.LogInformation("Directory roles of user {UserId} now {Roles}", user.Id, string.Join(",", roles));
    }
}
