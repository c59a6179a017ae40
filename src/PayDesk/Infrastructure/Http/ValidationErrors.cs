using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace PayDesk.Infrastructure.Http;

/// <summary>Collects field-level messages (in the caller's language) for an RFC 9457 validation problem.</summary>
internal sealed class ValidationErrors(IStringLocalizer<SharedResource> l)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IStringLocalizer<SharedResource> Text => l;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    // Without arguments the text is used as written (it may show placeholders such as {code}).
    public void AddKey(string field, string resourceKey, params object[] args) =>
        Add(field, args.Length == 0 ? l[resourceKey] : l[resourceKey, args]);

    public bool Required(string field, string? value)
    {
        if (HasVisibleText(value)) return true;
        AddKey(field, "Validation.Required");
        return false;
    }

    /// <summary>The languages PayDesk speaks (zh-CN, en); absent passes unless <paramref name="required"/>.</summary>
    public void Locale(string field, string? locale, bool required = false)
    {
        if (locale is null ? required : locale is not ("zh-CN" or "en")) AddKey(field, "Request.InvalidEnum", "zh-CN, en");
    }

    /// <summary>
    /// Whether a text has something to read: blanks, control characters (NUL) and invisible format characters (zero-width
    /// spaces, direction marks) alone are no subject or name, however many of them (an outside probe filed "‮​").
    /// </summary>
    public static bool HasVisibleText(string? value) =>
        value is not null && value.Any(c => !char.IsWhiteSpace(c) && !char.IsControl(c)
            && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format);

    /// <summary>Required, and at most <paramref name="max"/> characters (reasons, notes).</summary>
    public bool RequiredText(string field, string? value, int max)
    {
        if (!Required(field, value)) return false;
        MaxLength(field, value, max);
        return true;
    }

    /// <summary>
    /// The dates a query may name. Periods and plans are computed from them (a day before, a week after,
    /// the time zone's offset), and 0001-01-01 or 9999-12-31 would run off the calendar; nothing PayDesk
    /// keeps lies outside this century.
    /// </summary>
    public static readonly DateOnly FirstDate = new(2000, 1, 1), LastDate = new(2099, 12, 31);

    /// <summary>A local date written yyyy-MM-dd, or null when none is given or it is not one (then the field is named).</summary>
    public DateOnly? OptionalDate(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var date))
        {
            AddKey(field, "Validation.Date");
            return null;
        }
        if (date < FirstDate || date > LastDate)
        {
            AddKey(field, "Validation.DateRange", FirstDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                LastDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }
        return date;
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) AddKey(field, "Validation.MaxLength", max);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(ToDictionary(), title: l["Validation.Title"]);
}

/// <summary>A use case's answer: the value, or the reasons it was refused (for the API, hubs and pages alike).</summary>
internal readonly record struct Outcome<T>(T? Value, ValidationErrors? Errors) where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(ValidationErrors errors) => new(null, errors);

    public bool Failed => Errors is not null;

    public string ErrorText => Errors is null ? "" : string.Join(" ", Errors.ToDictionary().SelectMany(e => e.Value));
}
