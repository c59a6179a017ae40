using System.Text;

namespace PayDesk.Infrastructure.Security;

/// <summary>One personal number found in free text: where it was, what it is, the number itself and its mask.</summary>
internal readonly record struct PersonalNumberMatch(int Start, int Length, PersonalDataKind Kind, string Value, string Masked);

/// <summary>Free text with every personal number replaced by its mask, and what was replaced.</summary>
internal sealed record MaskedText(string Text, IReadOnlyList<PersonalNumberMatch> Matches)
{
    public bool Changed => Matches.Count > 0;
}

/// <summary>
/// Finds mainland mobile numbers, resident ID numbers and bank-card numbers in text anyone wrote
/// (a complaint, a chat line, an e-mail) and masks them. Pure rules, no I/O (decision 0003).
/// <list type="bullet">
/// <item>A number is made of whole digit runs (ASCII or full-width), optionally grouped by spaces (any
/// number of them, tabs too), invisible zero-width characters, one dash, a closing bracket ((138)1234-5678) or a
/// dot between groups of three or more digits (138.1234.5678; 199.00 stays an amount); a run is never split, so
/// nothing inside a 20-digit serial is matched.</item>
/// <item>A run glued to a Latin letter or underscore (T2026…, ORD123…) is an identifier, not a
/// number someone typed, and is left alone; so is the fraction of a decimal.</item>
/// <item>Mobile: 1[3-9] and 9 digits, optionally after +86/0086. ID: 18 characters with a real birth
/// date and the GB 11643 check character. Card: 13–19 digits from a card issuer's range (2221–2720,
/// 3–6, 8, 9) that pass Luhn — or, written in groups of four as cards are (6222 0212 3456 7890 123), 16–19
/// such digits whatever their check digit: a mistyped card is still mostly someone's card. The checks keep
/// order numbers and dates from being masked.</item>
/// </list>
/// </summary>
internal static class PersonalNumbers
{
    private const int MaxDigits = 19;

