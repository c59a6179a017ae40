using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Assistant;
using PayDesk.Features.Cases;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Training;

/// <summary>
/// A supervisor picks a published case and gets a scenario draft from it (模拟场景取自案例): the case's problem, amounts,
/// transaction facts and the customer's own words become the simulated customer's facts — what happened and what they
/// want told freely, amount, time, merchant, bank and serial only when asked — its mood comes from how the customer
/// spoke, its sandbox ledger from the amounts, and the case's resolution is the expected outcome. The draft is not
/// saved: the supervisor edits it and creates the scenario (POST /training/scenarios with sourceCaseId).
/// </summary>
internal static partial class ScenarioFromCase
{
    public static async Task<Results<Ok<ScenarioRequest>, NotFound, ValidationProblem>> HandleAsync(
        Guid? caseId, ICaseLibrary cases, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (caseId is null)
        {
            errors.AddKey("caseId", "Validation.Required");
            return errors.ToProblem();
        }
        var found = await cases.GetAsync(caseId.Value, ct);
        return found is null ? TypedResults.NotFound() : TypedResults.Ok(Draft(found, clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>The scenario a case makes, before the supervisor edits it. Pure.</summary>
    public static ScenarioRequest Draft(PublishedCase c, DateTime now)
    {
        var quotes = Quotes(c.CustomerWords);
        var problemLines = Lines(c.Problem).Where(x => !AmountLine().IsMatch(x)).ToList();
        var said = quotes.SelectMany(Sentences).ToList();
        var told = said.Concat(problemLines.SelectMany(Sentences)).ToList();
        var everything = string.Join("\n", [c.Title, c.Problem, c.CustomerWords]);

        var amounts = Amounts(everything);
        var duplicate = amounts.Count > 0 && DuplicateWords().IsMatch(everything);
        var facts = new List<ScenarioFact>
        {
            new(TrainingTopics.WhatHappened, Clip(Human(problemLines.FirstOrDefault() ?? quotes.FirstOrDefault() ?? c.Title)), AskOnly: false),
            new(TrainingTopics.Expectation, Clip(Human(told.FirstOrDefault(s => WantWords().IsMatch(s)) ?? Expectations(c.Category))), AskOnly: false),
        };
        void AskOnly(string topic, string? answer)
        {
            if (!string.IsNullOrWhiteSpace(answer) && facts.All(f => f.Topic != topic)) facts.Add(new(topic, Clip(Human(answer)), AskOnly: true));
        }
        if (amounts.Count > 0)
        {
            var (amount, currency, _) = amounts[0];
            var money = Money(amount, currency);
            AskOnly(TrainingTopics.Amount, duplicate
                ? $"每次都是 {money}，一共扣了 {Money(amount * 2, currency)}。"
                : told.FirstOrDefault(s => s.Contains(amount.ToString("0.##", CultureInfo.InvariantCulture), StringComparison.Ordinal)) ?? $"金额是 {money}。");
        }
        AskOnly(TrainingTopics.Time, told.FirstOrDefault(s => TimeWords().IsMatch(s)));
        AskOnly(TrainingTopics.Merchant, told.FirstOrDefault(s => MerchantWords().IsMatch(s)));
        AskOnly(TrainingTopics.CalledBank, told.FirstOrDefault(s => CalledBankWords().IsMatch(s)));
        // The customer speaks Chinese whatever the supervisor's screen language is.
        if (Banks.Find(everything) is { } code && Banks.All.FirstOrDefault(b => b.Code == code) is { } bank)
        {
            AskOnly(TrainingTopics.Bank, told.FirstOrDefault(s => bank.Aliases.Any(a => s.Contains(a, StringComparison.OrdinalIgnoreCase))) ?? $"是{bank.ZhName}的卡。");
        }
        if (c.Category == TicketCategory.AccountFrozen) AskOnly(TrainingTopics.AccountState, told.FirstOrDefault(s => s.Contains("冻结", StringComparison.Ordinal)));
        AskOnly(TrainingTopics.Serial, everything.Contains(Placeholder.Serial, StringComparison.Ordinal) || c.Category is TicketCategory.Funds or TicketCategory.Refund
            or TicketCategory.TransactionFailure ? "流水号我记不清了，你们系统里应该能查到吧？" : null);

        // The model answer is the agent's, said about the customer ("客户您好", "客户的卡"), not in the customer's voice.
        var expected = string.Join("\n", Lines(c.Resolution).Concat(Lines(c.Lessons)).Select(AgentVoice));
        return new ScenarioRequest(
            Title: Clip("案例：" + c.Title, 200),
            Category: EnumText.Name(c.Category),
            Mood: EnumText.Name(MoodOf(quotes.Count > 0 ? quotes : [c.Problem])),
            // The longest quote tells the problem; a short one ("到哪一步了？") is a later chase.
            OpeningMessage: Clip(Human(quotes.MaxBy(q => q.Length) ?? problemLines.FirstOrDefault() ?? c.Title), 2000),
            ExpectedOutcome: Clip(string.IsNullOrWhiteSpace(expected) ? AgentVoice(c.Cause) is { Length: > 0 } cause ? cause : c.Title : expected, 2000),
            Facts: facts,
            // Made-up numbers, so the trainee still practises verifying before asking for them; the case's own were scrubbed.
            Secrets: [new(TrainingTopics.CardNumber, MadeUp("622588", c.Id, 10)), new(TrainingTopics.IdNumber, MadeUp("110105", c.Id, 12))],
            Ledger: Ledger(c, amounts, duplicate, now),
            CustomerName: "模拟客户",
            MaskedPhone: "138****0000",
            SourceCaseId: c.Id);
    }

    /// <summary>The sandbox ledger: the case's amounts as transactions yesterday evening; a double debit's amount twice, two seconds apart.</summary>
    private static List<SandboxTransaction> Ledger(PublishedCase c, IReadOnlyList<(decimal Amount, string Currency, int Count)> amounts, bool duplicate, DateTime now)
    {
        var at = now.Date.AddDays(-1).AddHours(12);
        var merchant = c.Category == TicketCategory.AccountFrozen ? "个人转入" : "案例商户";
        var rows = new List<SandboxTransaction>();
        var n = 0;
        string Serial(DateTime when) => "T" + when.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (++n).ToString(CultureInfo.InvariantCulture);
        foreach (var (amount, currency, _) in amounts.Take(3))
        {
            rows.Add(new(Serial(at), at, amount, currency, merchant, "succeeded", null));
            if (duplicate && rows.Count == 1)
            {
                rows.Add(new(Serial(at.AddSeconds(2)), at.AddSeconds(2), amount, currency, merchant, "succeeded", "疑似重复"));
            }
            at = at.AddMinutes(-47);
        }
        return rows;
    }

    private static CustomerMood MoodOf(IReadOnlyList<string> words)
    {
        if (words.Any(AssistantBrain.SoundsAngry)) return CustomerMood.Angry;
        return words.Any(w => AnxiousWords().IsMatch(w)) ? CustomerMood.Anxious : CustomerMood.Calm;
    }

    private static string Expectations(TicketCategory category) => category switch
    {
        TicketCategory.Funds or TicketCategory.Refund or TicketCategory.TransactionFailure => "我希望把钱尽快退给我。",
        TicketCategory.AccountFrozen => "我希望账户尽快解冻。",
        TicketCategory.AccountSecurity => "我希望先把账户保护起来，再查清楚是怎么回事。",
        TicketCategory.ServiceDelay => "我希望你们给个准确的处理时间。",
        TicketCategory.Consultation or TicketCategory.Other => "我就想知道这事怎么解决。",
    };

    /// <summary>Amounts named in the case, most often named first; the case's "涉及金额" line counts like any other mention.</summary>
    internal static IReadOnlyList<(decimal Amount, string Currency, int Count)> Amounts(string text) =>
        AmountPattern().Matches(text)
            .Select(m => (Ok: decimal.TryParse((m.Groups["a"].Success ? m.Groups["a"] : m.Groups["b"]).Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var v), v,
                Currency: m.Value.Contains("USD", StringComparison.OrdinalIgnoreCase) || m.Value.Contains('$') ? "USD" : "CNY"))
            .Where(x => x.Ok && x.v > 0 && x.v <= 10_000_000)
            .GroupBy(x => (x.v, x.Currency)).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key.v)
            .Select(g => (g.Key.v, g.Key.Currency, g.Count())).ToList();

    private static string Money(decimal amount, string currency) =>
        amount.ToString("N2", CultureInfo.InvariantCulture) + (currency == "CNY" ? " 元" : " " + currency);

    private static List<string> Quotes(string words) =>
        Lines(words).Select(q => q.Trim('「', '」', ' ', '"', '“', '”')).Where(q => q.Length > 0).ToList();

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.TrimStart('-', ' ')).Where(x => x.Length > 0).ToList();

    private static IEnumerable<string> Sentences(string text) =>
        SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length > 1);

