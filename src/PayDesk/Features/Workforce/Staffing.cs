namespace PayDesk.Features.Workforce;

/// <summary>How a channel's contacts are worked, and the service level it promises.</summary>
public sealed class ChannelStaffing
{
    /// <summary>Calls and chats queue for a live agent (Erlang C); e-mail and app complaints are worked from a backlog.</summary>
    public bool Queued { get; set; } = true;
    public double HandleSeconds { get; set; } = 180;
    public double TargetSeconds { get; set; } = 20;
    public double ServiceLevel { get; set; } = 0.8;

    /// <summary>Chats one agent holds at once; handle time is shared between them.</summary>
    public int Concurrency { get; set; } = 1;
    public double MaxOccupancy { get; set; } = 0.85;

    /// <summary>Agents on the phones (before shrinkage) for one interval's forecast.</summary>
    public double AgentsFor(double contacts, double intervalSeconds)
    {
        if (contacts <= 0) return 0;
        var handle = HandleSeconds / Math.Max(1, Concurrency);
        return Queued
            ? ErlangC.AgentsNeeded(contacts, intervalSeconds, handle, TargetSeconds, ServiceLevel, MaxOccupancy)
            // Backlog work: enough agent time for the workload at a sustainable occupancy.
            : contacts * handle / intervalSeconds / MaxOccupancy;
    }
}

/// <summary>A kind of shift in the rotation (早班, 白班, 晚班 …).</summary>
public sealed record ShiftPattern(string Name, TimeOnly Start, double Hours)
{
    public int FirstSlot => PeakForecaster.SlotOf(Start);
    public int Slots => (int)Math.Round(Hours * 2);

    /// <summary>Slot indexes of the day it covers; a night shift wraps past midnight onto the same day's early slots.</summary>
    public IEnumerable<int> Covers() => Enumerable.Range(FirstSlot, Slots).Select(s => s % PeakForecaster.SlotsPerDay);
}

public sealed record RosterLine(ShiftPattern Shift, int Agents);

/// <summary>A day's suggested roster and how it meets the requirement per interval.</summary>
/// <param name="Optimal">True when the search proved no cheaper set of whole shifts covers the requirement.</param>
public sealed record DayRoster(IReadOnlyList<RosterLine> Lines, int[] Required, int[] Rostered, bool Optimal)
{
    public double AgentHours => Lines.Sum(l => l.Agents * l.Shift.Hours);
    public int UnderstaffedIntervals => Required.Zip(Rostered).Count(p => p.Second < p.First);
}

/// <summary>
/// Covers a day's requirement with whole shifts and the fewest agent-hours. The unknowns are how
/// many agents work each shift pattern — a handful — so a branch-and-bound search finds the optimum:
/// patterns that alone cover some interval are decided first (that interval forces their minimum),
/// a greedy cover gives the first bound, and a branch is cut when even its cheapest completion
/// costs more than the best roster found. A node budget keeps the time bounded; a roster found
/// within it but not proven best says so. Breaks and absence are in the shrinkage, not here.
/// </summary>
public static class RosterPlanner
{
    public static DayRoster Plan(IReadOnlyList<int> required, IReadOnlyList<ShiftPattern> shifts, long nodeBudget = 5_000_000)
    {
        const int slots = PeakForecaster.SlotsPerDay;
        if (required.Count != slots) throw new ArgumentException("A day has 48 half-hour intervals.", nameof(required));
        if (shifts.Count == 0) throw new ArgumentException("At least one shift pattern is needed.", nameof(shifts));
        var covers = shifts.Select(s =>
        {
            var c = new bool[slots];
            foreach (var i in s.Covers()) c[i] = true;
            return c;
        }).ToArray();
        // Intervals no shift reaches cannot be staffed; they are reported short, not searched for.
        var need = required.Select((r, i) => covers.Any(c => c[i]) ? Math.Max(0, r) : 0).ToArray();

        var order = Enumerable.Range(0, shifts.Count)
            .OrderByDescending(k => Enumerable.Range(0, slots).Count(i => covers[k][i] && covers.Count(c => c[i]) == 1))
            .ThenByDescending(k => shifts[k].Hours).ToArray();
        var search = new Search(need, order.Select(k => covers[k]).ToArray(), order.Select(k => shifts[k].Hours).ToArray(), nodeBudget);
        search.Seed(Greedy(need, order.Select(k => covers[k]).ToArray(), order.Select(k => shifts[k].Hours).ToArray()));
        search.Run();

        var counts = new int[shifts.Count];
        for (var j = 0; j < order.Length; j++) counts[order[j]] = search.Best[j];
        var rostered = new int[slots];
        for (var k = 0; k < shifts.Count; k++)
        {
            for (var i = 0; i < slots; i++) if (covers[k][i]) rostered[i] += counts[k];
        }
        var lines = shifts.Select((s, k) => new RosterLine(s, counts[k])).Where(l => l.Agents > 0).ToList();
        return new DayRoster(lines, required.ToArray(), rostered, search.Complete);
    }

