using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Quality;

/// <summary>How review totals come out of item scores, how samples are drawn, and who may do what with a review.</summary>
public sealed class QualityScoringTests
{
    private static QualityScoring.Item Ppf(decimal weight, bool fatal = false) => new(weight, ItemScale.PassPartialFail, 2, fatal);

    private static QualityScoring.Item Points(decimal weight, int max, bool fatal = false) => new(weight, ItemScale.Points, max, fatal);

    [Fact]
    public void Items_count_by_their_share_of_the_weights()
    {
        // 30 + 70 pass/fail: passing only the lighter item earns 30 of 100; weights need not add up to 100.
        Assert.Equal(30m, QualityScoring.Score([Ppf(30), Ppf(70)], [QualityScoring.Pass, QualityScoring.Fail]).Total);
        Assert.Equal(25m, QualityScoring.Score([Ppf(1), Ppf(3)], [QualityScoring.Pass, QualityScoring.Fail]).Total);
        Assert.Equal(100m, QualityScoring.Score([Ppf(1), Ppf(3)], [QualityScoring.Pass, QualityScoring.Pass]).Total);
    }

    [Fact]
    public void Partial_earns_half_and_points_earn_their_share_of_the_maximum()
    {
        var result = QualityScoring.Score([Ppf(40), Points(60, 5)], [QualityScoring.Partial, 3]);
        Assert.Equal(20m + 36m, result.Total);
        Assert.Equal([20m, 36m], result.Items.Select(i => i.Points));
        Assert.Equal([40m, 60m], result.Items.Select(i => i.MaxShare));
        Assert.False(result.FatalFailed);
    }

    [Fact]
    public void A_failed_fatal_item_zeroes_the_review_and_every_items_points()
    {
        var items = new[] { Ppf(50), Points(30, 5), Ppf(20, fatal: true) };
        var zeroed = QualityScoring.Score(items, [QualityScoring.Pass, 5, QualityScoring.Fail]);
        Assert.Equal((0m, true), (zeroed.Total, zeroed.FatalFailed));
        Assert.All(zeroed.Items, i => Assert.Equal(0m, i.Points));
        // Partial on a fatal item is not a failure: it costs half the item, nothing more.
        var partial = QualityScoring.Score(items, [QualityScoring.Pass, 5, QualityScoring.Partial]);
        Assert.Equal((90m, false), (partial.Total, partial.FatalFailed));
        // A fatal points item at 0 zeroes too.
        Assert.Equal(0m, QualityScoring.Score([Ppf(50), Points(50, 3, fatal: true)], [QualityScoring.Pass, 0]).Total);
    }

