using PayDesk.Features.Complaints;
using PayDesk.Features.Training;

namespace PayDesk.Tests.Features.Training;

/// <summary>The automatic items of a training session, from its transcript.</summary>
public sealed class TrainingScoringTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TrainingOptions Options = new();

    private static SessionStep Said(int seconds, string text, string? topic = null) => new(Start.AddSeconds(seconds), TrainingEventKind.TraineeMessage, text, topic);
    private static SessionStep Did(int seconds, TrainingEventKind kind) => new(Start.AddSeconds(seconds), kind, "", null);

    private static Dictionary<string, decimal> Score(DateTime? verifiedAt, TicketCategory? category, string? solution, int endSeconds, params SessionStep[] steps) =>
        TrainingScoring.Score(new SessionRecord(Start, Start.AddSeconds(endSeconds), verifiedAt, TicketCategory.Funds, category, solution, steps), Options)
            .ToDictionary(i => i.Key, i => i.Points);

    private static readonly SessionStep[] GoodSession =
    [
        Said(20, "您好，我是客服小王，请问有什么可以帮您？", TrainingTopics.Greeting),
        Said(60, "请问扣了多少钱？", TrainingTopics.Amount),
        Did(90, TrainingEventKind.CodeSent),
        Did(120, TrainingEventKind.Verified),
        Did(130, TrainingEventKind.LedgerLookedUp),
        Said(200, "请问还有其他可以帮您的吗？", TrainingTopics.Closing),
    ];

    [Fact]
    public void A_good_session_earns_every_automatic_item()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Funds, "重复的一笔原路退回", 240, GoodSession);
        Assert.All(items, i => Assert.True(i.Value > 0, i.Key));
        Assert.Equal(100, items.Values.Sum());
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
    public void A_forbidden_phrase_in_Chinese_is_found()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", 240, [.. GoodSession.Take(2), Said(150, "这个不归我们管，你自己去问银行"), .. GoodSession.Skip(2)]);
        Assert.Equal(0, items["no_forbidden"]);
    }

    [Fact]
    public void Resolution_after_the_target_loses_the_time_item_and_no_closing_loses_the_closing()
    {
        var items = Score(Start.AddSeconds(120), TicketCategory.Funds, "退回", Options.ResolutionMinutes * 60 + 1, GoodSession[..^1]);
        Assert.Equal((0m, 0m), (items["resolved_in_time"], items["closing"]));
    }
}
