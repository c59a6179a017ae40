using PayDesk.Features.Cases;
using PayDesk.Features.Complaints;
using PayDesk.Features.Training;

namespace PayDesk.Tests.Features.Training;

/// <summary>A published (scrubbed) case mapped to a scenario draft: facts, ask-only facts, mood, ledger — and no placeholder left in the customer's mouth.</summary>
public sealed class ScenarioFromCaseTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 6, 0, 0, DateTimeKind.Utc);

    /// <summary>What the case library makes of a double debit phoned in (see CreateCaseFromComplaint), with the lesson added.</summary>
    internal static PublishedCase DoubleDebitCase(Guid? id = null) => new(id ?? Guid.CreateVersion7(), "超市付款被重复扣款",
        "我是【客户】，手机【手机号】，用卡【卡号】在悦家超市付款 88.50 元，流水号【流水号】，结果被重复扣款两次，请尽快退款。\n涉及金额：88.50 CNY",
        "银行处理延迟\n银行重复清算",
        "- 【客户】您好，已核实流水【流水号】在 30 秒内扣款两次，我们将原路退回重复的 88.50 元。\n- 退款 88.50 CNY\n- 处理结果：已退款",
        "「我是【客户】，昨天晚上在悦家超市付款 88.50 元，结果被重复扣款两次，请尽快退款。」\n「我打过工商银行的客服，他们说让我找你们。」",
        "遇到重复扣款先查交易流水，两笔时间相近、金额相同即可当场退回。",
        TicketCategory.Funds, RootCause.BankDelay, TicketChannel.Phone, ["重复扣款"], [], Now.AddDays(-3));

    private static ScenarioFact Fact(ScenarioRequest r, string topic) => Assert.Single(r.Facts!, f => f.Topic == topic);

    [Fact]
    public void The_cases_facts_become_the_customers_with_amount_time_merchant_and_bank_told_only_when_asked()
    {
        var source = DoubleDebitCase();
        var draft = ScenarioFromCase.Draft(source, Now);

        Assert.Equal((source.Id, "funds"), (draft.SourceCaseId!.Value, draft.Category));
        Assert.Contains("超市付款被重复扣款", draft.Title);
        Assert.Contains("重复扣款两次", draft.OpeningMessage);
        Assert.False(Fact(draft, TrainingTopics.WhatHappened).AskOnly);
        Assert.False(Fact(draft, TrainingTopics.Expectation).AskOnly);
        var amount = Fact(draft, TrainingTopics.Amount);
        Assert.True(amount.AskOnly);
        Assert.Contains("88.50", amount.Answer);
        Assert.Contains("177.00", amount.Answer);
        Assert.Contains("昨天晚上", Fact(draft, TrainingTopics.Time).Answer);
        Assert.Contains("悦家超市", Fact(draft, TrainingTopics.Merchant).Answer);
        Assert.Contains("工商银行的客服", Fact(draft, TrainingTopics.CalledBank).Answer);
        Assert.Contains("工商银行", Fact(draft, TrainingTopics.Bank).Answer);
        Assert.All(draft.Facts!.Where(f => f.Topic is not (TrainingTopics.WhatHappened or TrainingTopics.Expectation)), f => Assert.True(f.AskOnly, f.Topic));
        // The resolution is the answer sheet.
        Assert.Contains("原路退回", draft.ExpectedOutcome);
        Assert.Contains("先查交易流水", draft.ExpectedOutcome);
        // In the agent's voice: the case's "【客户】您好" read "我您好" (the customer's word for themself).
        Assert.StartsWith("客户您好，已核实流水那笔交易", draft.ExpectedOutcome);
        Assert.DoesNotContain("我您好", draft.ExpectedOutcome);
        Assert.NotEqual("calm", draft.Mood);

        // The scrubber's placeholders never reach the simulated customer's mouth.
        foreach (var text in draft.Facts!.Select(f => f.Answer).Append(draft.OpeningMessage!).Append(draft.ExpectedOutcome!))
        {
            Assert.DoesNotContain("【", text);
        }
    }

    [Fact]
    public void A_double_debits_amount_is_twice_in_the_sandbox_ledger_and_the_personal_numbers_are_made_up()
    {
        var draft = ScenarioFromCase.Draft(DoubleDebitCase(), Now);
        var ledger = draft.Ledger!;
        Assert.Equal(2, ledger.Count(t => t.Amount == 88.50m && t.Currency == "CNY"));
        Assert.Equal(TimeSpan.FromSeconds(2), ledger[1].OccurredAt - ledger[0].OccurredAt);
        Assert.True(ledger.All(t => t.OccurredAt < Now));
        Assert.Equal(ledger.Count, ledger.Select(t => t.Serial).Distinct().Count());
        Assert.Contains(draft.Secrets!, s => s.Topic == TrainingTopics.CardNumber && s.Value.Count(char.IsAsciiDigit) >= 16);
    }

    [Fact]
    public void The_customers_words_set_the_mood()
    {
        var calm = DoubleDebitCase() with { CustomerWords = "「麻烦帮我看一下这笔退款。」", Problem = "退款未到账。" };
        Assert.Equal("calm", ScenarioFromCase.Draft(calm, Now).Mood);
        var worried = calm with { CustomerWords = "「我急着用钱，这笔退款什么时候能到？」" };
        Assert.Equal("anxious", ScenarioFromCase.Draft(worried, Now).Mood);
    }

    [Fact]
    public void The_simulated_customer_built_from_the_draft_answers_from_the_case_and_refuses_the_card_before_verification()
    {
        var draft = ScenarioFromCase.Draft(DoubleDebitCase(), Now);
        var scenario = new TrainingScenario { Title = draft.Title!, Mood = CustomerMood.Anxious, OpeningMessage = draft.OpeningMessage! };
        var customer = new SimulatedCustomer(scenario, new ScenarioScript(draft.Facts!, draft.Secrets!, draft.Ledger!, draft.CustomerName!, draft.MaskedPhone!));
        var state = new CustomerState(false, null, new HashSet<string>());
        Assert.Contains("88.50", customer.Reply("请问每笔扣了多少钱？", state).Text);
        Assert.Contains("悦家超市", customer.Reply("您是在哪个商户消费的？", state).Text);
        var refused = customer.Reply("请提供一下您的银行卡号", state);
        Assert.True(refused.Refused);
    }

    [Fact]
    public void Amounts_are_read_in_yuan_and_with_the_currency_sign()
    {
        Assert.Equal([(1309.52m, "CNY", 2)], ScenarioFromCase.Amounts("扣了 ¥1,309.52，又扣了 1,309.52 元"));
        Assert.Empty(ScenarioFromCase.Amounts("订单号 DD88120461，手机 138****0000"));
    }
}
