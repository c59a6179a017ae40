using System.DirectoryServices.Protocols;
using System.Net;

namespace PayDesk.Tests.Infrastructure;

/// <summary>
/// The throwaway OpenLDAP that scripts/ldap-test-server starts (PAYDESK_TEST_LDAP=host:port and friends):
/// PayDesk's settings for it, and admin access so tests can add people and change groups.
/// </summary>
public static class LdapTestServer
{
    public static string? Address => Environment.GetEnvironmentVariable("PAYDESK_TEST_LDAP") is { Length: > 0 } a ? a : null;

    public static string BaseDn => Environment.GetEnvironmentVariable("PAYDESK_TEST_LDAP_BASE") ?? "dc=paydesk,dc=test";

    public static string PeopleDn => "ou=people," + BaseDn;

    public static string GroupDn(string cn) => $"cn={cn},ou=groups,{BaseDn}";

    public static string PersonDn(string uid) => $"uid={uid},{PeopleDn}";

    /// <summary>The seeded people's passwords follow one pattern (scripts/ldap-test-server).</summary>
    public static string PasswordOf(string givenName) => givenName + "-Directory-Passw0rd";

    /// <summary>Skips the test when no directory is configured, fails it when scripts/test promised one.</summary>
    public static void RequireOrSkip()
    {
        if (Address is not null) return;
        if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_LDAP") == "1")
        {
            throw new InvalidOperationException("PAYDESK_REQUIRE_LDAP=1 but PAYDESK_TEST_LDAP is not set.");
        }
        Assert.Skip("Directory tests need PAYDESK_TEST_LDAP; scripts/test starts OpenLDAP and sets it (by hand: scripts/ldap-test-server).");
    }

    /// <summary>PayDesk settings that point at the test directory, with the test's group map; empty when there is none.</summary>
    public static Dictionary<string, string?> Settings()
    {
        if (Address is null) return [];
        var (host, port) = Split(Address);
        return SettingsFor(host, port);
    }

    public static Dictionary<string, string?> SettingsFor(string host, int port, int timeoutSeconds = 5) => new()
    {
        ["Ldap:Enabled"] = "true",
        ["Ldap:Host"] = host,
        ["Ldap:Port"] = port.ToString(),
        ["Ldap:BindDn"] = Environment.GetEnvironmentVariable("PAYDESK_TEST_LDAP_ADMIN_DN") ?? "cn=admin," + BaseDn,
        ["Ldap:BindPassword"] = Environment.GetEnvironmentVariable("PAYDESK_TEST_LDAP_ADMIN_PASSWORD") ?? "Admin-Directory-Passw0rd",
        ["Ldap:UserSearchBase"] = PeopleDn,
        ["Ldap:UserFilter"] = "(&(objectClass=inetOrgPerson)(|(uid={0})(mail={0})))",
        ["Ldap:TimeoutSeconds"] = timeoutSeconds.ToString(),
        // One by full DN (as an administrator would copy it), the others by CN.
        ["Ldap:GroupRoleMap:0:Group"] = "cn=agents,ou=groups," + BaseDn,
        ["Ldap:GroupRoleMap:0:Role"] = "agent",
        ["Ldap:GroupRoleMap:1:Group"] = "supervisors",
        ["Ldap:GroupRoleMap:1:Role"] = "supervisor",
        ["Ldap:GroupRoleMap:2:Group"] = "admins",
        ["Ldap:GroupRoleMap:2:Role"] = "admin",
    };

    /// <summary>A connection bound as the directory's administrator.</summary>
    public static LdapConnection Admin()
    {
        RequireOrSkip();
        var (host, port) = Split(Address!);
        var connection = new LdapConnection(new LdapDirectoryIdentifier(host, port)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind(new NetworkCredential(
            Environment.GetEnvironmentVariable("PAYDESK_TEST_LDAP_ADMIN_DN") ?? "cn=admin," + BaseDn,
            Environment.GetEnvironmentVariable("PAYDESK_TEST_LDAP_ADMIN_PASSWORD") ?? "Admin-Directory-Passw0rd"));
        return connection;
    }

    /// <summary>Adds a person (uid, mail uid@paydesk.test) with a password and puts them in the given groups.</summary>
    public static string AddPerson(string uid, string displayName, string password, params string[] groups)
    {
        using var admin = Admin();
        var dn = PersonDn(uid);
        admin.SendRequest(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "inetOrgPerson"),
            new DirectoryAttribute("uid", uid),
            new DirectoryAttribute("cn", displayName),
            new DirectoryAttribute("sn", displayName),
            new DirectoryAttribute("displayName", displayName),
            new DirectoryAttribute("mail", uid + "@paydesk.test"),
            new DirectoryAttribute("userPassword", password)));
        foreach (var group in groups) SetMember(group, dn, member: true);
        return dn;
    }

    /// <summary>Adds a person to a group or takes them out (what ldapmodify would do).</summary>
    public static void SetMember(string groupCn, string personDn, bool member)
    {
        using var admin = Admin();
        admin.SendRequest(new ModifyRequest(GroupDn(groupCn),
            member ? DirectoryAttributeOperation.Add : DirectoryAttributeOperation.Delete, "member", personDn));
    }

    private static (string Host, int Port) Split(string address)
    {
        var colon = address.LastIndexOf(':');
        return (address[..colon], int.Parse(address[(colon + 1)..]));
    }
}
