namespace PayDesk.Features.Complaints;

/// <summary>
/// The assistant's trained reading of a complaint's words (Assistant registers it, so the complaint core does not depend on
/// the assistant). Intake asks it only when no keyword rule matched: a customer who writes 冻洁 for 冻结 names no keyword,
/// and the complaint was filed as "other" — where it also escaped the rule that two kinds of problem are never duplicates.
/// </summary>
internal interface IComplaintCategoriser
{
    /// <summary>The category the words suggest and how sure the model is; null when no model can say.</summary>
    Task<(TicketCategory Category, double Confidence)?> SuggestAsync(string text, CancellationToken ct);
}

/// <summary>Sub-categories (SPEC §2 step 2); each belongs to one category.</summary>
public enum TicketSubCategory
{
    NotCredited,
    DuplicateDebit,
    WrongAmount,
    StolenAccount,
    PasswordProblem,
    VerificationCodeDelay,
}

/// <summary>The facts a complaint may need before it can be worked (受理与记录).</summary>
public enum IntakeFact
{
    OccurredAt,
    Amount,
    TransactionId,
}

/// <summary>Category rules at intake: which facts are required, which sub-categories fit, what priority and category the text suggests.</summary>
internal static class Intake
{
    public static TicketCategory CategoryOf(TicketSubCategory sub) => sub switch
    {
        TicketSubCategory.NotCredited or TicketSubCategory.DuplicateDebit or TicketSubCategory.WrongAmount => TicketCategory.Funds,
        TicketSubCategory.StolenAccount or TicketSubCategory.PasswordProblem or TicketSubCategory.VerificationCodeDelay => TicketCategory.AccountSecurity,
    };

    public static IReadOnlyList<IntakeFact> Required(TicketCategory category) => category switch
    {
        TicketCategory.Funds => [IntakeFact.OccurredAt, IntakeFact.Amount, IntakeFact.TransactionId],
        TicketCategory.TransactionFailure => [IntakeFact.OccurredAt, IntakeFact.Amount],
        TicketCategory.Refund => [IntakeFact.Amount, IntakeFact.TransactionId],
        TicketCategory.AccountSecurity => [IntakeFact.OccurredAt],
        TicketCategory.AccountFrozen or TicketCategory.ServiceDelay or TicketCategory.Consultation or TicketCategory.Other => [],
    };

    /// <summary>What the complaint still lacks for its category; it is accepted anyway and the agent is shown this.</summary>
    public static IReadOnlyList<IntakeFact> Missing(Ticket t) => Required(t.Category).Where(fact => fact switch
    {
        IntakeFact.OccurredAt => t.OccurredAt is null,
        IntakeFact.Amount => t.Amount is null,
        IntakeFact.TransactionId => t.TransactionId is null,
    }).ToList();

    private static readonly string[] FraudWords = ["盗刷", "被盗", "盗用", "冒用", "诈骗", "骗子", "不是我本人", "fraud", "stolen", "scam", "unauthori"];
    private static readonly string[] PressureWords = ["12363", "监管", "人民银行", "银保监", "媒体", "曝光", "律师", "起诉", "regulator", "lawyer"];

    /// <summary>Suspected fraud is urgent; large sums, frozen money and regulatory threats are high; questions are low.</summary>
    public static TicketPriority SuggestPriority(TicketCategory category, TicketSubCategory? sub, decimal? amount, string text)
    {
        if (sub == TicketSubCategory.StolenAccount || Contains(text, FraudWords)) return TicketPriority.Urgent;
        if (amount >= 5000m || category == TicketCategory.AccountFrozen || Contains(text, PressureWords)) return TicketPriority.High;
        return category == TicketCategory.Consultation ? TicketPriority.Low : TicketPriority.Normal;
    }

    private static readonly (TicketCategory Category, TicketSubCategory? Sub, string[] Words)[] Keywords =
    [
        (TicketCategory.Funds, TicketSubCategory.DuplicateDebit, ["重复扣款", "扣了两次", "扣款两次", "多扣", "重复扣费", "charged twice", "double charge", "duplicate"]),
        (TicketCategory.Funds, TicketSubCategory.NotCredited, ["未到账", "没到账", "没有到账", "没收到", "不到账", "not received", "not arrived", "hasn't arrived"]),
        (TicketCategory.Funds, TicketSubCategory.WrongAmount, ["金额不符", "金额不对", "多收", "扣错", "wrong amount"]),
        (TicketCategory.TransactionFailure, null, ["支付失败", "付款失败", "交易失败", "提示失败", "系统繁忙", "payment failed", "declined", "transaction failed"]),
        (TicketCategory.AccountFrozen, null, ["冻结", "解冻", "账户异常", "限制收款", "frozen", "unfreeze", "blocked account"]),
        (TicketCategory.AccountSecurity, TicketSubCategory.StolenAccount, ["盗刷", "被盗", "盗用", "不是我本人", "stolen", "unauthorized", "fraud"]),
        (TicketCategory.AccountSecurity, TicketSubCategory.PasswordProblem, ["密码", "锁定", "password", "locked out"]),
        (TicketCategory.AccountSecurity, TicketSubCategory.VerificationCodeDelay, ["验证码", "短信码", "verification code", "otp"]),
        (TicketCategory.Refund, null, ["退款", "退货", "退钱", "refund"]),
        (TicketCategory.ServiceDelay, null, ["没人处理", "没有回复", "打不通", "排队", "太慢", "no reply", "waiting for days"]),
        (TicketCategory.Consultation, null, ["请问", "怎么", "如何", "多少", "手续费", "限额", "how do", "how much", "what is"]),
    ];

    /// <summary>
    /// A keyword suggestion of category and sub-category with a rough confidence (share of the
    /// best match in all matches). Deliberately simple; the assistant's trained model improves on it.
    /// </summary>
    public static (TicketCategory Category, TicketSubCategory? Sub, double Confidence) SuggestCategory(string text)
    {
        var scores = Keywords.Select(k => (k.Category, k.Sub, Hits: k.Words.Count(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))))
            .Where(s => s.Hits > 0).OrderByDescending(s => s.Hits).ToList();
        if (scores.Count == 0) return (TicketCategory.Other, null, 0);
        var best = scores[0];
        return (best.Category, best.Sub, Math.Round((double)best.Hits / scores.Sum(s => s.Hits), 2));
    }

    private static bool Contains(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
}
