using System.Text.RegularExpressions;

namespace PayDesk.Infrastructure.Security;

/// <summary>Takes personal data out of free text for good (retention): names given, e-mail addresses, long numbers.</summary>
internal static partial class Anonymiser
{
    public const string Placeholder = "[已匿名]";
    public const string PersonPlaceholder = "[客户]";
    public const string NumberPlaceholder = "[号码]";
    public const string EmailPlaceholder = "[邮箱]";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Phone, card, ID and account numbers, masked or not: a run of at least seven digits, asterisks and separators.
    [GeneratedRegex(@"(?<![0-9A-Za-z])\+?[0-9*][0-9*\- ]{5,}[0-9Xx*](?![0-9A-Za-z])")]
    private static partial Regex LongNumber();

    /// <summary>The text with e-mail addresses, long numbers and the given names (two characters or more) replaced.</summary>
    public static string Scrub(string? text, IEnumerable<string> names)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var result = Email().Replace(text, EmailPlaceholder);
        result = LongNumber().Replace(result, NumberPlaceholder);
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length >= 2 && n != Placeholder && n != PersonPlaceholder)
                     .Distinct().OrderByDescending(n => n.Length))
        {
            result = result.Replace(name, PersonPlaceholder, StringComparison.OrdinalIgnoreCase);
        }
        return result;
    }
}
