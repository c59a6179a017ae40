using PayDesk.Features.Complaints;
using PayDesk.Features.Incidents.Detection;
using PayDesk.Features.Workforce;

namespace PayDesk.Tests.Features.Incidents.Detection;

/// <summary>
/// Generated complaint traffic for the detector: the demo's contact history (weekly and daily rhythm, holidays,
/// promotions, growth, noise; <see cref="DemoHistory"/>) thinned into complaints per channel, with a realistic mix
/// of categories and banks and templated texts (5 % filed under another category, as intake sometimes does).
/// </summary>
internal sealed class DetectionSimulation
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // Share of contacts that become complaints, per channel (calls and chats are often settled without one).
    private static readonly Dictionary<TicketChannel, double> ComplaintRate = new()
    {
        [TicketChannel.Phone] = 0.2, [TicketChannel.Chat] = 0.25, [TicketChannel.App] = 0.8, [TicketChannel.Email] = 0.9, [TicketChannel.WeChat] = 0.7,
    };

    private static readonly (TicketCategory Category, double Weight, double NamesBank, string[] Templates)[] Mix =
    [
        (TicketCategory.TransactionFailure, 0.22, 0.65, ["转账到{0}一直处理中", "{0}卡付款失败，提示交易异常", "用{0}的卡支付不成功", "付款失败但是钱被扣了", "提现到{0}失败了"]),
        (TicketCategory.Funds, 0.12, 0.6, ["{0}转账显示成功但对方没收到", "钱被扣了两次，{0}账单有两笔", "余额少了一笔钱，不知道去哪了"]),
        (TicketCategory.Refund, 0.18, 0.5, ["退款三天了还没到{0}卡上", "申请退款一直没处理", "商家同意退款但钱没退回"]),
        (TicketCategory.ServiceDelay, 0.10, 0.1, ["客服电话一直打不通", "投诉了一周没人处理", "在线客服排队太久"]),
        (TicketCategory.AccountFrozen, 0.08, 0.1, ["账户被冻结了，无法付款", "为什么我的账户被限制收款", "解冻需要什么材料"]),
        (TicketCategory.AccountSecurity, 0.07, 0.1, ["收到陌生验证码短信", "账户被盗刷了一笔", "有人冒充客服要验证码"]),
        (TicketCategory.Consultation, 0.15, 0.2, ["怎么绑定{0}卡", "提现手续费怎么收", "如何修改绑定手机号"]),
        (TicketCategory.Other, 0.08, 0.05, ["App 打开很慢", "发票怎么开", "建议增加夜间模式"]),
    ];

    private static readonly (string Code, double Weight)[] BankMix =
    [
        ("ICBC", 0.16), ("CCB", 0.14), ("ABC", 0.12), ("BOC", 0.10), ("CMB", 0.10), ("BOCOM", 0.06), ("PSBC", 0.07), ("SPDB", 0.03),
        ("CITIC", 0.03), ("CEB", 0.025), ("CMBC", 0.025), ("CIB", 0.03), ("PAB", 0.03), ("HXB", 0.01), ("CGB", 0.015), ("BOB", 0.01),
        ("BOS", 0.01), ("NBCB", 0.005), ("JSB", 0.005),
    ];

    public required DateOnly HistoryFrom { get; init; }
    public required DateOnly To { get; init; }
    public required Dictionary<TicketChannel, Dictionary<DateOnly, double[]>> Contacts { get; init; }
    public required List<DetectionArrival> Arrivals { get; init; }

    public static DetectionSimulation Generate(DateOnly historyFrom, DateOnly toExclusive, int seed = 7)
    {
        var random = new Random(seed);
        var rows = DemoHistory.Generate(historyFrom, toExclusive, Zone);
        var contacts = rows.GroupBy(r => r.Channel).ToDictionary(g => g.Key,
            g => ContactHistory.ByLocalDay(g.Select(r => (r.StartUtc, r.Offered)).ToList(), Zone, historyFrom, toExclusive));
        var arrivals = new List<DetectionArrival>();
        foreach (var row in rows)
        {
            var rate = ComplaintRate[row.Channel];
            for (var i = 0; i < row.Offered; i++)
            {
                if (random.NextDouble() >= rate) continue;
                var at = row.StartUtc.AddSeconds(random.NextDouble() * 1800);
                arrivals.Add(Complaint(random, at, row.Channel));
            }
        }
        arrivals.Sort((a, b) => a.At.CompareTo(b.At));
        return new DetectionSimulation { HistoryFrom = historyFrom, To = toExclusive, Contacts = contacts, Arrivals = arrivals };
    }

    private static DetectionArrival Complaint(Random random, DateTime at, TicketChannel channel)
    {
        var (category, _, namesBank, _) = Pick(random, Mix, m => m.Weight);
        // Intake files a few complaints under another category than their words suggest.
        var wordsOf = random.NextDouble() < 0.05 ? Mix[random.Next(Mix.Length)] : Mix.First(m => m.Category == category);
        var template = wordsOf.Templates[random.Next(wordsOf.Templates.Length)];
        var bank = template.Contains("{0}") || random.NextDouble() < namesBank ? Pick(random, BankMix, b => b.Weight).Code : null;
        var text = string.Format(template, bank is null ? "银行" : Banks.All.First(b => b.Code == bank).ZhName);
        return new DetectionArrival(Guid.NewGuid(), at, category, Banks.Find(text), channel, text);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, double> weight)
    {
        var total = items.Sum(weight);
        var x = random.NextDouble() * total;
        foreach (var item in items)
        {
            x -= weight(item);
            if (x <= 0) return item;
        }
        return items[^1];
    }

    /// <summary>The expectation the job would build on the morning of <paramref name="day"/>: forecasts fitted on the 26 weeks before, shares of the last weeks.</summary>
    public ForecastExpectation ExpectationFor(DateOnly day, DetectionOptions options)
    {
        var calendar = DemoHistory.Calendar;
        var forecasts = new Dictionary<(TicketChannel, DateOnly), double[]>();
        foreach (var (channel, history) in Contacts)
        {
            var train = history.Where(p => p.Key < day && p.Key >= day.AddDays(-7 * 26)).ToDictionary(p => p.Key, p => p.Value);
            var model = PeakForecaster.Fit(train, calendar);
            forecasts[(channel, day.AddDays(-1))] = model.Forecast(day.AddDays(-1));
            forecasts[(channel, day)] = model.Forecast(day);
        }
        var sinceUtc = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(-7 * options.ShareWeeks).ToDateTime(TimeOnly.MinValue), Zone);
        var untilUtc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zone);
        var complaints = Arrivals.Where(a => a.At >= sinceUtc && a.At < untilUtc)
            .GroupBy(a => (a.Category, a.Bank, a.Channel)).Select(g => (g.Key.Category, g.Key.Bank, g.Key.Channel, g.Count()));
        var contactTotals = Contacts.ToDictionary(c => c.Key,
            c => c.Value.Where(p => p.Key >= day.AddDays(-7 * options.ShareWeeks) && p.Key < day).Sum(p => p.Value.Sum()));
        var shares = new ScopeShares(complaints, contactTotals, options.MinScopeShare);
        return new ForecastExpectation((channel, d) => forecasts.GetValueOrDefault((channel, d)), Contacts.Keys.ToList(), shares, Zone);
    }

    public static DateTime Utc(DateOnly day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), Zone);

    /// <summary>Complaints about one bank's transfers from many customers, spread evenly over <paramref name="minutes"/>.</summary>
    public static List<DetectionArrival> Outage(DateTime startUtc, int count, int minutes, string bankName, TicketChannel[] channels, int seed = 11)
    {
        var random = new Random(seed);
        string[] texts =
        [
            $"转账到{bankName}一直处理中", $"转账到{bankName}一直显示处理中", $"给{bankName}转账一直处理中，钱没到", $"往{bankName}卡转账一直在处理中",
            $"{bankName}转账一直处理中怎么回事",
        ];
        return Enumerable.Range(0, count).Select(i =>
        {
            var text = texts[random.Next(texts.Length)];
            return new DetectionArrival(Guid.NewGuid(), startUtc.AddSeconds(minutes * 60.0 * i / count), TicketCategory.TransactionFailure,
                Banks.Find(text), channels[random.Next(channels.Length)], text);
        }).ToList();
    }
}
