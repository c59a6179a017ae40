using PayDesk.Features.Assistant;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>The rules that decide what the assistant does before any model or database is involved.</summary>
public sealed class QuestionScopeTests
{
    private static readonly string[] AccountIntents = ["refund_status", "transaction_lookup", "payment_failed_debited", "duplicate_debit", "account_frozen", "unfreeze_request"];
    private static readonly DateOnly Today = new(2026, 10, 2);

    [Theory]
    // General: how things usually work — the help centre answers, nobody is asked for a code.
    [InlineData("退款一般多久到账？", "refund_status", QuestionKind.General)]
    [InlineData("退款通常几个工作日能到", "refund_status", QuestionKind.General)]
    [InlineData("账户被冻结了怎么解冻", "unfreeze_request", QuestionKind.General)]
    [InlineData("解冻需要准备什么材料", "unfreeze_request", QuestionKind.General)]
    [InlineData("重复扣款一般怎么处理", "duplicate_debit", QuestionKind.General)]
    [InlineData("How long does a refund take?", "refund_status", QuestionKind.General)]
    [InlineData("how long do refunds usually take to arrive", "refund_status", QuestionKind.General)]
    [InlineData("how do I unfreeze my account", "unfreeze_request", QuestionKind.General)]
    [InlineData("what documents do I need to unfreeze", "unfreeze_request", QuestionKind.General)]
    // Personal: one case of the asker's own — possessives, "still not", a serial, an amount or a date.
    [InlineData("我的退款还没到", "refund_status", QuestionKind.Personal)]
    [InlineData("退款怎么还没到账", "refund_status", QuestionKind.Personal)]
    [InlineData("帮我查一下昨天的一笔付款", "transaction_lookup", QuestionKind.Personal)]
    [InlineData("流水T202611250001的退款到哪了", "refund_status", QuestionKind.Personal)]
    [InlineData("退款一般多久到账？我退了 299 元", "refund_status", QuestionKind.Personal)]
    [InlineData("3月2日退的款一般多久到", "refund_status", QuestionKind.Personal)]
    [InlineData("where is my refund for T202611250001", "refund_status", QuestionKind.Personal)]
    [InlineData("my refund still hasn't arrived", "refund_status", QuestionKind.Personal)]
    [InlineData("why is my account frozen", "account_frozen", QuestionKind.Personal)]
    [InlineData("I was charged twice at Starbucks", "duplicate_debit", QuestionKind.Personal)]
    // Neither kind of word: the account flows are personal by default.
    [InlineData("退款进度", "refund_status", QuestionKind.Personal)]
    [InlineData("refund status", "refund_status", QuestionKind.Personal)]
    public void General_and_personal_questions_are_told_apart(string text, string intent, QuestionKind expected) =>
        Assert.Equal(expected, QuestionScope.Classify(text, Entities.Extract(text, Today), intent, AccountIntents));

    [Theory]
    [InlineData("退款一般多久到账？", "zh-CN")]
    [InlineData("How long does a refund take?", "en")]
    [InlineData("where is my refund for T202611250001", "en")]
    [InlineData("流水 T202611250001 的退款", "zh-CN")]
    [InlineData("我的 WeChat 支付失败了", "zh-CN")]
    [InlineData("1", null)]
    [InlineData("123456", null)]
    [InlineData("ok", null)]
    [InlineData("agent", null)]
    public void The_answer_language_follows_the_message(string text, string? expected) => Assert.Equal(expected, ReplyLanguage.Of(text));

    [Theory]
    [InlineData("1", 0)]
    [InlineData("2", 1)]
    [InlineData("第一个", 0)]
    [InlineData("第二笔", 1)]
    [InlineData("选3", 2)]
    [InlineData("the second one", 1)]
    [InlineData("T202611250002", 1)]
    [InlineData("就是 T202611250003 这笔", 2)]
    [InlineData("4", null)]
    [InlineData("退款什么时候到", null)]
    [InlineData("我 2026 年买的", null)]
    public void A_reply_picks_one_of_the_numbered_choices(string text, int? expected) =>
        Assert.Equal(expected, NumberedChoice.Pick(text, ["T202611250001", "T202611250002", "T202611250003"]));

    [Theory]
    [InlineData("转人工", "human_agent", 0.9, true)]
    [InlineData("人工", "greeting", 0.3, true)]
    [InlineData("agent", "human_agent", 0.25, true)]
    [InlineData("can I talk to a real person", "human_agent", 0.4, true)]
    [InlineData("我要找真人客服", "file_complaint", 0.5, true)]
    // The model alone, unsure: an image, a location or an unknown message type is not a request for a person.
    [InlineData("[未知消息类型]", "human_agent", 0.35, false)]
    [InlineData("[location] 31.23,121.47", "human_agent", 0.3, false)]
    [InlineData("帮帮我", "human_agent", 0.45, false)]
    // The model sure of it: a person, even without the words.
    [InlineData("能不能换个人跟我说", "human_agent", 0.8, true)]
    // The words inside a longer message about something else are not a request.
    [InlineData("我要投诉你们人工客服的态度，上次直接挂断", "file_complaint", 0.7, false)]
    public void A_request_for_a_person_needs_real_evidence(string text, string intent, double confidence, bool expected) =>
        Assert.Equal(expected, AssistantBrain.AsksForPerson(text, intent, confidence));
}
