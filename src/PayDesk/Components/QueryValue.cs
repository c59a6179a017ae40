using System.Globalization;

namespace PayDesk.Components;

/// <summary>
/// A page's numbers, ids and switches from its address, read as text and parsed here: Blazor's own binding throws on
/// <c>?page=x</c> or <c>?page=2147483648</c>, which answered a typo or a crawler with HTTP 500 (and logged the address,
/// signed links included, as an error). A value that does not parse is read as absent — the page's default.
/// </summary>
internal static class QueryValue
{
    public static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static Guid? Guid(string? text) => System.Guid.TryParse(text, out var value) ? value : null;

    public static bool? Bool(string? text) => bool.TryParse(text, out var value) ? value : null;
}
