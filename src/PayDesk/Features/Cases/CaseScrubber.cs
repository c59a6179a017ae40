using System.Text;
using System.Text.RegularExpressions;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>The placeholders personal data becomes in a case (案例脱敏占位符).</summary>
internal static class Placeholder
{
    public const string Customer = "【客户】";
    public const string Agent = "【坐席】";
    public const string Phone = "【手机号】";
    public const string Card = "【卡号】";
    public const string IdNumber = "【证件号】";
    public const string Serial = "【流水号】";
    public const string Account = "【账号】";
    public const string Email = "【邮箱】";
    public const string Complaint = "【投诉单号】";

    public static readonly string[] All = [Customer, Agent, Phone, Card, IdNumber, Serial, Account, Email, Complaint];
}

/// <summary>
/// What the scrubber must know beyond patterns: the people of this complaint (a name has no pattern) and the
/// numbers its records hold (a serial or an account number need not look like anything).
/// </summary>
internal sealed record ScrubContext(
    IReadOnlyCollection<string> CustomerNames,
    IReadOnlyCollection<string> StaffNames,
    IReadOnlyCollection<string> Phones,
    IReadOnlyCollection<string> Cards,
    IReadOnlyCollection<string> IdNumbers,
    IReadOnlyCollection<string> Serials,
    IReadOnlyCollection<string> Accounts,
    IReadOnlyCollection<string> Emails,
    IReadOnlyCollection<string> ComplaintNumbers)
{
    public static readonly ScrubContext None = new([], [], [], [], [], [], [], [], []);
}

/// <summary>Something in a case's text that still looks like personal data: what kind, and the text found.</summary>
internal sealed record ScrubFinding(string Kind, string Text);

/// <summary>
/// Removes personal data from text that becomes a case: the complaint's own people and numbers (known from its
/// records), then anything that looks like a phone, card, ID, e-mail, serial or an already-masked number
/// (138****8000 still gives away half a phone). It errs towards removing: a case loses nothing by a
/// 【卡号】 too many, and a customer loses much by one too few. Pure rules, no I/O.
/// </summary>
internal static partial class CaseScrubber
{
    // Honorifics written after a surname: 张先生, 王女士, 李小姐.
    private static readonly string[] Honorifics = ["先生", "女士", "小姐", "阿姨", "大爷"];

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    // A number partly masked already: 138****8000, 110***********002X, 622202******1234, **** **** **** 1234.
    [GeneratedRegex(@"(?<![0-9A-Za-z*])(?:[0-9]{0,6}(?:\*[ \-]?){3,}[0-9]{0,4}[Xx]?)(?![0-9A-Za-z*])")]
    private static partial Regex MaskedPattern();

    // A complaint number as PayDesk writes it.
    [GeneratedRegex(@"(?<![A-Za-z0-9])PD-\d{4}-\d{4,}(?![0-9])")]
    private static partial Regex ComplaintPattern();

    // A transaction serial or order number: letters glued to a long digit run (T2026112500012345, ORD20261125…),
    // or the words 流水号/订单号/交易号 followed by a code.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{1,6}[\-_]?\d{8,}[A-Za-z0-9]*(?![A-Za-z0-9])")]
    private static partial Regex GluedSerialPattern();

    [GeneratedRegex(@"(?<=(?:流水号|订单号|交易号|单号|serial|order)\s*[:：是为]?\s*)[A-Za-z0-9\-]{6,}", RegexOptions.IgnoreCase)]
    private static partial Regex NamedSerialPattern();

    // 18-character resident ID, possibly grouped 6-8-4 by spaces or dashes; the check character may be X.
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{6}[ \-]?\d{8}[ \-]?\d{3}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdPattern();

    // 16–19 digit card numbers, grouped or not (no Luhn check: a mistyped card is still someone's card).
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d(?:[ \-]?\d){15,18}(?![0-9A-Za-z])")]
    private static partial Regex CardPattern();

    // Mainland mobiles with +86/0086 and any grouping: 13800138000, 138 0013 8000, 138-0013-8000, +86 138…
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d(?:[ \-]?\d){8}(?![0-9A-Za-z])")]
    private static partial Regex PhonePattern();

