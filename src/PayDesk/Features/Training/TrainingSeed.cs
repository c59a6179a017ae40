using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Training;

/// <summary>The scenarios PayDesk ships with (in Chinese, as the customers speak, with English for trainees who write English), added once each by their seed key.</summary>
internal static class TrainingSeed
{
    public const string DoubleDebit = "double-debit";
    public const string FrozenAccount = "frozen-account";

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var l = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var present = await db.Set<TrainingScenario>().Where(s => s.SeedKey != null).Select(s => s.SeedKey!).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (key, request) in Scenarios(now))
        {
            if (present.Contains(key)) continue;
            var outcome = await CreateScenario.CreateAsync(request, key, db, "PayDesk", clock, l, ct);
            if (outcome.Failed) throw new InvalidOperationException($"Seed scenario {key} is invalid: {outcome.ErrorText}");
        }
    }

    /// <summary>The seeded scenarios; their ledger times are relative to <paramref name="now"/> so "yesterday evening" stays true.</summary>
    public static IEnumerable<(string Key, ScenarioRequest Request)> Scenarios(DateTime now)
    {
        var yesterday = now.Date.AddDays(-1);
        yield return (DoubleDebit, new ScenarioRequest(
            Title: "重复扣款：一笔订单被扣了两次",
            Category: "funds",
            Mood: "anxious",
            OpeningMessage: "我昨天晚上买东西付了一次钱，结果银行卡被扣了两次，这钱什么时候能退回来？",
            ExpectedOutcome: "核实身份后查询交易，确认两笔 ¥1,309.52 扣款中第二笔为重复扣款（流水 T20261201200455 与 T20261201200457），" +
                "说明重复的一笔将原路退回、1–3 个工作日到账，分类为资金问题，并在结束前确认客户没有其他问题。",
            Facts:
            [
                new(TrainingTopics.WhatHappened, "我就付了一次款，手机收到两条扣款短信，银行卡被扣了两次。", AskOnly: false, AnswerEn: "I only paid once, but I got two debit text messages and my card was charged twice."),
                new(TrainingTopics.Expectation, "我希望把多扣的那一笔尽快退给我。", AskOnly: false, AnswerEn: "I want the extra charge refunded as soon as possible."),
                new(TrainingTopics.Amount, "每次都是 1,309.52 元，一共扣了 2,619.04 元。", AskOnly: true, AnswerEn: "Each one was 1,309.52 yuan, 2,619.04 yuan in total."),
                new(TrainingTopics.Time, "昨天晚上八点左右，两条短信就差了两秒。", AskOnly: true, AnswerEn: "Around eight o'clock yesterday evening; the two messages came two seconds apart."),
                new(TrainingTopics.Merchant, "在悦家生活超市的网店买的家电。", AskOnly: true, AnswerEn: "I bought an appliance from the Yuejia Life Supermarket (悦家生活超市) online shop."),
                new(TrainingTopics.Bank, "是招商银行的储蓄卡。", AskOnly: true, AnswerEn: "It's a China Merchants Bank debit card."),
                new(TrainingTopics.CalledBank, "打过招商银行的客服，他们说两笔都是你们发起的，让我找你们。", AskOnly: true, AnswerEn: "I called China Merchants Bank; they said both charges came from you and told me to contact you."),
                new(TrainingTopics.Serial, "短信里没有流水号，我手机上能看到订单号是 DD88120461。", AskOnly: true, AnswerEn: "The messages have no serial number, but my phone shows the order number DD88120461."),
            ],
            Secrets:
            [
                new(TrainingTopics.CardNumber, "6225880212340418"),
                new(TrainingTopics.IdNumber, "11010519870612341X"),
            ],
            Ledger:
            [
                new("T20261201200455", yesterday.AddHours(12).AddMinutes(4).AddSeconds(55), 1309.52m, "CNY", "悦家生活超市", "succeeded", "订单 DD88120461"),
                new("T20261201200457", yesterday.AddHours(12).AddMinutes(4).AddSeconds(57), 1309.52m, "CNY", "悦家生活超市", "succeeded", "订单 DD88120461 · 疑似重复"),
                new("T20261130093012", yesterday.AddDays(-1).AddHours(1).AddMinutes(30), 36.00m, "CNY", "城市公交", "succeeded", null),
            ],
            CustomerName: "李女士",
            MaskedPhone: "139****2468",
            OpeningMessageEn: "I paid for something once last night, but my bank card was charged twice. When will I get the money back?"));

        yield return (FrozenAccount, new ScenarioRequest(
            Title: "账户冻结：收款后账户被冻结",
            Category: "account_frozen",
            Mood: "angry",
            OpeningMessage: "我的账户突然被冻结了，钱都取不出来，你们凭什么冻结我的账户？",
            ExpectedOutcome: "核实身份后查询账户交易，说明因短时间内多笔陌生转入触发风控冻结，告知解冻需提交身份证明与交易说明、" +
                "预计 3 个工作日内审核，分类为账户冻结，安抚情绪并确认后续联系方式。",
            Facts:
            [
                new(TrainingTopics.WhatHappened, "今天早上登录就提示账户已冻结，余额转不出来。", AskOnly: false, AnswerEn: "When I logged in this morning it said my account is frozen, and I can't move my balance."),
                new(TrainingTopics.Expectation, "马上给我解冻，我还要付房租。", AskOnly: false, AnswerEn: "Unfreeze it right now, I have rent to pay."),
                new(TrainingTopics.AccountState, "显示“账户已冻结，请联系客服”，付款和提现都不行。", AskOnly: true, AnswerEn: "It says \"Account frozen, please contact customer service\"; I can't pay or withdraw."),
                new(TrainingTopics.Time, "今天早上九点多发现的，昨天还能用。", AskOnly: true, AnswerEn: "I noticed just after nine this morning; it worked yesterday."),
                new(TrainingTopics.Amount, "里面大概有 8,600 元，昨天刚收了几笔钱。", AskOnly: true, AnswerEn: "There's about 8,600 yuan in it; I received several payments yesterday."),
                new(TrainingTopics.Merchant, "昨天是几个网友转给我的货款，我在网上卖二手手机。", AskOnly: true, AnswerEn: "Yesterday some people online paid me for goods; I sell second-hand phones online."),
                new(TrainingTopics.CalledBank, "银行说跟他们没关系，是你们平台冻结的。", AskOnly: true, AnswerEn: "The bank says it's nothing to do with them, your platform froze it."),
            ],
            Secrets:
            [
                new(TrainingTopics.IdNumber, "32010619900304251X"),
            ],
            Ledger:
            [
                new("T20261201213301", yesterday.AddHours(13).AddMinutes(33), 2800.00m, "CNY", "个人转入 王**", "succeeded", null),
                new("T20261201214517", yesterday.AddHours(13).AddMinutes(45), 2900.00m, "CNY", "个人转入 赵**", "succeeded", null),
                new("T20261201220142", yesterday.AddHours(14).AddMinutes(1), 2900.00m, "CNY", "个人转入 孙**", "succeeded", "风控：短时多笔陌生转入，账户已冻结"),
            ],
            CustomerName: "陈先生",
            MaskedPhone: "137****5501",
            OpeningMessageEn: "My account has suddenly been frozen and I can't get my money out. Why have you frozen my account?"));
    }
}
