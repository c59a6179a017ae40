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
    public int FirstSlot => Start.Hour * 2 + Start.Minute / 30;
    public int Slots => (int)Math.Round(Hours * 2);

    /// <summary>Slot indexes of the day it covers; a night shift wraps past midnight onto the same day's early slots.</summary>
    public IEnumerable<int> Covers() => Enumerable.Range(FirstSlot, Slots).Select(s => s % PeakForecaster.SlotsPerDay);
}

public sealed record RosterLine(ShiftPattern Shift, int Agents);

/// <summary>A day's suggested roster and how it meets the requirement per interval.</summary>
public sealed record DayRoster(IReadOnlyList<RosterLine> Lines, int[] Required, int[] Rostered)
{
    public double AgentHours => Lines.Sum(l => l.Agents * l.Shift.Hours);
    public int UnderstaffedIntervals => Required.Zip(Rostered).Count(p => p.Second < p.First);
}

/// <summary>
/// Covers a day's requirement with whole shifts and the fewest agent-hours: greedily add the shift
/// that covers the most still-uncovered agent-intervals per paid hour, then drop shifts whose
/// removal leaves nothing uncovered, then move agents between shifts while that lets one go.
/// Breaks and absence are in the shrinkage, not here.
/// </summary>
public static class RosterPlanner
{
    public static DayRoster Plan(IReadOnlyList<int> required, IReadOnlyList<ShiftPattern> shifts)
    {
        if (required.Count != PeakForecaster.SlotsPerDay) throw new ArgumentException("A day has 48 half-hour intervals.", nameof(required));
        if (shifts.Count == 0) throw new ArgumentException("At least one shift pattern is needed.", nameof(shifts));
        var deficit = required.ToArray();
        var chosen = new List<ShiftPattern>();
        Fill(chosen, deficit, shifts);
        Prune(chosen, deficit);
        // Ruin and recreate: take one agent off, cover what that opens with the greedy rule again,
        // prune, and keep the result when it costs fewer agent-hours (greedy picks overlap at the
        // seams between shifts).
        for (var improved = true; improved;)
        {
            improved = false;
            var hours = chosen.Sum(c => c.Hours);
            foreach (var k in Enumerable.Range(0, chosen.Count))
            {
                var candidate = chosen.ToList();
                var trial = deficit.ToArray();
                foreach (var i in candidate[k].Covers()) trial[i]++;
                var removed = candidate[k];
                candidate.RemoveAt(k);
                Fill(candidate, trial, shifts.Where(s => s != removed).ToList());
                Prune(candidate, trial);
                if (trial.Count(d => d > 0) <= deficit.Count(d => d > 0) && candidate.Sum(c => c.Hours) < hours - 1e-9)
                {
                    (chosen, deficit, improved) = (candidate, trial, true);
                    break;
                }
            }
        }
        var rostered = new int[PeakForecaster.SlotsPerDay];
        foreach (var shift in chosen)
        {
            foreach (var i in shift.Covers()) rostered[i]++;
        }
        var lines = shifts.Select(s => new RosterLine(s, chosen.Count(c => c == s))).Where(l => l.Agents > 0).ToList();
        return new DayRoster(lines, required.ToArray(), rostered);
    }

    // Adds the shift covering the most still-uncovered intervals per paid hour until all are covered
    // or no shift reaches what is left.
    private static void Fill(List<ShiftPattern> chosen, int[] deficit, IReadOnlyList<ShiftPattern> shifts)
    {
        while (shifts.Count > 0 && deficit.Any(d => d > 0))
        {
            var best = shifts.MaxBy(s => s.Covers().Count(i => deficit[i] > 0) / s.Hours)!;
            if (best.Covers().All(i => deficit[i] <= 0)) break;
            chosen.Add(best);
            foreach (var i in best.Covers()) deficit[i]--;
        }
    }

    // Drops shifts whose removal leaves nothing uncovered (deficit is required minus rostered).
    private static void Prune(List<ShiftPattern> chosen, int[] deficit)
    {
        for (var k = chosen.Count - 1; k >= 0; k--)
        {
            if (chosen[k].Covers().All(i => deficit[i] < 0))
            {
                foreach (var i in chosen[k].Covers()) deficit[i]++;
                chosen.RemoveAt(k);
            }
        }
    }
}
