using PayDesk.Features.FollowUps;
using PayDesk.Features.Sla;

namespace PayDesk.Tests.Features.FollowUps;

/// <summary>Which resolved complaints get a follow-up visit (回访), and when it is due on the team's calendar.</summary>
public sealed class FollowUpRulesTests
{
    private static readonly DateTime Resolved = new(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc); // Friday 17:00 in Beijing

    // No sampling unless the test asks for it, so each rule is seen alone.
    private static FollowUpRuleSet Rules(decimal share = 0) => new() { SampleShare = share };

    private static ResolutionFacts Facts(int escalation = 0, (decimal, string)[]? money = null, int? csat = null, Guid? id = null) =>
        new(id ?? Guid.CreateVersion7(), Resolved, escalation, money ?? [], csat);

    [Fact]
    public void An_escalated_complaint_gets_a_visit_and_a_plain_one_does_not()
    {
        Assert.Equal(FollowUpReason.Escalated, FollowUpRules.Reasons(Facts(escalation: 1), Rules()));
        Assert.Equal(FollowUpReason.None, FollowUpRules.Reasons(Facts(), Rules()));
        Assert.Equal(FollowUpReason.None, FollowUpRules.Reasons(Facts(escalation: 2), new FollowUpRuleSet { Escalated = false, SampleShare = 0 }));
    }

    [Fact]
    public void A_refund_above_the_threshold_in_its_currency_gets_a_visit()
    {
        var rules = new FollowUpRuleSet { RefundAbove = 200m, RefundCurrency = "CNY", SampleShare = 0 };
        Assert.Equal(FollowUpReason.LargeRefund, FollowUpRules.Reasons(Facts(money: [(200.01m, "CNY")]), rules));
        Assert.Equal(FollowUpReason.None, FollowUpRules.Reasons(Facts(money: [(200m, "CNY")]), rules));
        // No exchange rates offline: an amount in another currency is not compared with a CNY threshold.
        Assert.Equal(FollowUpReason.None, FollowUpRules.Reasons(Facts(money: [(5000m, "USD")]), rules));
        Assert.Equal(FollowUpReason.None, FollowUpRules.Reasons(Facts(money: [(5000m, "CNY")]), new FollowUpRuleSet { RefundAbove = null, SampleShare = 0 }));
    }

    [Fact]
    public void A_satisfaction_score_at_or_below_the_limit_gets_a_visit()
    {
        var rules = Rules();
        Assert.Equal(FollowUpReason.LowCsat, FollowUpRules.Reasons(Facts(csat: 3), rules));
        Assert.Equal(FollowUpReason.LowCsat, FollowUpRules.Reasons(Facts(csat: 1), rules));
        Assert.Equal(FollowUpReason.None, FollowUpRules.Reasons(Facts(csat: 4), rules));
        Assert.Equal(FollowUpReason.None, FollowUpRules.Reasons(Facts(csat: null), rules));
    }

    [Fact]
    public void Several_rules_add_up_to_several_reasons()
    {
        var reasons = FollowUpRules.Reasons(Facts(escalation: 1, money: [(900m, "CNY")], csat: 2), Rules());
        Assert.Equal(FollowUpReason.Escalated | FollowUpReason.LargeRefund | FollowUpReason.LowCsat, reasons);
    }

    [Fact]
    public void The_random_share_picks_about_that_share_and_the_same_complaints_every_time()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid()).ToList();
        var picked = ids.Where(id => FollowUpRules.Sampled(id, 0.1m)).ToList();
        Assert.InRange(picked.Count / (double)ids.Count, 0.09, 0.11);
        // Stable: evaluating again picks exactly the same complaints, and a larger share keeps them.
        Assert.Equal(picked, ids.Where(id => FollowUpRules.Sampled(id, 0.1m)));
        Assert.All(picked, id => Assert.True(FollowUpRules.Sampled(id, 0.3m)));
        Assert.DoesNotContain(ids, id => FollowUpRules.Sampled(id, 0m));
        Assert.All(ids.Take(100), id => Assert.True(FollowUpRules.Sampled(id, 1m)));
        Assert.Equal(FollowUpReason.Sample, FollowUpRules.Reasons(Facts(id: picked[0]), Rules(0.1m)));
    }

    [Fact]
    public void The_visit_is_due_at_the_opening_of_the_third_working_day_after_a_friday_resolution()
    {
        // Friday 17:00 → Mon (1), Tue (2), Wed (3) at 09:00 Beijing = 01:00 UTC; the weekend does not count.
        var due = FollowUpRules.DueAt(DefaultCalendars.StandardCalendar(), Resolved, 3);
        Assert.Equal(new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc), due);
    }

    [Fact]
    public void Holidays_do_not_count_and_a_make_up_working_day_does()
    {
        var standard = DefaultCalendars.StandardCalendar();
        var calendar = new CalendarDefinition
        {
            Name = "test", TimeZone = DefaultCalendars.ChinaZone, Weekly = standard.Weekly, WorkingDayHours = standard.WorkingDayHours,
            Exceptions = new Dictionary<DateOnly, DayException>
            {
                [new DateOnly(2026, 12, 5)] = new(DayExceptionKind.WorkingDay, []),           // Saturday worked (调休)
                [new DateOnly(2026, 12, 7)] = new(DayExceptionKind.Closed, [], "holiday"),   // Monday off
                [new DateOnly(2026, 12, 8)] = new(DayExceptionKind.Hours, [OpeningInterval.Parse("13:00-18:00")]),
            },
        };
        // Sat (1, make-up day), Mon closed, Tue (2) opening at 13:00 Beijing = 05:00 UTC.
        Assert.Equal(new DateTime(2026, 12, 8, 5, 0, 0, DateTimeKind.Utc), FollowUpRules.DueAt(calendar, Resolved, 2));
        Assert.Equal(new DateTime(2026, 12, 5, 1, 0, 0, DateTimeKind.Utc), FollowUpRules.DueAt(calendar, Resolved, 1));
    }

    [Fact]
    public void On_a_calendar_open_around_the_clock_every_day_counts()
    {
        Assert.Equal(Resolved.AddDays(3), FollowUpRules.DueAt(DefaultCalendars.AlwaysOpenCalendar(), Resolved, 3));
    }

    [Fact]
    public void Figures_count_completed_visits_and_their_shares()
    {
        var row = FollowUpFigures.Compute(satisfied: 6, problemBack: 2, unreachable: 2, open: 10, overdue: 3);
        Assert.Equal((20, 10, 0.5), (row.Due, row.Completed, row.CompletionRate!.Value));
        Assert.Equal((0.6, 0.2, 0.2), (row.SatisfiedShare!.Value, row.ProblemBackShare!.Value, row.UnreachableShare!.Value));
        Assert.Null(FollowUpFigures.Compute(0, 0, 0, 0, 0).CompletionRate);
    }
}
