using System.Text;
using System.Text.RegularExpressions;

namespace PayDesk.Infrastructure.Security;

/// <summary>The kinds of personal data that are encrypted at rest and masked on display.</summary>
internal enum PersonalDataKind
{
    Phone,
    IdNumber,
    CardNumber,
}

/// <summary>
/// Normalising, validating and masking phone, ID-card and card numbers. Pure functions,
/// so the same rules serve the API, the UI and the demo data.
/// </summary>
internal static partial class PersonalData
{
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    [GeneratedRegex(@"^\d{17}[\dX]$")]
    private static partial Regex IdCardShape();

    /// <summary>Digits only; a mainland number written with +86/0086 loses the country code.</summary>
    public static string? NormalizePhone(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var trimmed = raw.Trim();
        var sb = new StringBuilder(trimmed.Length);
        foreach (var ch in trimmed)
        {
            if (char.IsAsciiDigit(ch)) sb.Append(ch);
            else if (ch is ' ' or '-' or '(' or ')' || (ch == '+' && sb.Length == 0)) continue;
            else return null;
        }
        var digits = sb.ToString();
        if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        if (MainlandMobile().IsMatch(digits)) return digits;
        // Overseas and landline numbers: E.164 allows at most 15 digits.
        return digits.Length is >= 7 and <= 15 && !digits.StartsWith('1') ? digits : null;
    }

    /// <summary>18-character resident ID (GB 11643-1999) with its ISO 7064 MOD 11-2 check digit.</summary>
    public static string? NormalizeIdNumber(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var id = raw.Trim().ToUpperInvariant();
        if (!IdCardShape().IsMatch(id)) return null;
        return IdCheckDigit(id.AsSpan(0, 17)) == id[17] ? id : null;
    }

    public static char IdCheckDigit(ReadOnlySpan<char> first17)
    {
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const string checks = "10X98765432";
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * weights[i];
        return checks[sum % 11];
    }

    /// <summary>Card numbers (PAN) of 13–19 digits that pass the Luhn check.</summary>
    public static string? NormalizeCardNumber(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var digits = new string(raw.Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length is < 13 or > 19 || !digits.All(char.IsAsciiDigit)) return null;
        return LuhnValid(digits) ? digits : null;
    }

    public static bool LuhnValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    public static string? Normalize(PersonalDataKind kind, string? raw) => kind switch
    {
        PersonalDataKind.Phone => NormalizePhone(raw),
        PersonalDataKind.IdNumber => NormalizeIdNumber(raw),
        PersonalDataKind.CardNumber => NormalizeCardNumber(raw),
    };

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailInText();

    /// <summary>
    /// Text written by someone else's system (a mail relay's refusal, an SMS gateway's report) with the addresses and personal
    /// numbers in it masked: "5.1.1 &lt;zhang.wei@163.com&gt;: Recipient address rejected" → "5.1.1 &lt;z******@163.com&gt;: …".
    /// </summary>
    public static string MaskContacts(string text) =>
        PersonalNumbers.Mask(EmailInText().Replace(text, m => MaskEmail(m.Value))).Text;

    /// <summary>An e-mail address as staff and notices show it: c******@example.cn.</summary>
    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@');
        return at <= 1 ? "*" + email[Math.Max(at, 0)..] : email[0] + new string('*', Math.Min(at - 1, 6)) + email[at..];
    }

    /// <summary>Masked forms shown everywhere a full value is not needed: 138****8000, 110***********123X, **** **** **** 1234.</summary>
    public static string Mask(PersonalDataKind kind, string normalized) => kind switch
    {
        PersonalDataKind.Phone => normalized.Length >= 7
            ? string.Concat(normalized.AsSpan(0, 3), new string('*', normalized.Length - 7), normalized.AsSpan(normalized.Length - 4))
            : new string('*', normalized.Length),
        PersonalDataKind.IdNumber => string.Concat(normalized.AsSpan(0, 3), new string('*', normalized.Length - 7), normalized.AsSpan(normalized.Length - 4)),
        PersonalDataKind.CardNumber => "**** **** **** " + normalized[^4..],
    };
}