    /// <summary>The scrubber's placeholders, as a customer would say them.</summary>
    private static string Human(string text) => Said(text, Spoken);

    private static string Said(string text, (string Placeholder, string Words)[] table)
    {
        foreach (var (placeholder, words) in table) text = text.Replace(placeholder, words, StringComparison.Ordinal);
        return text.Trim();
    }

    /// <summary>The scrubber's placeholders, as the agent would say them in the model answer ("我您好" read the customer's word).</summary>
    private static string AgentVoice(string text) => Said(text, AgentSpoken);

    private static readonly (string, string)[] AgentSpoken =
    [
        (Placeholder.Customer, "客户"), (Placeholder.Agent, "我"), (Placeholder.Phone, "客户的手机"), (Placeholder.Card, "客户的卡"),
        (Placeholder.IdNumber, "客户的证件"), (Placeholder.Serial, "那笔交易"), (Placeholder.Account, "客户的账户"), (Placeholder.Email, "客户的邮箱"),
        (Placeholder.Complaint, "投诉单"),
    ];

    private static readonly (string, string)[] Spoken =
    [
        (Placeholder.Customer, "我"), (Placeholder.Agent, "客服"), (Placeholder.Phone, "我的手机"), (Placeholder.Card, "我的卡"),
        (Placeholder.IdNumber, "我的证件"), (Placeholder.Serial, "那笔交易"), (Placeholder.Account, "我的账户"), (Placeholder.Email, "我的邮箱"),
        (Placeholder.Complaint, "投诉单"),
    ];