    // The first bound: repeatedly add the shift covering the most still-uncovered intervals per paid hour.
    private static int[] Greedy(int[] need, bool[][] covers, double[] hours)
    {
        var deficit = need.ToArray();
        var counts = new int[covers.Length];
        while (deficit.Any(d => d > 0))
        {
            var best = Enumerable.Range(0, covers.Length).MaxBy(k => Enumerable.Range(0, deficit.Length).Count(i => covers[k][i] && deficit[i] > 0) / hours[k]);
            counts[best]++;
            for (var i = 0; i < deficit.Length; i++) if (covers[best][i]) deficit[i]--;
        }
        return counts;
    }

    private sealed class Search(int[] need, bool[][] covers, double[] hours, long budget)
    {
        private readonly int[] _current = new int[covers.Length];
        private double _bestCost = double.PositiveInfinity;
        private long _nodes;

        public int[] Best { get; private set; } = new int[covers.Length];
        public bool Complete => _nodes <= budget;

        public void Seed(int[] counts)
        {
            Best = counts.ToArray();
            _bestCost = counts.Select((c, k) => c * hours[k]).Sum();
        }

        public void Run() => Branch(0, need.ToArray(), 0);

        private void Branch(int k, int[] deficit, double cost)
        {
            if (++_nodes > budget) return;
            if (k == covers.Length)
            {
                if (deficit.All(d => d <= 0) && cost < _bestCost - 1e-9)
                {
                    _bestCost = cost;
                    Best = _current.ToArray();
                }
                return;
            }
            // An interval only this pattern (of those left) covers forces its minimum; the largest
            // deficit it covers is all it can usefully take.
            var low = 0;
            var high = 0;
            for (var i = 0; i < deficit.Length; i++)
            {
                if (deficit[i] <= 0) continue;
                if (!covers[k][i])
                {
                    var coveredLater = false;
                    for (var j = k + 1; j < covers.Length && !coveredLater; j++) coveredLater = covers[j][i];
                    if (!coveredLater) return; // nobody left can staff it
                    continue;
                }
                high = Math.Max(high, deficit[i]);
                var other = false;
                for (var j = k + 1; j < covers.Length && !other; j++) other = covers[j][i];
                if (!other) low = Math.Max(low, deficit[i]);
            }
            for (var x = low; x <= high; x++)
            {
                var next = deficit.ToArray();
                for (var i = 0; i < next.Length; i++) if (covers[k][i]) next[i] -= x;
                var spent = cost + x * hours[k];
                if (spent + LowerBound(k + 1, next) >= _bestCost - 1e-9) continue;
                _current[k] = x;
                Branch(k + 1, next, spent);
                _current[k] = 0;
            }
        }

        // Each open interval needs its deficit in agents from the patterns left, each paid at least
        // the shortest of those that cover it: the dearest such interval bounds what is still to pay.
        private double LowerBound(int k, int[] deficit)
        {
            var bound = 0.0;
            for (var i = 0; i < deficit.Length; i++)
            {
                if (deficit[i] <= 0) continue;
                var cheapest = double.PositiveInfinity;
                for (var j = k; j < covers.Length; j++) if (covers[j][i]) cheapest = Math.Min(cheapest, hours[j]);
                bound = Math.Max(bound, deficit[i] * cheapest);
            }
            return bound;
        }
    }
}
