using PayDesk.Features.Quality;
using PayDesk.Features.Sla;
using static PayDesk.Features.Quality.AutomaticReviewRules;

namespace PayDesk.Tests.Features.Quality;

/// <summary>One test (or more) per automatic item: the rules alone, on hand-made interactions, with the real jieba segmenter and anger detector.</summary>
public sealed class AutomaticReviewRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly AutomaticReviewRules Rules = AutomaticReviewRulesFactory.Create(PhraseListDefaults.Entries.Select(e => (e.Kind, e.Text)));

    private static AutomaticReviewInput Complaint(
        IEnumerable<ReviewMessage>? messages = null, IEnumerable<ReviewEvent>? events = null, IEnumerable<ReviewClock>? clocks = null,
        int reopens = 0, string? serial = null) =>
        new(ReviewSubject.Complaint, Guid.NewGuid(), Guid.NewGuid(), T0,
            [new(T0, ReviewAuthor.Customer, "我的订单被重复扣款了"), .. messages ?? []], [.. events ?? []], [.. clocks ?? []], reopens, serial);

    private static ReviewMessage Agent(int minute, string text) => new(T0.AddMinutes(minute), ReviewAuthor.Agent, text);

    private static AutomaticItemScore Item(AutomaticReviewInput input, string key) => Rules.Score(input).Single(i => i.Key == key);

    private static bool Has(AutomaticReviewInput input, string key) => Rules.Score(input).Any(i => i.Key == key);

    [Fact]
    public void Verification_before_disclosure_is_read_from_the_timeline()
    {
        var lookupAfterVerification = Complaint(events: [new(T0.AddMinutes(5), ReviewEventKind.Verified), new(T0.AddMinutes(6), ReviewEventKind.Lookup)]);
        Assert.Equal(VerificationMax, Item(lookupAfterVerification, Items.VerificationBeforeDisclosure).Points);

        var lookupFirst = Complaint(events: [new(T0.AddMinutes(4), ReviewEventKind.Lookup), new(T0.AddMinutes(5), ReviewEventKind.Verified)]);
        var item = Item(lookupFirst, Items.VerificationBeforeDisclosure);
        Assert.Equal((0m, VerificationMax), (item.Points, item.MaxPoints));

        var neverVerified = Complaint(events: [new(T0.AddMinutes(4), ReviewEventKind.Reveal)]);
        Assert.Equal(0m, Item(neverVerified, Items.VerificationBeforeDisclosure).Points);
    }

    [Fact]
    public void An_agent_naming_the_transaction_or_a_balance_before_verification_disclosed_account_data()
    {
        var serial = "T2026110212345678";
        var told = Complaint([Agent(2, $"查到了，您的交易 {serial} 已扣款两次")], [new(T0.AddMinutes(10), ReviewEventKind.Verified)], serial: serial);
        Assert.Equal(0m, Item(told, Items.VerificationBeforeDisclosure).Points);

        var balance = Complaint([Agent(2, "您账户余额还有 320.50 元")]);
        Assert.Equal(0m, Item(balance, Items.VerificationBeforeDisclosure).Points);

        var afterCode = Complaint([Agent(12, $"核实通过，交易 {serial} 确实重复扣款")], [new(T0.AddMinutes(10), ReviewEventKind.Verified)], serial: serial);
        Assert.Equal(VerificationMax, Item(afterCode, Items.VerificationBeforeDisclosure).Points);
    }

    [Fact]
    public void Without_any_account_data_shown_verification_is_not_scored()
    {
        Assert.False(Has(Complaint([Agent(2, "您好，请提供交易流水号，我们核实后答复您")]), Items.VerificationBeforeDisclosure));
    }

    [Fact]
    public void Forbidden_phrase_is_found_in_Chinese_text()
    {
        var input = Complaint([Agent(3, "您好，这个不归我管，你自己去查吧。")]);
        var item = Item(input, Items.ForbiddenPhrases);
        Assert.Equal(0m, item.Points);
        Assert.Contains("不归我管", item.Detail);
        Assert.Contains("你自己去查", item.Detail);

        var once = Item(Complaint([Agent(3, "您好，抱歉，这个我也没办法。")]), Items.ForbiddenPhrases);
        Assert.Equal((ForbiddenMax - ForbiddenPerHit, "没办法"), (once.Points, once.Detail));
    }

    [Theory]
    [InlineData("您好，页面滚动到底部就能看到退款进度，感谢您的耐心。", "滚")]   // 滚 inside 滚动 (scroll)
    [InlineData("您好，麻烦您提供一下交易流水号，谢谢。", "烦")]                  // 烦 inside 麻烦 (would you mind)
    public void Forbidden_phrase_is_not_matched_across_word_boundaries(string text, string phrase)
    {
        Assert.Contains(phrase, text, StringComparison.Ordinal); // a plain substring search would have flagged it
        var item = Item(Complaint([Agent(3, text)]), Items.ForbiddenPhrases);
        Assert.Equal((ForbiddenMax, (string?)null), (item.Points, item.Detail));
    }

    [Fact]
    public void A_single_character_phrase_is_found_where_it_is_a_word()
    {
        var item = Item(Complaint([Agent(3, "你给我滚")]), Items.ForbiddenPhrases);
        Assert.Equal("滚", item.Detail);
        // English phrases match whole words, any case.
        Assert.Equal("not my problem", Item(Complaint([Agent(3, "Sorry, that's Not My Problem.")]), Items.ForbiddenPhrases).Detail);
        Assert.Null(Item(Complaint([Agent(3, "Hello, it is not my problems list.")]), Items.ForbiddenPhrases).Detail);
    }

    [Fact]
    public void Missing_required_phrases_cost_their_share()
    {
        var none = Item(Complaint([Agent(3, "已处理。")]), Items.RequiredPhrases);
        Assert.Equal(0m, none.Points);
        var half = Item(Complaint([Agent(3, "您好，已处理。")]), Items.RequiredPhrases);
        Assert.Equal(RequiredMax / 2, half.Points);
        Assert.Equal("感谢|谢谢|抱歉|不便|thank|sorry", half.Detail);
        // Any alternative in any message of the agent counts; notes and customers' words do not.
        var both = Complaint([Agent(3, "你好，正在核实。"), Agent(30, "已退款，给您带来不便非常抱歉。")]);
        Assert.Equal(RequiredMax, Item(both, Items.RequiredPhrases).Points);
        var noteOnly = Complaint([new ReviewMessage(T0.AddMinutes(3), ReviewAuthor.Agent, "内部备注：您好 谢谢", Public: false)]);
        Assert.False(Has(noteOnly, Items.RequiredPhrases));
    }

    [Fact]
    public void Response_and_resolution_times_come_from_the_clocks()
    {
        Assert.Equal(TimeMax, Item(Complaint(clocks: [new(ClockKind.FirstResponse, ClockStatus.Met, Warned: false, Breached: false)]), Items.FirstResponse).Points);
        Assert.Equal(7m, Item(Complaint(clocks: [new(ClockKind.FirstResponse, ClockStatus.Met, Warned: true, Breached: false)]), Items.FirstResponse).Points);
        // Breached and then answered: the clock is met at last, but the target was missed.
        Assert.Equal(0m, Item(Complaint(clocks: [new(ClockKind.FirstResponse, ClockStatus.Met, Warned: true, Breached: true)]), Items.FirstResponse).Points);
        Assert.False(Has(Complaint(clocks: [new(ClockKind.FirstResponse, ClockStatus.Running, false, false)]), Items.FirstResponse));

        var resolution = Item(Complaint(clocks: [new(ClockKind.Resolution, ClockStatus.Breached, true, true)]), Items.Resolution);
        Assert.Equal((0m, "breached"), (resolution.Points, resolution.Detail));
    }

    [Fact]
    public void A_chats_first_response_is_measured_from_the_hand_over_to_the_agents_first_message()
    {
        AutomaticReviewInput Chat(int agentAfterMinutes) => new(ReviewSubject.Chat, Guid.NewGuid(), Guid.NewGuid(), T0,
        [
            new(T0, ReviewAuthor.Customer, "转人工"),
            new(T0.AddMinutes(1), ReviewAuthor.Bot, "正在为您转接人工客服"),
            new(T0.AddMinutes(1 + agentAfterMinutes), ReviewAuthor.Agent, "您好，我是客服王芳，请问有什么可以帮您？"),
        ], [], [], ChatFirstResponseTargetMinutes: 15);

        Assert.Equal((TimeMax, "3/15"), (Item(Chat(3), Items.FirstResponse).Points, Item(Chat(3), Items.FirstResponse).Detail));
        Assert.Equal(7m, Item(Chat(14), Items.FirstResponse).Points);
        Assert.Equal(0m, Item(Chat(40), Items.FirstResponse).Points);
        // Chats have no category, transfers or reopens of their own.
        Assert.DoesNotContain(Rules.Score(Chat(3)), i => i.Key is Items.CategoryCorrected or Items.Transfers or Items.Reopens or Items.Resolution);
    }

    [Fact]
    public void A_category_corrected_after_intake_loses_the_item()
    {
        Assert.Equal(CategoryMax, Item(Complaint(), Items.CategoryCorrected).Points);
        Assert.Equal(0m, Item(Complaint(events: [new(T0.AddHours(1), ReviewEventKind.CategoryChanged)]), Items.CategoryCorrected).Points);
    }

    [Fact]
    public void Customer_sentiment_turning_negative_is_caught_by_the_anger_detector()
    {
        var turned = Complaint([Agent(3, "您好，请耐心等待。"), new(T0.AddHours(5), ReviewAuthor.Customer, "等了五个小时还没人管，什么破服务！！")]);
        Assert.Equal((0m, "turned_negative"), (Item(turned, Items.Sentiment).Points, Item(turned, Items.Sentiment).Detail));

        var calmed = new AutomaticReviewInput(ReviewSubject.Complaint, Guid.NewGuid(), Guid.NewGuid(), T0,
            [new(T0, ReviewAuthor.Customer, "你们太差了，钱被扣了两次！！"), Agent(3, "非常抱歉，已为您退回重复扣款。"), new(T0.AddHours(1), ReviewAuthor.Customer, "收到了，谢谢")],
            [], []);
        Assert.Equal(SentimentMax, Item(calmed, Items.Sentiment).Points);

        Assert.Equal(SentimentMax, Item(Complaint([new(T0.AddHours(1), ReviewAuthor.Customer, "好的，谢谢")]), Items.Sentiment).Points);
        Assert.False(Has(Complaint(), Items.Sentiment)); // the complaint's own words alone say nothing about the conversation
    }

    [Fact]
    public void Transfers_and_reopens_cost_points_by_count()
    {
        Assert.Equal(TransferMax, Item(Complaint(), Items.Transfers).Points);
        Assert.Equal(3m, Item(Complaint(events: [new(T0.AddHours(1), ReviewEventKind.Transfer)]), Items.Transfers).Points);
        Assert.Equal(0m, Item(Complaint(events: [new(T0.AddHours(1), ReviewEventKind.Transfer), new(T0.AddHours(2), ReviewEventKind.Transfer)]), Items.Transfers).Points);

        Assert.Equal(ReopenMax, Item(Complaint(), Items.Reopens).Points);
        Assert.Equal(5m, Item(Complaint(reopens: 1), Items.Reopens).Points);
        Assert.Equal(("2", 0m), (Item(Complaint(reopens: 2), Items.Reopens).Detail, Item(Complaint(reopens: 2), Items.Reopens).Points));
    }

    [Fact]
    public void The_score_is_the_share_of_points_over_the_items_that_applied()
    {
        var items = Rules.Score(Complaint([Agent(3, "您好，已为您处理，感谢耐心等待。")], reopens: 1,
            clocks: [new(ClockKind.FirstResponse, ClockStatus.Met, false, false), new(ClockKind.Resolution, ClockStatus.Breached, true, true)]));
        // first response 10/10, resolution 0/10, category 5/5, forbidden 15/15, required 10/10, transfers 5/5, reopens 5/10
        Assert.Equal(7, items.Count);
        Assert.Equal(Math.Round(100m * 50 / 65, 1), AutomaticReviewRules.Percent(items));
        Assert.Null(AutomaticReviewRules.Percent([]));
    }
}