    private static string Clip(string text, int max = 1000) => Infrastructure.Http.ClippedText.Clip(text, max);

    private static string MadeUp(string prefix, Guid seed, int digits)
    {
        var bytes = seed.ToByteArray();
        var s = string.Concat(Enumerable.Range(0, digits).Select(i => (char)('0' + bytes[i % bytes.Length] % 10)));
        return prefix + s;
    }

    [GeneratedRegex(@"^(涉及金额|Amount)[:：]")]
    private static partial Regex AmountLine();

    [GeneratedRegex(@"(?:[¥￥$]\s*(?<a>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?))|(?:(?<b>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*(?:元|块|CNY|RMB|USD))", RegexOptions.IgnoreCase)]
    private static partial Regex AmountPattern();

    [GeneratedRegex("重复|两次|扣了两|多扣|两笔|double|twice", RegexOptions.IgnoreCase)]
    private static partial Regex DuplicateWords();

    [GeneratedRegex("希望|要求|请尽快|退给我|退回|解冻|给我个|想要|怎么办|什么时候能")]
    private static partial Regex WantWords();

    [GeneratedRegex(@"昨天|今天|前天|上周|早上|上午|中午|下午|晚上|凌晨|\d{1,2}\s*[点:：]|\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}")]
    private static partial Regex TimeWords();

    [GeneratedRegex("商户|商家|超市|商店|网店|店里|平台|购买|买了|消费")]
    private static partial Regex MerchantWords();

    [GeneratedRegex("银行.{0,6}(客服|说|联系|电话)|(打过|问过|联系过|联系了).{0,6}银行")]
    private static partial Regex CalledBankWords();

    [GeneratedRegex("着急|急着|急用|担心|怎么办|尽快|马上|赶紧|房租|还款")]
    private static partial Regex AnxiousWords();

    [GeneratedRegex(@"(?<=[。！？!?；;])")]
    private static partial Regex SentenceEnd();
}