    // Any other run of ten or more digits (an account or order number nobody labelled).
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{10,}(?![0-9A-Za-z])")]
    private static partial Regex LongNumberPattern();

    /// <summary>The text with the complaint's people and every personal number replaced by placeholders.</summary>
    public static string Scrub(string? text, ScrubContext known)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = Normalise(text);

        // The complaint's own records first: exact values win over guesses about what a digit run is.
        s = ReplaceLiterals(s, known.Emails, Placeholder.Email);
        s = ReplaceLiterals(s, known.Serials, Placeholder.Serial);
        s = ReplaceLiterals(s, known.ComplaintNumbers, Placeholder.Complaint);
        s = ReplaceDigits(s, known.IdNumbers, Placeholder.IdNumber);
        s = ReplaceDigits(s, known.Cards, Placeholder.Card);
        s = ReplaceDigits(s, known.Accounts, Placeholder.Account);
        s = ReplaceDigits(s, known.Phones, Placeholder.Phone);

        // What PayDesk's intake masking recognises (full-width digits, +86, Luhn-valid cards, checked IDs).
        var masked = PersonalNumbers.Find(s);
        if (masked.Count > 0)
        {
            var sb = new StringBuilder(s.Length);
            var at = 0;
            foreach (var m in masked)
            {
                sb.Append(s, at, m.Start - at).Append(m.Kind switch
                {
                    PersonalDataKind.Phone => Placeholder.Phone,
                    PersonalDataKind.IdNumber => Placeholder.IdNumber,
                    PersonalDataKind.CardNumber => Placeholder.Card,
                });
                at = m.Start + m.Length;
            }
            s = sb.Append(s, at, s.Length - at).ToString();
        }

        s = EmailPattern().Replace(s, Placeholder.Email);
        s = MaskedPattern().Replace(s, m => MaskedKind(m.Value));
        s = ComplaintPattern().Replace(s, Placeholder.Complaint);
        s = GluedSerialPattern().Replace(s, Placeholder.Serial);
        s = NamedSerialPattern().Replace(s, Placeholder.Serial);
        s = IdPattern().Replace(s, Placeholder.IdNumber);
        s = CardPattern().Replace(s, Placeholder.Card);
        s = PhonePattern().Replace(s, Placeholder.Phone);
        s = LongNumberPattern().Replace(s, Placeholder.Serial);

