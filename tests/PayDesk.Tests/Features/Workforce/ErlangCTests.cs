using PayDesk.Features.Workforce;

namespace PayDesk.Tests.Features.Workforce;

public sealed class ErlangCTests
{
    // The textbook example: 100 calls in 30 minutes, 180 s handle time → 10 Erlangs; answer 80 % within 20 s.
    [Theory]
    [InlineData(11, 0.6821, 0.3896)]
    [InlineData(12, 0.4494, 0.6401)]
    [InlineData(13, 0.2853, 0.7956)]
    [InlineData(14, 0.1741, 0.8884)]
    public void Matches_the_published_table_for_ten_erlangs(int agents, double waitProbability, double serviceLevel)
    {
        var traffic = ErlangC.Traffic(100, 1800, 180);
        Assert.Equal(10, traffic, 9);
        Assert.Equal(waitProbability, ErlangC.WaitProbability(agents, traffic), 4);
        Assert.Equal(serviceLevel, ErlangC.ServiceLevel(agents, traffic, 180, 20), 3);
    }

    [Fact]
    public void Textbook_example_needs_fourteen_agents_for_eighty_percent_in_twenty_seconds()
    {
        Assert.Equal(14, ErlangC.AgentsNeeded(100, 1800, 180, 20, 0.8));
        // Fourteen agents answer on average in under eight seconds (0.1741 × 180 / 4 = 7.8 s).
        Assert.Equal(7.8, ErlangC.AverageSpeedOfAnswer(14, 10, 180), 1);
    }

    [Fact]
    public void Too_few_agents_never_catch_up_and_no_calls_need_no_one()
    {
        Assert.Equal(1, ErlangC.WaitProbability(10, 10));
        Assert.Equal(0, ErlangC.ServiceLevel(9, 10, 180, 20));
        Assert.Equal(0, ErlangC.AgentsNeeded(0, 1800, 180, 20, 0.8));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.AgentsNeeded(10, 1800, 180, 20, 1.2));
    }

    [Fact]
    public void Large_centres_stay_finite_and_benefit_from_pooling()
    {
        // 5,000 calls per half hour: the factorial form overflows here, the recurrence does not.
        var agents = ErlangC.AgentsNeeded(5000, 1800, 180, 20, 0.8);
        Assert.InRange(agents, 501, 530);
        // Pooling: ten times the calls need fewer than ten times the agents.
        Assert.True(agents < 10 * ErlangC.AgentsNeeded(500, 1800, 180, 20, 0.8));
    }

    [Fact]
    public void Occupancy_cap_and_chat_concurrency_change_the_requirement()
    {
        Assert.True(ErlangC.AgentsNeeded(300, 1800, 180, 60, 0.8, maxOccupancy: 0.8) > ErlangC.AgentsNeeded(300, 1800, 180, 60, 0.8));
        var phone = new ChannelStaffing { HandleSeconds = 480, TargetSeconds = 30, ServiceLevel = 0.8 };
        var chat = new ChannelStaffing { HandleSeconds = 480, TargetSeconds = 30, ServiceLevel = 0.8, Concurrency = 3 };
        Assert.True(chat.AgentsFor(120, 1800) < phone.AgentsFor(120, 1800) / 2);
        var email = new ChannelStaffing { Queued = false, HandleSeconds = 420, MaxOccupancy = 0.85 };
        Assert.Equal(60 * 420 / 1800.0 / 0.85, email.AgentsFor(60, 1800), 6);
    }
}