    /// <summary>The text with each personal number replaced by its mask (138****8000, 110***********002X, 622202******1234).</summary>
    public static MaskedText Mask(string text)
    {
        var matches = Find(text);
        if (matches.Count == 0) return new MaskedText(text, matches);
        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var m in matches)
        {
            sb.Append(text, at, m.Start - at).Append(m.Masked);
            at = m.Start + m.Length;
        }
        sb.Append(text, at, text.Length - at);
        return new MaskedText(sb.ToString(), matches);
    }

    /// <summary>Masks without telling what was found; null stays null.</summary>
    public static string? MaskText(string? text) => text is null ? null : Mask(text).Text;

    /// <summary>The card mask for free text: the issuer (first 6) and last 4 at most, as PCI DSS allows.</summary>
    public static string MaskCard(string digits) =>
        string.Concat(digits.AsSpan(0, 6), new string('*', digits.Length - 10), digits.AsSpan(digits.Length - 4));

    public static IReadOnlyList<PersonalNumberMatch> Find(string text)
    {
        var found = new List<PersonalNumberMatch>();
        var chain = new List<Run>();
        var i = 0;
        while (i < text.Length)
        {
            if (Digit(text[i]) < 0)
            {
                i++;
                continue;
            }
            chain.Clear();
            i = ReadChain(text, i, chain);
            Classify(text, chain, found);
        }
        return found;
    }

    /// <summary>A maximal digit run; <see cref="Glued"/> when a letter or a decimal point touches it from outside the chain.</summary>
    private sealed record Run(int Start, int End, string Digits, bool EndsWithX, bool PlusBefore, bool Glued);

    /// <summary>Where the separator after a run ends (the next run starts there), or -1 when the runs are not joined.</summary>
    private static int SeparatorEnd(string text, int i, int digitsBefore)
    {
        var visible = 0;
        var j = i;
        while (j < text.Length && j - i < 4 && IsSeparator(text[j]))
        {
            if (!IsBlank(text[j]))
            {
                // One visible separator at most; a dot only between groups of three or more digits (not 199.00).
                if (++visible > 1) return -1;
                if (text[j] is '.' or '．' && (digitsBefore < 3 || DigitsFrom(text, j + 1) < 3)) return -1;
            }
            j++;
        }
        return j > i && j < text.Length && Digit(text[j]) >= 0 ? j : -1;
    }

    private static int DigitsFrom(string text, int i)
    {
        var n = 0;
        while (i + n < text.Length && Digit(text[i + n]) >= 0) n++;
        return n;
    }

    /// <summary>Reads digit runs joined by single separators, from a digit at <paramref name="start"/>; returns where reading stopped.</summary>
    private static int ReadChain(string text, int start, List<Run> chain)
    {
        var i = start;
        while (true)
        {
            var runStart = i;
            var digits = new StringBuilder();
            while (i < text.Length && Digit(text[i]) is var d and >= 0)
            {
                digits.Append((char)('0' + d));
                i++;
            }
            var endsWithX = i < text.Length && IsX(text[i]) && (i + 1 == text.Length || !IsWordChar(text[i + 1]) && Digit(text[i + 1]) < 0);
            if (endsWithX) i++;
            var glued = false;
            if (chain.Count == 0 && runStart > 0)
            {
                var before = text[runStart - 1];
                glued = IsWordChar(before) || before == '.' && runStart >= 2 && Digit(text[runStart - 2]) >= 0;
            }
            var next = endsWithX ? -1 : SeparatorEnd(text, i, digits.Length);
            var continues = next > 0;
            if (!continues && i < text.Length)
            {
                var after = text[i];
                glued |= IsWordChar(after) || after == '.' && i + 1 < text.Length && Digit(text[i + 1]) >= 0;
            }
            var plus = runStart > 0 && text[runStart - 1] is '+' or '＋';
            chain.Add(new Run(runStart, i, digits.ToString(), endsWithX, plus, glued));
            if (!continues) return i;
            i = next;
        }
    }

    /// <summary>Left to right, the longest range of whole runs that is a personal number wins.</summary>
    private static void Classify(string text, List<Run> chain, List<PersonalNumberMatch> found)
    {
        var i = 0;
        while (i < chain.Count)
        {
            (int End, PersonalDataKind Kind, string Value)? best = null;
            var digits = new StringBuilder();
            var fours = true;
            for (var j = i; j < chain.Count; j++)
            {
                var run = chain[j];
                if (run.Glued) break;
                digits.Append(run.Digits);
                if (run.EndsWithX) digits.Append('X');
                if (digits.Length > MaxDigits) break;
                // Groups of four, the last of one to four: how cards are written.
                var groupedLikeCard = fours && j - i >= 3 && run.Digits.Length is >= 1 and <= 4;
                fours &= run.Digits.Length == 4;
                if (Recognise(digits.ToString(), groupedLikeCard) is { } hit) best = (j, hit.Kind, hit.Value);
                if (run.EndsWithX) break;
            }
            if (best is not { } b)
            {
                i++;
                continue;
            }
            var start = chain[i].Start;
            if (b.Kind == PersonalDataKind.Phone && chain[i].PlusBefore) start--;
            // (138)1234-5678: the bracket goes with the number it opened.
            if (b.End > i && start > 0 && text[start - 1] is '(' or '（' && text[chain[i].End] is ')' or '）') start--;
            var end = chain[b.End].End;
            var masked = b.Kind == PersonalDataKind.CardNumber ? MaskCard(b.Value) : PersonalData.Mask(b.Kind, b.Value);
            found.Add(new PersonalNumberMatch(start, end - start, b.Kind, b.Value, masked));
            i = b.End + 1;
        }
    }

    /// <summary>What a digit string (an ID may end in X) is, if it is a personal number.</summary>
    public static (PersonalDataKind Kind, string Value)? Recognise(string digits, bool groupedLikeCard = false)
    {
        if (digits.Length == 18 && IsIdNumber(digits)) return (PersonalDataKind.IdNumber, digits);
        if (digits[^1] == 'X') return null;
        if (Mobile(digits) is { } phone) return (PersonalDataKind.Phone, phone);
        if (digits.Length is >= 13 and <= MaxDigits && IssuerRange(digits) && (PersonalData.LuhnValid(digits) || groupedLikeCard && digits.Length >= 16))
        {
            return (PersonalDataKind.CardNumber, digits);
        }
        return null;
    }

    private static string? Mobile(string digits)
    {
        var national = digits.Length switch
        {
            11 => digits,
            13 when digits.StartsWith("86", StringComparison.Ordinal) => digits[2..],
            15 when digits.StartsWith("0086", StringComparison.Ordinal) => digits[4..],
            _ => null,
        };
        return national is not null && national[0] == '1' && national[1] is >= '3' and <= '9' ? national : null;
    }

    /// <summary>GB 11643: six-digit area, a real birth date (1900–2099), sequence, and the MOD 11-2 check character.</summary>
    private static bool IsIdNumber(string id)
    {
        for (var k = 0; k < 17; k++) if (!char.IsAsciiDigit(id[k])) return false;
        var year = int.Parse(id.AsSpan(6, 4));
        var month = int.Parse(id.AsSpan(10, 2));
        var day = int.Parse(id.AsSpan(12, 2));
        if (year is < 1900 or > 2099 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        return PersonalData.IdCheckDigit(id.AsSpan(0, 17)) == id[17];
    }

    /// <summary>
    /// Card numbers start with an issuer's digit: 3 (JCB, Amex), 4 (Visa), 5 and 2221–2720 (Mastercard),
    /// 6 (UnionPay 62, Discover), 8 (UnionPay 81) and 9 (domestic debit cards). Order numbers that
    /// begin with a date (2026…) or a 1 are not cards.
    /// </summary>
    private static bool IssuerRange(string digits) => digits[0] switch
    {
        '3' or '4' or '5' or '6' or '8' or '9' => true,
        '2' => int.Parse(digits.AsSpan(0, 4)) is >= 2221 and <= 2720,
        _ => false,
    };

    /// <summary>0–9 for ASCII and full-width digits (０–９), else -1.</summary>
    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '０' and <= '９' => c - '０',
        _ => -1,
    };

    private static bool IsX(char c) => c is 'X' or 'x' or 'Ｘ' or 'ｘ';

    private static bool IsSeparator(char c) => IsBlank(c) || c is '-' or '－' or '‐' or '–' or '.' or '．' or ')' or '）';

    /// <summary>Spaces, tabs and the invisible characters pasted text carries (zero-width space, joiners, BOM).</summary>
    private static bool IsBlank(char c) => c is ' ' or '\t' or '\u00A0' or '\u3000' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

    /// <summary>Latin letters (also full-width) and underscore: a digit run touching one is part of an identifier.</summary>
    private static bool IsWordChar(char c) => char.IsAsciiLetter(c) || c == '_' || c is >= 'Ａ' and <= 'Ｚ' || c is >= 'ａ' and <= 'ｚ';
}
