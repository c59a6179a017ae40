using System.Text.RegularExpressions;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Whether a text tells the customer that a refund or account adjustment was made or started ("已为您发起原路退款",
/// "已退款", "已调账", "refund has been initiated"). Such a sentence is a promise of money: it may go to the customer
/// only once the refund/adjustment is approved (maker-checker), or when the text itself says it is pending approval.
/// Pure, Chinese-aware: negations ("尚未退款", "退款还没有发起", "has not been refunded") and questions ("是否已退款？")
/// are not claims; {{placeholders}} of macros and templates are read as text, so a macro that claims is caught too.
/// </summary>
internal static partial class MoneyClaims
{
    // Sentence-internal stretches only: a claim and a negation in different sentences do not cancel out.
    // A decimal point between digits ("1309.52") is not a full stop.
    // Commas too: "已为您核实并处理，款项将原路退回" is a promise about later, not a claim that it was done.
    private const string Gap = @"(?:[^。！？；，,\n.!?;]|(?<=\d)\.(?=\d))";

    [GeneratedRegex(
        @"已(?:经)?" + Gap + @"{0,16}?(?:发起|办理|安排|完成|操作|提交|处理)(?:了)?" + Gap + @"{0,8}?(?:退款|退回|退还|调账|冲正|返还)"
        + @"|已(?:经)?(?:为您|给您|帮您|为你|给你|帮你)?(?:原路)?(?:全额|部分)?(?:退款|退回|退还|调账|冲正|返还)"
        // "退款已到账/已成功" reports a refund's state (often the merchant's) and is left alone; "退款已发起" says we started one.
        + @"|(?:退款|调账|冲正)(?:已经|已)(?:发起|办理|处理|原路退回|退回)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Chinese();

    [GeneratedRegex(
        @"\b(?:refund|adjustment|reversal)s?\b(?:[^.!?;\n]|(?<=\d)\.(?=\d)){0,40}?\b(?:has|have|was|were)\s+(?:already\s+)?(?:been\s+)?(?:initiated|issued|processed|made|completed|sent|started|credited|approved|paid)\b"
        + @"|\b(?:we|i)(?:'ve|\s+have|\s+already)?\s+(?:already\s+)?(?:initiated|issued|processed|started|made|sent|completed|arranged)\s+(?:a|an|the|your)?\s*(?:full\s+|partial\s+)?(?:refund|adjustment|reversal)"
        + @"|\b(?:we|i)(?:'ve|\s+have)?\s+(?:already\s+)?refunded\b|\byou\s+have\s+been\s+refunded\b|\byour\s+(?:account|balance)\s+has\s+been\s+(?:adjusted|credited)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex English();

    [GeneratedRegex(@"待审批|审批中|审核中|待审核|等待审批|审批通过后|审核通过后|pending\s+approval|awaiting\s+approval|subject\s+to\s+approval|once\s+(?:it\s+is\s+)?approved",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pending();

    private static readonly string[] Negations = ["尚未", "还未", "仍未", "没有", "还没", "并未", "未", "没", "不", "无"];

    /// <summary>True when the text states as done or started a refund or adjustment, without saying it awaits approval.</summary>
    public static bool ClaimsMoneyMoved(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || Pending().IsMatch(text)) return false;
        foreach (Match m in Chinese().Matches(text))
        {
            if (!NegatedOrAsked(text, m)) return true;
        }
        foreach (Match m in English().Matches(text))
        {
            // "has not been", "hasn't been" never match the pattern; "not yet refunded" style text has no "have refunded".
            var before = text[Math.Max(0, m.Index - 12)..m.Index];
            if (!Regex.IsMatch(before, @"\b(?:not|never|if|whether)\b", RegexOptions.IgnoreCase)) return true;
        }
        return false;
    }

    private static bool NegatedOrAsked(string text, Match m)
    {
        var before = text[Math.Max(0, m.Index - 4)..m.Index];
        if (Negations.Any(n => before.EndsWith(n, StringComparison.Ordinal)) || before.Contains("是否", StringComparison.Ordinal)) return true;
        var inside = m.Value;
        if (Negations.Any(n => inside.Contains("已" + n, StringComparison.Ordinal) || inside.Contains(n + "发起", StringComparison.Ordinal))) return true;
        var end = m.Index + m.Length;
        var after = text[end..Math.Min(text.Length, end + 3)];
        return after.StartsWith('吗') || after.StartsWith("了吗", StringComparison.Ordinal) || after.StartsWith('？') || after.StartsWith('?');
    }
}
