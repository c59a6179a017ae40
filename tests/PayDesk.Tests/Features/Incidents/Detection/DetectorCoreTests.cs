using PayDesk.Features.Complaints;
using PayDesk.Features.Incidents.Detection;

namespace PayDesk.Tests.Features.Incidents.Detection;

public sealed class DetectorCoreTests
{
    private static readonly DateTime Now = new(2026, 9, 16, 2, 0, 0, DateTimeKind.Utc);

    /// <summary>Every scope expects a fixed count per window, scaled by how broad it is.</summary>
    private sealed class Flat(double perCategory) : IArrivalExpectation
    {
        public double Expected(DetectionScope scope, DateTime fromUtc, DateTime toUtc) => scope.Kind switch
        {
            DetectionScopeKind.Category or DetectionScopeKind.Cluster => perCategory,
            DetectionScopeKind.Bank => perCategory / 2,
            _ => perCategory / 10,
        };
    }

    private static DetectionArrival A(int second, TicketCategory category, string? bank, TicketChannel channel, string text) =>
        new(Guid.NewGuid(), Now.AddSeconds(-600 + second), category, bank, channel, text);

    private static readonly string[] Varied =
    [
        "退款三天了还没到账", "客服电话一直打不通", "账户被冻结了，无法付款", "怎么修改绑定手机号", "发票怎么开", "收到陌生验证码短信",
        "钱被扣了两次", "商家同意退款但钱没退回", "提现手续费怎么收", "在线客服排队太久", "App 打开很慢", "解冻需要什么材料",
    ];

    private static List<DetectionArrival> Normal(int count, int seed = 3)
    {
        var random = new Random(seed);
        var categories = Enum.GetValues<TicketCategory>();
        string[] banks = ["ICBC", "CCB", "ABC", "BOC", "CMB"];
        return Enumerable.Range(0, count).Select(i => A(i * 600 / count, categories[random.Next(categories.Length)],
            random.Next(3) == 0 ? banks[random.Next(banks.Length)] : null, (TicketChannel)random.Next(5), Varied[random.Next(Varied.Length)])).ToList();
    }

    [Fact]
    public void A_normal_window_raises_nothing_and_a_small_one_is_not_even_counted()
    {
        var core = new DetectorCore(new DetectionOptions());
        var texts = DetectionTextVectors.Fit(Normal(40).Select(a => a.Text));
        Assert.Empty(core.Evaluate(Now, Normal(40), new Flat(5), texts));
        Assert.Empty(core.Evaluate(Now, Normal(14), new Flat(0.01), texts));
    }

    [Fact]
    public void One_banks_outage_is_one_finding_naming_bank_and_category_with_its_sample_text()
    {
        var outage = Enumerable.Range(0, 60).Select(i => A(i * 10, TicketCategory.TransactionFailure, "CMB", (TicketChannel)(i % 3),
            i % 2 == 0 ? "转账到招商银行一直处理中" : "转账到招商银行一直显示处理中")).ToList();
        var window = Normal(40).Concat(outage).OrderBy(a => a.At).ToList();
        var core = new DetectorCore(new DetectionOptions());

        var found = core.Evaluate(Now, window, new Flat(5), DetectionTextVectors.Fit(window.Select(a => a.Text)));

        // Category, bank, bank+category and channel+category all exceed; the residual test keeps only the narrowest explanation.
        var excess = Assert.Single(found);
        Assert.Equal(DetectionScopeKind.BankCategory, excess.Scope.Kind);
        Assert.Equal("CMB", excess.Scope.Bank);
        Assert.Equal(TicketCategory.TransactionFailure, excess.Scope.Category);
        Assert.True(excess.Observed >= 60);
        Assert.Contains("招商银行", excess.SampleText);
        Assert.True(excess.ClusterSize >= 60, $"cluster {excess.ClusterSize}");
        Assert.True(excess.LogPValue < Math.Log(1e-6));
    }

    [Fact]
    public void The_gates_min_count_ratio_and_alpha_each_hold_back_a_finding()
    {
        var core = new DetectorCore(new DetectionOptions { MinCount = 15, MinRatio = 3, Alpha = 1e-6 });
        Assert.Null(core.Test(14, 0.01));        // too few, however unlikely
        Assert.Null(core.Test(40, 14));          // under three times expected
        Assert.Null(core.Test(16, 5));           // P ≈ 7e-5: not rare enough
        Assert.NotNull(core.Test(25, 5));        // P ≈ 1.6e-10
    }

    [Fact]
    public void A_large_cluster_of_one_text_across_categories_is_raised_on_its_own()
    {
        // The same failure filed under five categories and naming no bank: no single scope reaches the minimum count.
        var categories = new[] { TicketCategory.TransactionFailure, TicketCategory.Funds, TicketCategory.Other, TicketCategory.Consultation, TicketCategory.Refund };
        var cluster = Enumerable.Range(0, 40).Select(i => A(i * 15, categories[i % categories.Length], null, (TicketChannel)(i % 5),
            i % 2 == 0 ? "扫码付款一直转圈然后失败" : "扫码付款一直转圈最后失败了")).ToList();
        var window = Normal(20).Concat(cluster).OrderBy(a => a.At).ToList();
        var core = new DetectorCore(new DetectionOptions());

        var found = core.Evaluate(Now, window, new Flat(2), DetectionTextVectors.Fit(window.Select(a => a.Text)));

        var excess = Assert.Single(found);
        Assert.Equal(DetectionScopeKind.Cluster, excess.Scope.Kind);
        Assert.InRange(excess.Observed, 40, 44);
        Assert.Contains("扫码付款", excess.SampleText);
    }
}
