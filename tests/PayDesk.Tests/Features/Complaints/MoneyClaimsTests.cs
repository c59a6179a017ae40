using System.Text.Json;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;

namespace PayDesk.Tests.Features.Complaints;

/// Issue 18, item 3a: a customer text that says a refund or adjustment was made or started is a claim about money.
public sealed class MoneyClaimsTests
{
    [Theory]
    [InlineData("我们已为多扣的 1309.52 元发起原路退款")]
    [InlineData("您好，已为您发起原路退款，请注意查收。")]
    [InlineData("已退款")]
    [InlineData("经核实，已经为您全额退款。")]
    [InlineData("多扣的款项已原路退回，1-3 个工作日到账")]
    [InlineData("退款已发起")]
    [InlineData("已为您调账 50 元")]
    [InlineData("您的账户已调账")]
    [InlineData("Your refund has been initiated.")]
    [InlineData("The refund of 1,309.52 CNY has been issued to your card.")]
    [InlineData("We've started a refund of the extra amount.")]
    [InlineData("I have issued a full refund.")]
    [InlineData("We have refunded the duplicate charge.")]
    [InlineData("Your account has been credited.")]
    public void Claims_that_money_moved_are_found(string text) => Assert.True(MoneyClaims.ClaimsMoneyMoved(text), text);

    [Theory]
    [InlineData("尚未退款，我们正在核实。")]
    [InlineData("商户的退款已到账，请查收。")]
    [InlineData("已为您核实并处理，款项将原路退回。")]
    [InlineData("退款还没有发起，请耐心等待。")]
    [InlineData("请问是否已退款？")]
    [InlineData("商户已退款了吗")]
    [InlineData("我们已为多扣的 1309.52 元提交原路退款申请，目前待审批。")]
    [InlineData("已为您发起原路退款，审核中，审批通过后 1-3 个工作日到账。")]
    [InlineData("退款将在审批通过后原路退回。")]
    [InlineData("我们正在核实交易，核实后会尽快处理。")]
    [InlineData("The refund has not been issued yet.")]
    [InlineData("A refund has been requested and is pending approval.")]
    [InlineData("We will refund you once approved.")]
    [InlineData("")]
    [InlineData(null)]
    public void Negations_questions_and_pending_approval_are_not_claims(string? text) => Assert.False(MoneyClaims.ClaimsMoneyMoved(text), text);

    [Fact]
    public void No_shipped_macro_or_notice_template_claims_a_refund_before_approval()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "PayDesk.slnx"))) root = Path.GetDirectoryName(root)!;
        using var macros = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "content", "knowledge", "macros.json")));
        var offenders = macros.RootElement.EnumerateArray()
            .Where(m => MoneyClaims.ClaimsMoneyMoved(m.GetProperty("body").GetString()))
            .Select(m => m.GetProperty("key").GetString()).ToList();
        foreach (var key in DefaultTemplates.Keys)
        {
            foreach (var locale in new[] { "zh-CN", "en" })
            {
                if (MoneyClaims.ClaimsMoneyMoved(DefaultTemplates.For(key, locale).Body)) offenders.Add($"{key}/{locale}");
            }
        }
        Assert.Empty(offenders);
        // The duplicate-debit macro still tells the customer about the refund — as pending approval.
        Assert.Contains(macros.RootElement.EnumerateArray(), m => m.GetProperty("body").GetString()!.Contains("待审批"));
    }
}
