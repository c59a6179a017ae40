using PayDesk.Features.Complaints;
using PayDesk.Features.Quality;
using PayDesk.Features.Search;
using PayDesk.Features.Training;

namespace PayDesk.Tests.Features.Training;

/// <summary>The automatic items of a training session, from its transcript; phrases with Quality's default lists and the shared jieba segmenter.</summary>
public sealed class TrainingScoringTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TrainingOptions Options = new();
    private static readonly PhraseListMatcher Phrases = new(PhraseListDefaults.Entries.Select(e => (e.Kind, e.Text)), TextSegmenter.Shared.WordSpans);

    private static SessionStep Said(int seconds, string text, string? topic = null) => new(Start.AddSeconds(seconds), TrainingEventKind.TraineeMessage, text, topic);
    private static SessionStep Did(int seconds, TrainingEventKind kind) => new(Start.AddSeconds(seconds), kind, "", null);

    private static Dictionary<string, decimal> Score(DateTime? verifiedAt, TicketCategory? category, string? solution, int endSeconds, params SessionStep[] steps) =>
        Items(verifiedAt, category, solution, endSeconds, steps).ToDictionary(i => i.Key, i => i.Points);

    private static IReadOnlyList<TrainingScoreItem> Items(DateTime? verifiedAt, TicketCategory? category, string? solution, int endSeconds, params SessionStep[] steps) =>
        TrainingScoring.Score(new SessionRecord(Start, Start.AddSeconds(endSeconds), verifiedAt, TicketCategory.Funds, category, solution, steps), Options, Phrases);

    private static readonly SessionStep[] GoodSession =
    [
        Said(20, "您好，我是客服小王，请问有什么可以帮您？", TrainingTopics.Greeting),
        Said(60, "请问扣了多少钱？", TrainingTopics.Amount),
        Did(90, TrainingEventKind.CodeSent),
        Did(120, TrainingEventKind.Verified),
        Did(130, TrainingEventKind.LedgerLookedUp),
        Said(200, "请问还有其他可以帮您的吗？谢谢。", TrainingTopics.Closing),
    ];

    [Fact]
    public void A_good_session_earns_every_automatic_item()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Funds, "重复的一笔原路退回", 240, GoodSession);
        Assert.All(items, i => Assert.True(i.Value > 0, i.Key));
        Assert.Equal(110, items.Values.Sum());
    }

    [Fact]
    public void Asking_for_the_card_before_verifying_loses_the_verification_item_even_if_verified_later()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240,
            [.. GoodSession.Take(2), Said(70, "请提供卡号", TrainingTopics.CardNumber), .. GoodSession.Skip(2)]);
        Assert.Equal(0, items["verified_first"]);
        Assert.Equal(10, items["ledger_lookup"]);
    }

    [Fact]
    public void A_refused_lookup_before_verification_costs_the_verification_item()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240, [Did(50, TrainingEventKind.LookupRefused), .. GoodSession]);
        Assert.Equal(0, items["verified_first"]);
    }

    [Fact]
    public void Never_verifying_loses_the_item()
    {
        Assert.Equal(0, Score(null, TicketCategory.Funds, "退回", 240, GoodSession[0], GoodSession[^1])["verified_first"]);
    }

    [Fact]
    public void A_late_first_response_wrong_category_and_no_solution_lose_their_items()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Refund, null, 240, [Said(90, "您好"), .. GoodSession.Skip(2)]);
        Assert.Equal((0m, 0m, 0m, 0m), (items["first_response"], items["category"], items["solution"], items["resolved_in_time"]));
        Assert.Equal(5, items["greeting"]);
    }

    [Fact]
    public void Forbidden_phrases_in_Chinese_are_found_with_Qualitys_lists_on_word_boundaries()
    {
        var once = Items(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240, [.. GoodSession.Take(2), Said(150, "这个不归我管"), .. GoodSession.Skip(2)])
            .Single(i => i.Key == "no_forbidden");
        Assert.Equal((7.5m, "不归我管"), (once.Points, once.Detail));
        var twice = Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240, [.. GoodSession.Take(2), Said(150, "不归我管，我也没办法"), .. GoodSession.Skip(2)]);
        Assert.Equal(0, twice["no_forbidden"]);
        // 滚 is forbidden as a word, not inside 滚动 (jieba word boundaries, as in the automatic review).
        Assert.Equal(15, Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240, [.. GoodSession.Take(2), Said(150, "请把页面滚动到底部看看"), .. GoodSession.Skip(2)])["no_forbidden"]);
        Assert.Equal(7.5m, Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240, [.. GoodSession.Take(2), Said(150, "你给我滚"), .. GoodSession.Skip(2)])["no_forbidden"]);
    }

    [Fact]
    public void Missing_required_phrases_cost_their_share_and_are_named()
    {
        var item = Items(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240, Said(20, "您好", TrainingTopics.Greeting), Said(60, "请问扣了多少钱？"))
            .Single(i => i.Key == "required_phrases");
        Assert.Equal((5m, 10m), (item.Points, item.MaxPoints));
        Assert.Contains("感谢", item.Detail);
    }

    [Fact]
    public void The_rubrics_items_training_cannot_measure_are_left_to_the_reviewer()
    {
        var rubric = new StandardRubric(null, DefaultRubric.Name, 1, DefaultRubric.Items.Select(i =>
            new RubricItemDefinition(i.Key!, i.Name!, i.NameEn, i.Guidance, i.Weight, i.Scale, i.Scale == ItemScale.PassPartialFail ? 2 : i.MaxPoints, i.Fatal)).ToList());
        var plan = TrainingScoring.ManualPlan(rubric);
        Assert.Equal(["accurate_info", "empathy", "next_steps"], plan.Select(i => i.Key));
        Assert.All(plan, i => Assert.Null(i.Value));
        var accuracy = TrainingScoring.Scored(plan[0], 4);
        Assert.Equal((16m, 20m, "信息准确", "Accurate information"), (accuracy.Points, accuracy.MaxPoints, accuracy.DisplayName(false), accuracy.DisplayName(true)));
        Assert.Equal(5m, TrainingScoring.Scored(plan[2], 1).Points);
    }

    [Fact]
    public void Resolution_after_the_target_loses_the_time_item_and_no_closing_loses_the_closing()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", Options.ResolutionMinutes * 60 + 1, GoodSession[..^1]);
        Assert.Equal((0m, 0m), (items["resolved_in_time"], items["closing"]));
    }
}
