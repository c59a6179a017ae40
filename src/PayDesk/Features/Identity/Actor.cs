using System.Security.Claims;

namespace PayDesk.Features.Identity;

/// <summary>Who is acting: a signed-in user, or the system (start-up, CLI, background work).</summary>
internal sealed record Actor(Guid? UserId, string Name, IReadOnlySet<string> Roles, Guid? CustomerId)
{
    public static readonly Actor System = new(null, "system", new HashSet<string>(), null);

    public bool IsStaff => Roles.Overlaps(Identity.Roles.Staff);
    public bool IsCustomer => !IsStaff && Roles.Contains(Identity.Roles.Customer);
    public bool IsSystem => UserId is null;

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
}

/// <summary>The actor of the current scope: the HTTP user when there is one, else the system.</summary>
internal sealed class ActorAccessor(IHttpContextAccessor http)
{
    private Actor? _override;

    public Actor Current => _override ?? (http.HttpContext is { } ctx ? Actor.FromPrincipal(ctx.User) : Actor.System);

    /// <summary>For CLI verbs and background work acting on someone's behalf.</summary>
    public void Set(Actor actor) => _override = actor;
}
