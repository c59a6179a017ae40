using System.Net;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity.Ldap;

/// <summary>
/// Staff sign-in from the company directory (section <c>Ldap</c>). Off unless <see cref="Enabled"/>;
/// when on, everything below is checked at start-up so a typo stops the server instead of every sign-in.
/// </summary>
internal sealed class LdapOptions
{
    public const string Section = "Ldap";

    public bool Enabled { get; set; }

    public string Host { get; set; } = "";

    /// <summary>0 picks the protocol's port: 636 with <see cref="UseSsl"/>, else 389.</summary>
    public int Port { get; set; }

    /// <summary>LDAPS (TLS from the first byte).</summary>
    public bool UseSsl { get; set; }

    /// <summary>StartTLS on the plain port before anything is sent.</summary>
    public bool StartTls { get; set; }

    /// <summary>
    /// Passwords go to the directory in a simple bind; in clear text unless TLS is on. Only a loopback
    /// host may go without TLS unless this says the network in between is trusted.
    /// </summary>
    public bool AllowInsecure { get; set; }

    /// <summary>The search (service) account; both empty = anonymous search, where the directory allows it.</summary>
    public string? BindDn { get; set; }

    public string? BindPassword { get; set; }

    public string UserSearchBase { get; set; } = "";

    /// <summary>Finds the one person for what they typed; <c>{0}</c> is replaced by the escaped input (RFC 4515).</summary>
    public string UserFilter { get; set; } = "(&(objectClass=inetOrgPerson)(|(uid={0})(mail={0})))";

    public string GroupAttribute { get; set; } = "memberOf";

    public string MailAttribute { get; set; } = "mail";

    public string DisplayNameAttribute { get; set; } = "displayName";

    /// <summary>Directory groups that grant PayDesk staff roles; a person in none of them is refused.</summary>
    public List<GroupRole> GroupRoleMap { get; set; } = [];

    /// <summary>Connect, bind and search together must answer within this many seconds.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    public int EffectivePort => Port > 0 ? Port : UseSsl ? 636 : 389;

    public sealed class GroupRole
    {
        /// <summary>A group's full DN (<c>cn=agents,ou=groups,dc=example,dc=com</c>) or just its CN (<c>agents</c>).</summary>
        public string Group { get; set; } = "";

        public string Role { get; set; } = "";
    }

    public bool IsLoopbackHost =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));
}

internal sealed class LdapOptionsValidator : IValidateOptions<LdapOptions>
{
    public ValidateOptionsResult Validate(string? name, LdapOptions o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Host)) errors.Add("Ldap:Host is required when Ldap:Enabled is true.");
        if (o.Port is < 0 or > 65535) errors.Add("Ldap:Port must be between 1 and 65535 (0 = 389, or 636 with UseSsl).");
        if (o.UseSsl && o.StartTls) errors.Add("Ldap:UseSsl and Ldap:StartTls exclude each other; pick one.");
        if (!o.UseSsl && !o.StartTls && !o.AllowInsecure && !string.IsNullOrWhiteSpace(o.Host) && !o.IsLoopbackHost)
        {
            errors.Add($"Ldap:Host '{o.Host}' is not on this machine: set Ldap:UseSsl or Ldap:StartTls, or Ldap:AllowInsecure=true if passwords may cross the network in clear text.");
        }
        if (string.IsNullOrWhiteSpace(o.BindDn) != string.IsNullOrEmpty(o.BindPassword))
        {
            errors.Add("Ldap:BindDn and Ldap:BindPassword go together (both empty = anonymous search).");
        }
        if (string.IsNullOrWhiteSpace(o.UserSearchBase)) errors.Add("Ldap:UserSearchBase is required.");
        if (!o.UserFilter.Contains("{0}", StringComparison.Ordinal) || !o.UserFilter.StartsWith('(') || !o.UserFilter.EndsWith(')'))
        {
            errors.Add("Ldap:UserFilter must be a parenthesised LDAP filter containing {0} for what the person typed.");
        }
        if (string.IsNullOrWhiteSpace(o.GroupAttribute)) errors.Add("Ldap:GroupAttribute is required (memberOf).");
        if (string.IsNullOrWhiteSpace(o.MailAttribute)) errors.Add("Ldap:MailAttribute is required (mail).");
        if (o.TimeoutSeconds is < 1 or > 120) errors.Add("Ldap:TimeoutSeconds must be between 1 and 120.");
        if (o.GroupRoleMap.Count == 0)
        {
            errors.Add("Ldap:GroupRoleMap is empty: nobody could sign in. Map at least one group, e.g. Ldap:GroupRoleMap:0:Group=cn=agents,ou=groups,dc=example,dc=com and Ldap:GroupRoleMap:0:Role=agent.");
        }
        for (var i = 0; i < o.GroupRoleMap.Count; i++)
        {
            var entry = o.GroupRoleMap[i];
            if (string.IsNullOrWhiteSpace(entry.Group)) errors.Add($"Ldap:GroupRoleMap:{i}:Group is empty.");
            // Customers never come from the staff directory.
            if (!Roles.Staff.Contains(entry.Role))
            {
                errors.Add($"Ldap:GroupRoleMap:{i}:Role '{entry.Role}' is not a staff role ({string.Join(", ", Roles.Staff)}).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
