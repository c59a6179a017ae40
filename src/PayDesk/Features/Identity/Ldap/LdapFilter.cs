using System.Text;

namespace PayDesk.Features.Identity.Ldap;

/// <summary>Puts what a person typed into an LDAP search filter as a value, never as filter syntax.</summary>
internal static class LdapFilter
{
    /// <summary>Escapes a value for a filter (RFC 4515 §3): <c>* ( ) \ NUL</c> become <c>\2a \28 \29 \5c \00</c>.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\5c"),
                '*' => escaped.Append(@"\2a"),
                '(' => escaped.Append(@"\28"),
                ')' => escaped.Append(@"\29"),
                '\0' => escaped.Append(@"\00"),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }

    /// <summary>The configured filter with every <c>{0}</c> replaced by the escaped value.</summary>
    public static string Format(string filter, string value) => filter.Replace("{0}", Escape(value), StringComparison.Ordinal);
}
