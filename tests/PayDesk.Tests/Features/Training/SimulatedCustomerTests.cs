using PayDesk.Features.Training;

namespace PayDesk.Tests.Features.Training;

/// <summary>The simulated customer of the seeded double-debit scenario, offline (the scripted branches and the text model).</summary>
public sealed class SimulatedCustomerTests
{
    private static readonly ScenarioRequest Request = TrainingSeed.Scenarios(new DateTime(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc)).First(s => s.Key == TrainingSeed.DoubleDebit).Request;

    private static SimulatedCustomer Customer()
    {
        var scenario = new TrainingScenario { Title = Request.Title!, Mood = CustomerMood.Anxious, OpeningMessage = Request.OpeningMessage! };
        var script = new ScenarioScript(Request.Facts!, Request.Secrets!, Request.Ledger!, Request.CustomerName!, Request.MaskedPhone!, Request.OpeningMessageEn);
        return new SimulatedCustomer(scenario, script);
    }

    private static CustomerState NotVerified(params string[] revealed) => new(false, null, revealed.ToHashSet());

    [Theory]
    [InlineData("请问您被扣了多少钱？", "1,309.52")]
    [InlineData("扣款金额是多少", "1,309.52")]
    [InlineData("大概是什么时候付的款呢", "八点")]
    [InlineData("您是在哪个商户消费的？", "悦家生活超市")]
    [InlineData("您用的是哪家银行的卡", "招商银行")]
    [InlineData("您联系过银行了吗？", "打过招商银行的客服")]
    public void Answers_questions_from_the_facts(string question, string expected)
    {
        var reply = Customer().Reply(question, NotVerified());
        Assert.Contains(expected, reply.Text);
        Assert.False(reply.Refused);
    }

    [Fact]
    public void Ask_only_facts_are_told_only_when_asked()
    {
        var customer = Customer();
        var revealed = new HashSet<string>();
        // A greeting and small talk: the customer restates the problem and volunteers what they would tell anyone, never the amount or merchant.
        foreach (var line in new[] { "您好，请问有什么可以帮您？", "好的", "嗯嗯", "明白", "请稍等" })
        {
            var reply = customer.Reply(line, new CustomerState(false, null, revealed));
            Assert.DoesNotContain("1,309.52", reply.Text);
            Assert.DoesNotContain("悦家", reply.Text);
            Assert.DoesNotContain("招商", reply.Text);
            if (reply.Revealed is { } topic) revealed.Add(topic);
        }
        Assert.Contains(TrainingTopics.WhatHappened, revealed);
        Assert.DoesNotContain(TrainingTopics.Amount, revealed);
        var asked = customer.Reply("每笔扣了多少钱？", new CustomerState(false, null, revealed));
        Assert.Equal((TrainingTopics.Amount, TrainingTopics.Amount), (asked.Topic, asked.Revealed));
        Assert.Contains("1,309.52", asked.Text);
    }

    [Theory]
    [InlineData("请提供一下您的银行卡号")]
    [InlineData("麻烦报一下卡号，我帮您查")]
    [InlineData("What is your card number?")]
    public void Refuses_the_card_number_before_verification_and_gives_it_masked_after(string question)
    {
        var before = Customer().Reply(question, NotVerified());
        Assert.True(before.Refused);
        Assert.Contains("请先核实", before.Text);
        Assert.DoesNotContain("0418", before.Text);

        var after = Customer().Reply(question, new CustomerState(true, null, new HashSet<string>()));
        Assert.False(after.Refused);
        Assert.Contains("0418", after.Text);
        Assert.DoesNotContain("6225880212340418", after.Text);
    }

    [Fact]
    public void Refuses_the_id_number_before_verification()
    {
        var reply = Customer().Reply("请告诉我您的身份证号码", NotVerified());
        Assert.True(reply.Refused);
        Assert.DoesNotContain("341X", reply.Text);
    }

    [Fact]
    public void Reads_out_the_sandbox_code_only_once_one_was_sent()
    {
        Assert.DoesNotContain("482913", Customer().Reply("请告诉我您收到的验证码", NotVerified()).Text);
        Assert.Contains("482913", Customer().Reply("请告诉我您收到的验证码", new CustomerState(false, "482913", new HashSet<string>())).Text);
    }

    [Fact]
    public void Mood_colours_the_reply_to_empathy()
    {
        var angry = new SimulatedCustomer(new TrainingScenario { Mood = CustomerMood.Angry, OpeningMessage = "x" },
            new ScenarioScript(Request.Facts!, [], [], "客户", "138****0000"));
        Assert.Contains("解决问题", angry.Reply("非常抱歉给您带来不便", NotVerified()).Text);
    }

    [Theory]
    [InlineData("How much were you charged?", "1,309.52 yuan")]
    [InlineData("Which merchant was it?", "Yuejia")]
    [InlineData("Have you called the bank?", "China Merchants Bank")]
    public void Answers_in_English_when_the_trainee_writes_English(string question, string expected)
    {
        var english = CustomerLanguage.IsEnglish(question, System.Globalization.CultureInfo.GetCultureInfo("zh-CN"));
        Assert.True(english);
        var reply = Customer().Reply(question, NotVerified(), english);
        Assert.Contains(expected, reply.Text);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}{4,}", reply.Text.Replace("悦家生活超市", ""));
    }

    [Fact]
    public void Refuses_the_card_number_in_English_and_greets_with_the_English_opening()
    {
        var refused = Customer().Reply("What is your card number?", NotVerified(), english: true);
        Assert.True(refused.Refused);
        Assert.Contains("verify my identity", refused.Text);
        Assert.Contains("charged twice", Customer().Reply("Hello, how can I help you?", NotVerified(), english: true).Text);
        Assert.Contains("验证码是 482913", Customer().Reply("请告诉我验证码", new CustomerState(false, "482913", new HashSet<string>())).Text);
        Assert.Contains("the code is 482913", Customer().Reply("What is the code?", new CustomerState(false, "482913", new HashSet<string>()), english: true).Text);
    }

    [Theory]
    [InlineData("请问扣了多少钱", "en-US", false)]
    [InlineData("How much?", "zh-CN", true)]
    [InlineData("482913", "en-US", true)]
    [InlineData("482913", "zh-CN", false)]
    [InlineData("好的 OK", "en-US", false)]
    public void The_trainees_words_decide_the_language_and_the_screen_decides_when_they_do_not(string text, string ui, bool english) =>
        Assert.Equal(english, CustomerLanguage.IsEnglish(text, System.Globalization.CultureInfo.GetCultureInfo(ui)));
}
