namespace PayDesk.Features.Assistant;

/// <summary>Whether a question is about how things work in general (the help centre answers it) or about the asker's own money.</summary>
public enum QuestionKind
{
    /// <summary>"退款一般多久到账？", "How long does a refund take?": answered from the help centre, no verification.</summary>
    General,

    /// <summary>"我的退款还没到", "where is my refund for T2026…": needs the customer verified, once per conversation.</summary>
    Personal,
}

/// <summary>
/// The rule that decides general against personal, in this order:
/// 1. a transaction serial, an amount or a date in the message → personal (it names one transaction);
/// 2. words that ask how things usually work (一般, 通常, 多久, 如何, how long does, usually, how do I) → general;
/// 3. possessives and words about one case (我的, 这笔, 还没到, 帮我查, my, still, where is) → personal;
/// 4. otherwise the intent decides: the account flows (refund or transaction status, frozen account) are personal.
/// A general answer for an account topic ends with the offer to look up the customer's own case.
/// </summary>
public static class QuestionScope
{
    private static readonly string[] GeneralWords =
    [
        "一般", "通常", "正常情况", "多久", "多长时间", "几天", "几个工作日", "要多少天", "如何", "怎样", "怎么办", "怎么解", "怎么申请", "怎么操作",
        "需要什么", "需要准备", "什么材料", "规定", "流程",
        "how long does", "how long do", "how long will a", "how long is", "how long for", "how many days", "usually", "generally", "in general",
        "typically", "normally", "how do i", "how do you", "how to", "how can i", "what documents", "what is the process",
    ];

    private static readonly string[] CaseWords =
    [
        "我的", "我那", "这笔", "那笔", "我申请", "我退", "我买", "我付", "我被", "扣了我", "给我查", "帮我查", "帮我看", "查一下", "查查", "还没到", "还没收到",
        "没到账", "没收到", "到哪", "账户被冻结了", "我账户",
        "my ", "mine", "i paid", "i was charged", "i got charged", "i requested", "i asked for", "i ordered", "i bought", "for me", "still", "hasn't",
        "haven't", "didn't arrive", "where is", "where's", "look up", "check on", "status of",
    ];

    public static QuestionKind Classify(string text, ExtractedFacts facts, string intent, IReadOnlyCollection<string> accountIntents)
    {
        if (facts.TransactionSerial is not null || facts.Amount is not null || facts.Date is not null) return QuestionKind.Personal;
        var lower = " " + text.ToLowerInvariant() + " ";
        if (GeneralWords.Any(lower.Contains)) return QuestionKind.General;
        if (CaseWords.Any(lower.Contains)) return QuestionKind.Personal;
        return accountIntents.Contains(intent) ? QuestionKind.Personal : QuestionKind.General;
    }
}

/// <summary>The language of one message, so the answer comes back in it whatever the conversation started in.</summary>
public static class ReplyLanguage
{
    /// <summary>"zh-CN" when it is Chinese, "en" when it is English words, null when it cannot tell ("1", "ok", "123456").</summary>
    public static string? Of(string text)
    {
        var han = text.Count(c => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf');
        var words = text.Split([' ', ',', '.', '?', '!', '\n', '\t', ';', ':', '"', '\'', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Count(w => w.Count(char.IsAsciiLetter) >= 2 && w.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '\'' or '’'));
        if (han > 0 && han >= words) return "zh-CN";
        // Two English words at least: "ok" or "agent" alone says nothing about the language of a Chinese conversation.
        return words >= 2 ? "en" : null;
    }
}

/// <summary>Picking one of the numbered things the assistant listed: "1", "第一个", "2号", "the second", or the thing itself.</summary>
public static class NumberedChoice
{
    private static readonly string[] ChineseOrdinals = ["一", "二", "三", "四", "五"];
    private static readonly string[] EnglishOrdinals = ["first", "second", "third", "fourth", "fifth"];

    /// <summary>The zero-based index picked, or null.</summary>
    public static int? Pick(string text, IReadOnlyList<string> choices)
    {
        var t = text.Trim().TrimEnd('。', '.', '!', '！', '?', '？').Trim().ToLowerInvariant();
        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i].Length >= 6 && t.Contains(choices[i].ToLowerInvariant(), StringComparison.Ordinal)) return i;
        }
        var digits = new string(t.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is 1 or 2 && t.Length <= 12 && int.TryParse(digits, out var n) && n >= 1 && n <= choices.Count) return n - 1;
        for (var i = 0; i < Math.Min(choices.Count, ChineseOrdinals.Length); i++)
        {
            if (t.Length <= 8 && (t.Contains("第" + ChineseOrdinals[i]) || t == ChineseOrdinals[i] || t.StartsWith(ChineseOrdinals[i] + "号", StringComparison.Ordinal)))
            {
                return i;
            }
            if (t.Length <= 24 && t.Contains(EnglishOrdinals[i], StringComparison.Ordinal)) return i;
        }
        return null;
    }
}
