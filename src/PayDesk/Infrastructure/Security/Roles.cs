namespace PayDesk.Infrastructure.Security;

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