        // Names last, longest first, so 张伟明 is not left as 【客户】明 by a shorter 张伟.
        foreach (var (form, placeholder) in NameForms(known).OrderByDescending(f => f.Form.Length))
        {
            s = s.Replace(form, placeholder, StringComparison.OrdinalIgnoreCase);
        }
        return s;
    }

    /// <summary>
    /// What in the text still looks like personal data (a supervisor's edit may have brought it back): the
    /// patterns, the complaint's known numbers, and the customer's name in any of its forms. Staff names are
    /// not refused — a supervisor may sign a lesson — but the scrubber removes them from the draft.
    /// </summary>
    public static IReadOnlyList<ScrubFinding> Findings(string? text, ScrubContext known)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var s = Normalise(text);
        var found = new List<ScrubFinding>();
        void Matches(Regex pattern, string kind)
        {
            foreach (Match m in pattern.Matches(s)) found.Add(new ScrubFinding(kind, m.Value));
        }
        foreach (var m in PersonalNumbers.Find(s)) found.Add(new ScrubFinding(KindOf(m.Kind), m.Value));
        Matches(EmailPattern(), "email");
        foreach (Match m in MaskedPattern().Matches(s)) found.Add(new ScrubFinding(KindOf(MaskedKind(m.Value)), m.Value));
        Matches(ComplaintPattern(), "complaint");
        Matches(GluedSerialPattern(), "serial");
        Matches(NamedSerialPattern(), "serial");
        Matches(IdPattern(), "id");
        Matches(CardPattern(), "card");
        Matches(PhonePattern(), "phone");
        Matches(LongNumberPattern(), "serial");
        var digits = DigitsOf(s);
        foreach (var (values, kind) in new[] { (known.Phones, "phone"), (known.Cards, "card"), (known.IdNumbers, "id"), (known.Accounts, "account") })
        {
            foreach (var v in values.Where(v => v.Length >= 6 && digits.Contains(DigitsOf(v), StringComparison.OrdinalIgnoreCase))) found.Add(new ScrubFinding(kind, v));
        }
        foreach (var v in known.Serials.Concat(known.Emails).Where(v => v.Length >= 4 && s.Contains(v, StringComparison.OrdinalIgnoreCase))) found.Add(new ScrubFinding("serial", v));
        foreach (var (form, placeholder) in NameForms(known with { StaffNames = [] }))
        {
            if (placeholder == Placeholder.Customer && s.Contains(form, StringComparison.OrdinalIgnoreCase)) found.Add(new ScrubFinding("name", form));
        }
        return found.DistinctBy(f => (f.Kind, f.Text)).ToList();
    }

    /// <summary>The forms a person's name takes in Chinese text: 张伟明, 伟明 (given name of two characters or more), 张先生/张女士.</summary>
    private static IEnumerable<(string Form, string Placeholder)> NameForms(ScrubContext known)
    {
        var forms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (names, placeholder) in new[] { (known.StaffNames, Placeholder.Agent), (known.CustomerNames, Placeholder.Customer) })
        {
            foreach (var raw in names)
            {
                var name = raw.Trim();
                if (name.Length < 2) continue;
                forms[name] = placeholder;
                if (!IsHan(name)) continue;
                // Two-character compound surnames (欧阳, 司马) are rare; a one-character surname is the usual case.
                var surname = name.Length >= 4 ? name[..2] : name[..1];
                var given = name[surname.Length..];
                if (given.Length >= 2) forms.TryAdd(given, placeholder);
                foreach (var h in Honorifics) forms[surname + h] = placeholder;
            }
        }
        return forms.Select(f => (f.Key, f.Value));
    }

    private static bool IsHan(string s) => s.All(c => c is >= '\u4e00' and <= '\u9fff');

    private static string MaskedKind(string masked)
    {
        var length = masked.Count(c => c is not (' ' or '-'));
        return length switch
        {
            11 => Placeholder.Phone,
            18 => Placeholder.IdNumber,
            _ => Placeholder.Card,
        };
    }

    private static string KindOf(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Phone => "phone",
        PersonalDataKind.IdNumber => "id",
        PersonalDataKind.CardNumber => "card",
    };

    private static string KindOf(string placeholder) => placeholder switch
    {
        Placeholder.Phone => "phone",
        Placeholder.IdNumber => "id",
        _ => "card",
    };

    /// <summary>Full-width digits, letters and separators as their ASCII twins, so one set of patterns serves both.</summary>
    private static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                >= '０' and <= '９' => (char)(c - '０' + '0'),
                >= 'Ａ' and <= 'Ｚ' => (char)(c - 'Ａ' + 'A'),
                >= 'ａ' and <= 'ｚ' => (char)(c - 'ａ' + 'a'),
                '－' or '‐' or '–' => '-',
                '\u3000' or '\u00A0' => ' ',
                '＊' => '*',
                '＋' => '+',
                _ => c,
            });
        }
        return sb.ToString();
    }

    private static string ReplaceLiterals(string s, IEnumerable<string> values, string placeholder)
    {
        foreach (var v in values.Where(v => v.Trim().Length >= 4).OrderByDescending(v => v.Length))
        {
            s = s.Replace(v.Trim(), placeholder, StringComparison.OrdinalIgnoreCase);
        }
        return s;
    }

    /// <summary>Replaces a known number however it is grouped (spaces or dashes between its digits).</summary>
    private static string ReplaceDigits(string s, IEnumerable<string> values, string placeholder)
    {
        foreach (var v in values.Select(DigitsOf).Where(v => v.Length >= 6).Distinct().OrderByDescending(v => v.Length))
        {
            var pattern = "(?<![0-9A-Za-z])" + string.Join(@"[ \-]?", v.Select(c => Regex.Escape(c.ToString()))) + "(?![0-9A-Za-z])";
            s = Regex.Replace(s, pattern, placeholder, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        }
        return s;
    }

    private static string DigitsOf(string value) => new(Normalise(value).Where(c => char.IsAsciiDigit(c) || c is 'X' or 'x').ToArray());
}
