using PayDesk.Features.Workforce;

namespace PayDesk.Tests.Features.Workforce;

public sealed class RosterPlannerTests(ITestOutputHelper output)
{
    private static int[] Requirement()
    {
        // Office-hours peak at 10:00 and 15:00, a thinner evening, a skeleton night.
        var required = new int[48];
        for (var s = 0; s < 48; s++)
        {
            var hour = s / 2.0;
            required[s] = hour < 8 ? 1 : hour < 21 ? (int)Math.Round(6 + 8 * Math.Exp(-Math.Pow(hour - 10.5, 2) / 4) + 7 * Math.Exp(-Math.Pow(hour - 15, 2) / 4)) : 2;
        }
        return required;
    }

    [Fact]
    public void Roster_covers_every_interval_and_no_shift_can_be_dropped()
    {
        var required = Requirement();
        var shifts = WorkforceOptions.DefaultShifts;
        var roster = RosterPlanner.Plan(required, shifts);
        Assert.Equal(0, roster.UnderstaffedIntervals);
        Assert.All(Enumerable.Range(0, 48), s => Assert.True(roster.Rostered[s] >= required[s], $"interval {s}"));
        // Minimal: taking any one agent off any shift leaves an interval short.
        foreach (var line in roster.Lines)
        {
            Assert.Contains(line.Shift.Covers(), s => roster.Rostered[s] - 1 < required[s]);
        }
        var lowerBound = required.Sum() / 2.0;
        output.WriteLine($"[figure] roster: {roster.AgentHours:0} agent-hours for a requirement of {lowerBound:0} agent-hours ({roster.AgentHours / lowerBound - 1:P0} over)");
        // Far fewer agent-hours than staffing the daily peak all day.
        Assert.True(roster.AgentHours < required.Max() * 24 * 0.7, $"{roster.AgentHours} agent-hours");
    }

    [Fact]
    public void Night_shift_wraps_past_midnight()
    {
        var night = new ShiftPattern("夜班", new TimeOnly(22, 30), 9);
        Assert.Equal([45, 46, 47, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], night.Covers());
        var required = new int[48];
        required[2] = 1;
        var roster = RosterPlanner.Plan(required, [new("白班", new TimeOnly(9, 0), 9), night]);
        Assert.Equal("夜班", Assert.Single(roster.Lines).Shift.Name);
    }

    [Fact]
    public void Requirement_outside_every_shift_is_reported_short_not_looped_on()
    {
        var required = new int[48];
        required[4] = 3;
        var roster = RosterPlanner.Plan(required, [new("白班", new TimeOnly(9, 0), 9)]);
        Assert.Empty(roster.Lines);
        Assert.Equal(1, roster.UnderstaffedIntervals);
    }

    [Fact]
    public void Finds_the_cheapest_cover_that_exhaustive_search_finds()
    {
        var shifts = new List<ShiftPattern>
        {
            new("A", new TimeOnly(6, 0), 8), new("B", new TimeOnly(9, 0), 9), new("C", new TimeOnly(13, 0), 8), new("D", new TimeOnly(16, 0), 6),
        };
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var required = new int[48];
            for (var s = 12; s < 44; s++) required[s] = random.Next(0, 6);
            var roster = RosterPlanner.Plan(required, shifts);
            Assert.True(roster.Optimal);
            // Every combination of up to 6 agents per shift.
            var best = double.PositiveInfinity;
            for (var a = 0; a <= 6; a++)
            for (var b = 0; b <= 6; b++)
            for (var c = 0; c <= 6; c++)
            for (var d = 0; d <= 6; d++)
            {
                var counts = new[] { a, b, c, d };
                var covered = new int[48];
                for (var k = 0; k < 4; k++) foreach (var s in shifts[k].Covers()) covered[s] += counts[k];
                if (Enumerable.Range(0, 48).All(s => covered[s] >= required[s])) best = Math.Min(best, a * 8 + b * 9 + c * 8 + d * 6);
            }
            Assert.Equal(best, roster.AgentHours, 6);
        }
    }
}
