using Microsoft.AspNetCore.Identity;

namespace PayDesk.Infrastructure.Security;

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
