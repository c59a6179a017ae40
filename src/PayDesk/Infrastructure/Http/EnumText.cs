using System.Text.Json;

namespace PayDesk.Infrastructure.Http;

/// <summary>Enum values as the API writes them (snake_case), parsed the same way from JSON and query strings.</summary>
internal static class EnumText
{
    public static string Name(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string Allowed(Type enumType) =>
        string.Join(", ", Enum.GetValues(enumType).Cast<Enum>().Select(Name));

    /// <summary>Parses "account_frozen" or "AccountFrozen"; anything else is a field error listing the allowed values.</summary>
    public static T? Parse<T>(string? text, string field, ValidationErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(Name(value), trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(value.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        errors.AddKey(field, "Request.InvalidEnum", Allowed(typeof(T)));
        return null;
    }

    /// <summary>
    /// Whether a value the caller passed is one <typeparamref name="T"/> defines; if not, a field error listing the allowed
    /// values. Use cases check what they store or switch on: a number cast to an enum arrives from more than JSON.
    /// </summary>
    public static bool Defined<T>(T? value, string field, ValidationErrors errors) where T : struct, Enum
    {
        if (value is not { } v || Enum.IsDefined(v)) return true;
        errors.AddKey(field, "Request.InvalidEnum", Allowed(typeof(T)));
        return false;
    }
}