    [Fact]
    public void Values_outside_the_scale_are_refused()
    {
        Assert.False(QualityScoring.IsValidValue(Ppf(10), 3));
        Assert.False(QualityScoring.IsValidValue(Points(10, 5), 6));
        Assert.False(QualityScoring.IsValidValue(Points(10, 5), -1));
        Assert.True(QualityScoring.IsValidValue(Points(10, 5), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityScoring.Score([Ppf(10)], [3]));
    }

    [Fact]
    public void The_default_rubric_has_the_nine_items_with_identity_and_phrases_fatal_and_validates()
    {
        Assert.Equal(["开场问候", "核实身份后再谈账户", "分类正确", "信息准确", "同理心", "给出解决方案", "告知后续步骤", "未使用禁用语", "结束语"],
            DefaultRubric.Items.Select(i => i.Name));
        Assert.Equal(["verify_before_account", "no_forbidden_phrases"], DefaultRubric.Items.Where(i => i.Fatal).Select(i => i.Key));
        Assert.Null(SaveRubric.Validate(new RubricInput(DefaultRubric.Name, null, [.. DefaultRubric.Items])));
        Assert.Equal(100m, DefaultRubric.Items.Sum(i => i.Weight));
    }

    [Fact]
    public void Rubric_validation_names_the_bad_field()
    {
        var ok = new RubricItemInput("greeting", "开场问候", null, null, 10, ItemScale.PassPartialFail, 2, false);
        Assert.Equal("name", SaveRubric.Validate(new RubricInput(" ", null, [ok]))!.Field);
        Assert.Equal("items", SaveRubric.Validate(new RubricInput("表", null, []))!.Field);
        Assert.Equal("items[1].key", SaveRubric.Validate(new RubricInput("表", null, [ok, ok]))!.Field);
        Assert.Equal("items[0].weight", SaveRubric.Validate(new RubricInput("表", null, [ok with { Weight = 0 }]))!.Field);
        Assert.Equal("items[0].maxPoints", SaveRubric.Validate(new RubricInput("表", null, [ok with { Scale = ItemScale.Points, MaxPoints = 0 }]))!.Field);
        Assert.Equal("items[0].key", SaveRubric.Validate(new RubricInput("表", null, [ok with { Key = "开场" }]))!.Field);
    }

    [Fact]
    public void Editing_a_rubric_does_not_change_a_review_scored_on_the_old_version()
    {
        var now = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
        var input = new RubricInput("表", null,
            [new("a", "甲", null, null, 50, ItemScale.PassPartialFail, 2, false), new("b", "乙", null, null, 50, ItemScale.PassPartialFail, 2, false)]);
        var v1 = SaveRubric.Build(Guid.NewGuid(), 1, input, now, null, "主管");
        var ticket = new AssignReview.TicketFacts(Guid.NewGuid(), "PD-2026-000001", Guid.NewGuid(), now, null);
        var review = AssignReview.NewReview(v1, ticket, "王芳", Guid.NewGuid(), "刘洋", SampleReason.Manual, null, null, now);
        Assert.Null(SubmitReview.Apply(review.Scores, [new("a", QualityScoring.Pass, null), new("b", QualityScoring.Fail, null)], requireAll: true));
        SubmitReview.Total(review);
        Assert.Equal(50m, review.Total);

        // The supervisor makes "b" fatal and heavier in version 2; the old review keeps its copy of version 1.
        var v2 = SaveRubric.Build(v1.FamilyId, 2, input with { Items = [input.Items![0], input.Items[1] with { Weight = 150, Fatal = true }] }, now, null, "主管");
        SubmitReview.Total(review);
        Assert.Equal((50m, 1, false), (review.Total, review.RubricVersion, review.FatalFailed));
        var newer = AssignReview.NewReview(v2, ticket, "王芳", null, null, SampleReason.Manual, null, null, now);
        Assert.Null(SubmitReview.Apply(newer.Scores, [new("a", QualityScoring.Pass, null), new("b", QualityScoring.Fail, null)], requireAll: true));
        SubmitReview.Total(newer);
        Assert.Equal((0m, 2, true), (newer.Total, newer.RubricVersion, newer.FatalFailed));
    }

    [Fact]
    public void Submitting_needs_every_item_and_only_known_items()
    {
        var rubric = SaveRubric.Build(Guid.NewGuid(), 1, new RubricInput("表", null, [.. DefaultRubric.Items]), DateTime.UtcNow, null, "主管");
        var review = AssignReview.NewReview(rubric, new AssignReview.TicketFacts(Guid.NewGuid(), "PD-1", Guid.NewGuid(), DateTime.UtcNow, null), "王芳", null, null,
            SampleReason.Manual, null, null, DateTime.UtcNow);
        Assert.Equal("scores", SubmitReview.Apply(review.Scores, [new("greeting", 2, null)], requireAll: true)!.Field);
        Assert.Equal("scores[0].itemKey", SubmitReview.Apply(review.Scores, [new("nope", 2, null)], requireAll: true)!.Field);
        Assert.Equal("scores[0].value", SubmitReview.Apply(review.Scores, [new("accurate_info", 6, null)], requireAll: false)!.Field);
    }

    private static SampleCandidate C(int ticket, int agent, bool escalated = false, bool reopened = false, bool lowCsat = false, bool breached = false, bool lowAuto = false) =>
        new(G(ticket), G(1000 + agent), escalated, reopened, lowCsat, breached, lowAuto);

    [Fact]
    public void A_low_automatic_score_makes_a_complaint_a_must_review_after_the_reviewers_own_reasons()
    {
        var picks = QualitySampler.Pick([C(1, 1, lowAuto: true), C(2, 1, lowCsat: true, lowAuto: true), C(3, 1), C(4, 1)], perAgent: 0,
            reviewers: [G(9)], new Random(1));
        Assert.Equal(SampleReason.LowAutoScore, picks.Single(p => p.TicketId == G(1)).Reason);
        Assert.Equal(SampleReason.LowCsat, picks.Single(p => p.TicketId == G(2)).Reason);
        Assert.Equal(2, picks.Count);
    }

    private static Guid G(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    [Fact]
    public void A_sample_takes_every_must_review_and_n_more_at_random_per_agent()
    {
        var candidates = new List<SampleCandidate>
        {
            C(1, 1, escalated: true, breached: true), C(2, 1, reopened: true), C(3, 1, lowCsat: true), C(4, 1, breached: true),
            C(5, 1), C(6, 1), C(7, 1), C(8, 1), C(9, 2), C(10, 2, escalated: true), C(11, 3),
        };
        var picks = QualitySampler.Pick(candidates, perAgent: 2, reviewers: [G(1001), G(1002)], new Random(7));

        Assert.Equal(SampleReason.Escalated, picks.Single(p => p.TicketId == G(1)).Reason);
        Assert.Equal(SampleReason.Reopened, picks.Single(p => p.TicketId == G(2)).Reason);
        Assert.Equal(SampleReason.LowCsat, picks.Single(p => p.TicketId == G(3)).Reason);
        Assert.Equal(SampleReason.Breached, picks.Single(p => p.TicketId == G(4)).Reason);
        Assert.Equal(2, picks.Count(p => p.AgentId == G(1001) && p.Reason == SampleReason.Random));
        Assert.All(picks.Where(p => p.Reason == SampleReason.Random && p.AgentId == G(1001)), p => Assert.Contains(p.TicketId, new[] { G(5), G(6), G(7), G(8) }));
        // Fewer candidates than N: all of them; an agent's must-review does not use up the random picks.
        Assert.Equal([G(9), G(10)], picks.Where(p => p.AgentId == G(1002)).Select(p => p.TicketId).Order());
        Assert.Single(picks, p => p.AgentId == G(1003));
        Assert.Equal(4 + 2 + 2 + 1, picks.Count);
        // Nobody reviews their own work: reviewer 1001 is also agent 1 here.
        Assert.All(picks, p => Assert.NotEqual(p.AgentId, p.ReviewerId));
        Assert.All(picks, p => Assert.NotNull(p.ReviewerId));
        // The same seed draws the same sample whatever order the candidates come in.
        var again = QualitySampler.Pick(Enumerable.Reverse(candidates), 2, [G(1001), G(1002)], new Random(7));
        Assert.Equal(picks.Select(p => p.TicketId).Order(), again.Select(p => p.TicketId).Order());
    }

    [Fact]
    public void A_pick_only_its_own_agent_could_review_stays_unassigned()
    {
        var picks = QualitySampler.Pick([C(1, 1)], 1, [G(1001)], new Random(1));
        Assert.Null(Assert.Single(picks).ReviewerId);
    }

    private static Actor Person(Guid id, params string[] roles) => new(id, "某人", roles.ToHashSet(), null);

    [Fact]
    public void Nobody_scores_their_own_work_and_a_dispute_goes_to_someone_else()
    {
        var agent = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var review = new QualityReview
        {
            TicketNumber = "PD-1", AgentId = agent, AgentName = "王芳", ReviewerId = first, RubricName = "表", Status = ReviewStatus.Assigned,
        };
        Assert.Equal("Quality.OwnWork", ReviewRules.WhyNotScore(review, Person(agent, Roles.Supervisor))!.Value.Key);
        Assert.Equal("Quality.AssignedToOther", ReviewRules.WhyNotScore(review, Person(second, Roles.Supervisor))!.Value.Key);
        Assert.Null(ReviewRules.WhyNotScore(review, Person(first, Roles.Supervisor)));
        Assert.False(ReviewRules.CanSee(review, Person(agent, Roles.Agent), false));

        review.Status = ReviewStatus.Disputed;
        Assert.True(ReviewRules.CanSee(review, Person(agent, Roles.Agent), false));
        Assert.Equal("Quality.Settle.FirstReviewer", ReviewRules.WhyNotSettle(review, Person(first, Roles.Supervisor))!.Value.Key);
        Assert.Equal("Quality.Settle.OwnDispute", ReviewRules.WhyNotSettle(review, Person(agent, Roles.Admin))!.Value.Key);
        Assert.Null(ReviewRules.WhyNotSettle(review, Person(second, Roles.Admin)));
        Assert.False(ReviewRules.CanSee(review, Person(Guid.NewGuid(), Roles.Agent), false));
    }

    [Fact]
    public void Calibration_spread_is_lowest_highest_mean_and_range()
    {
        var spread = Calibrations.SpreadOf([80m, 65m, 95m])!;
        Assert.Equal((65m, 95m, 80m, 30m), (spread.Min, spread.Max, spread.Mean, spread.Range));
        Assert.Null(Calibrations.SpreadOf([]));
    }

    [Fact]
    public void The_scorecard_week_starts_on_monday_at_midnight_china_time()
    {
        // Sunday 23:59 in Beijing is still last week; Monday 00:00 there (Sunday 16:00 UTC) is the new one — the night
        // shift's early-Monday work counted in the week before when weeks began on the UTC Monday.
        Assert.Equal(new DateOnly(2026, 11, 30), QualityWeek.StartOf(new DateTime(2026, 12, 6, 15, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 12, 7), QualityWeek.StartOf(new DateTime(2026, 12, 6, 16, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 12, 7), QualityWeek.StartOf(new DateTime(2026, 12, 6, 23, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 11, 30), QualityWeek.StartOf(new DateTime(2026, 11, 29, 16, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 12, 6, 16, 0, 0, DateTimeKind.Utc), QualityWeek.StartUtc(new DateOnly(2026, 12, 7)));
        Assert.Equal(new DateOnly(2026, 12, 7), QualityWeek.OfDay(new DateOnly(2026, 12, 13)));
    }
}
