using System.Security.Claims;

namespace PayDesk.Infrastructure.Security;

/// <summary>Who is acting: a signed-in user, or the system (start-up, CLI, background work).</summary>
internal sealed record Actor(Guid? UserId, string Name, IReadOnlySet<string> Roles, Guid? CustomerId)
{
    public static readonly Actor System = new(null, "system", new HashSet<string>(), null);

    /// <summary>A stored actor's name as people read it: PayDesk's own work is "系统" / "System", not the stored "system".</summary>
    public static string Shown(string? name, Microsoft.Extensions.Localization.IStringLocalizer l) =>
        name is null or "system" ? l["Actor.System"].Value : name;

    public bool IsStaff => Roles.Overlaps(Security.Roles.Staff);
    public bool IsCustomer => !IsStaff && Roles.Contains(Security.Roles.Customer);
    public bool IsSystem => UserId is null;

    /// <summary>A supervisor or an administrator: the second person for decisions one agent may not take alone.</summary>
    public bool IsSupervisor => Roles.Contains(Security.Roles.Supervisor) || Roles.Contains(Security.Roles.Admin);

    public static Actor FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return System;
        var id = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : (Guid?)null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var customer = Guid.TryParse(principal.FindFirstValue(PayDeskClaims.CustomerId), out var c) ? c : (Guid?)null;
        return new Actor(id, principal.FindFirstValue(PayDeskClaims.DisplayName) ?? principal.Identity.Name ?? "?", roles, customer);
    }
}

internal static class PayDeskClaims
{
    public const string CustomerId = "paydesk:customer";
    public const string DisplayName = "paydesk:name";

    /// <summary>The session may only change its password (after an administrator's reset).</summary>
    public const string MustChangePassword = "paydesk:must-change-password";

    /// <summary>The session may only enrol an authenticator app (required for its role).</summary>
    public const string MustEnrolTwoFactor = "paydesk:must-enrol-2fa";

    /// <summary>This sign-in's own id: signing out ends this session, not the person's others (Identity.SignedInSessions).</summary>
    public const string Session = "paydesk:sid";
}

/// <summary>
/// Who is acting now: the HTTP user when there is one, else whoever background work or a CLI
/// verb says it acts for, else the system. A singleton, so pooled DbContexts can use it.
/// </summary>
internal sealed class ActorAccessor(IHttpContextAccessor http)
{
    private static readonly AsyncLocal<Actor?> Override = new();

    public Actor Current => Override.Value ?? (http.HttpContext is { } ctx ? Actor.FromPrincipal(ctx.User) : Actor.System);

    /// <summary>Acts as <paramref name="actor"/> for the rest of the calling async flow.</summary>
    public static void ActAs(Actor actor) => Override.Value = actor;
}
