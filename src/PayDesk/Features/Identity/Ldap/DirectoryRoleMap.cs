using PayDesk.Infrastructure.Security;
namespace PayDesk.Features.Identity.Ldap;

/// <summary>
/// Turns a person's directory groups into PayDesk roles. Every mapped group counts (not only the
/// "highest"): PayDesk's staff roles are not a ladder — an expert is not more than an agent, and an
/// admin does not work complaints unless also an agent — so the directory's answer is kept whole.
/// </summary>
internal sealed class DirectoryRoleMap(IEnumerable<LdapOptions.GroupRole> entries)
{
    private readonly List<(string Group, bool IsDn, string Role)> _entries = entries
        .Select(e => (Normalize(e.Group), e.Group.Contains('='), e.Role))
        .ToList();

    /// <summary>The staff roles the groups grant, in <see cref="Roles.Staff"/> order; empty = no access.</summary>
    public IReadOnlyList<string> RolesFor(IEnumerable<string> groupDns)
    {
        var granted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dn in groupDns)
        {
            var normalized = Normalize(dn);
            var cn = CommonName(normalized);
            foreach (var entry in _entries)
            {
                if (entry.IsDn ? entry.Group == normalized : entry.Group == cn) granted.Add(entry.Role);
            }
        }
        return Roles.Staff.Where(granted.Contains).ToList();
    }

    /// <summary>
    /// Lower case, no blanks around separators: <c>CN=Agents, OU=Groups</c> and <c>cn=agents,ou=groups</c>
    /// name the same group (attribute types and, in the usual schemas, group names compare case-insensitively).
    /// </summary>
    internal static string Normalize(string dn) =>
        string.Join(',', SplitUnescaped(dn, ',').Select(rdn => string.Join('=', SplitUnescaped(rdn, '=').Select(p => p.Trim()))))
            .ToLowerInvariant();

    /// <summary>The value of the first RDN when it is a <c>cn=</c>: the group's short name.</summary>
    private static string? CommonName(string normalizedDn)
    {
        var first = SplitUnescaped(normalizedDn, ',').FirstOrDefault() ?? "";
        return first.StartsWith("cn=", StringComparison.Ordinal) ? first[3..] : null;
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
