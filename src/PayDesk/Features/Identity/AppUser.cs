using Microsoft.AspNetCore.Identity;

namespace PayDesk.Features.Identity;

internal sealed class AppUser : IdentityUser<Guid>
{
    public AppUser() => Id = Guid.CreateVersion7();

    public string DisplayName { get; set; } = "";

    /// <summary>For customer accounts: the customer record this login belongs to.</summary>
    public Guid? CustomerId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Set by an administrator: the person can no longer sign in, and their sessions and tokens stop at once.</summary>
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>After an administrator's reset: the one-time password only opens the change-password page.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Set for staff who sign in through the company directory (LDAP): their entry's DN. They have no local password.</summary>
    public string? DirectoryDn { get; set; }
}

internal static class Roles
{
    public const string Customer = "customer";
    public const string Agent = "agent";
    public const string Expert = "expert";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static readonly string[] All = [Customer, Agent, Expert, Supervisor, Admin];
    public static readonly string[] Staff = [Agent, Expert, Supervisor, Admin];

    /// <summary>Roles that may be required to use a second factor (Security:RequireTwoFactorForPrivilegedRoles).</summary>
    public static readonly string[] Privileged = [Supervisor, Admin];
}

internal static class Policies
{
    public const string Staff = "staff";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";
    public const string Customer = "customer";
}
