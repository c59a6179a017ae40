using PayDesk.Features.Complaints;

namespace PayDesk.Features.Incidents.Detection;

/// <summary>
/// The detector without a database: given the complaints of one window and what the forecast expects, finds the
/// scopes whose count is significantly above normal and the large clusters of near-identical texts. The job
/// (<see cref="IncidentDetectorService"/>) and the half-year simulation both call it. Statistic (docs/incidents.md):
/// a scope is flagged when observed ≥ <see cref="DetectionOptions.MinCount"/>, observed ≥
/// <see cref="DetectionOptions.MinRatio"/> × expected and P(X ≥ observed | Poisson(expected)) &lt; α.
/// Overlapping scopes are resolved greedily: most significant first, and each further scope is tested again on
/// the complaints not already explained — so one bank's outage is one suggestion, not four.
/// </summary>
internal sealed class DetectorCore(DetectionOptions options)
{
    private static readonly int Categories = Enum.GetValues<TicketCategory>().Length;
    private static readonly int Channels = Enum.GetValues<TicketChannel>().Length;
    private static readonly int BankSlots = Banks.All.Count + 1;
    private static readonly Dictionary<string, int> BankIndex =
        Banks.All.Select((b, i) => (b.Code, i)).ToDictionary(p => p.Code, p => p.i + 1, StringComparer.OrdinalIgnoreCase);

    private readonly double _logAlpha = Math.Log(options.Alpha);

    public DetectionOptions Options => options;

    internal static int BankSlotOf(string? code) => code is not null && BankIndex.TryGetValue(code, out var i) ? i : 0;

    private static string? BankOfSlot(int slot) => slot == 0 ? null : Banks.All[slot - 1].Code;

    /// <summary>Evaluates the window ending at <paramref name="now"/>; <paramref name="window"/> holds its complaints, oldest first.</summary>
    public IReadOnlyList<DetectedExcess> Evaluate(DateTime now, IReadOnlyList<DetectionArrival> window, IArrivalExpectation expectation,
        ITextVectors? texts)
    {
        if (window.Count < options.MinCount) return [];
        var from = now.AddMinutes(-options.WindowMinutes);

        // Counting in arrays: a normal minute costs a few hundred increments, which keeps the half-year simulation fast.
        var byCategory = new int[Categories];
        var byBank = new int[BankSlots];
        var byBankCategory = new int[BankSlots * Categories];
        var byChannelCategory = new int[Channels * Categories];
        foreach (var a in window)
        {
            var c = (int)a.Category;
            byCategory[c]++;
            byChannelCategory[(int)a.Channel * Categories + c]++;
            if (a.BankSlot == 0) continue;
            byBank[a.BankSlot]++;
            byBankCategory[a.BankSlot * Categories + c]++;
        }

        var candidates = new List<(DetectionScope Scope, double LogP)>();
        void Consider(DetectionScope scope, int count)
        {
            if (count < options.MinCount) return;
            var expected = expectation.Expected(scope, from, now);
            if (Test(count, expected) is { } logP) candidates.Add((scope, logP));
        }
        for (var c = 0; c < Categories; c++) Consider(new(DetectionScopeKind.Category, (TicketCategory)c, null, null), byCategory[c]);
        for (var b = 1; b < BankSlots; b++) Consider(new(DetectionScopeKind.Bank, null, BankOfSlot(b), null), byBank[b]);
        for (var b = 1; b < BankSlots; b++)
        {
            for (var c = 0; c < Categories; c++)
            {
                Consider(new(DetectionScopeKind.BankCategory, (TicketCategory)c, BankOfSlot(b), null), byBankCategory[b * Categories + c]);
            }
        }
        for (var ch = 0; ch < Channels; ch++)
        {
            for (var c = 0; c < Categories; c++)
            {
                Consider(new(DetectionScopeKind.ChannelCategory, (TicketCategory)c, null, (TicketChannel)ch), byChannelCategory[ch * Categories + c]);
            }
        }

        var found = new List<DetectedExcess>();
        var covered = new bool[window.Count];
        // Most significant first (log p-values: real incidents are far below double's smallest number), narrower on ties.
        foreach (var (scope, _) in candidates.OrderBy(c => c.LogP).ThenByDescending(c => c.Scope.Specificity))
        {
            var members = new List<int>();
            for (var i = 0; i < window.Count; i++)
            {
                if (!covered[i] && scope.Contains(window[i])) members.Add(i);
            }
            if (members.Count < options.MinCount) continue;
            var expected = expectation.Expected(scope, from, now);
            if (Test(members.Count, expected) is not { } logP) continue;
            foreach (var i in members) covered[i] = true;
            var arrivals = members.Select(i => window[i]).ToList();
            var (sample, size) = texts is null ? (null, 0) : Sample(arrivals, texts);
            found.Add(new DetectedExcess(scope, from, now, arrivals.Count, expected, logP, arrivals, sample, size));
        }

        if (texts is not null) found.AddRange(Clusters(now, from, window, covered, expectation, texts));
        return found;
    }

    /// <summary>The log p-value when a count passes all three gates, else null.</summary>
    public double? Test(int observed, double expected)
    {
        if (observed < options.MinCount || observed < options.MinRatio * expected) return null;
        var logP = PoissonTail.LogUpper(observed, expected);
        return logP < _logAlpha ? logP : null;
    }

    // Texts not explained by a scope: a large cluster of them is a suggestion of its own (a failure whose complaints
    // were filed under several categories, or name no bank). Its count is tested against what the forecast
    // expects for all the categories its texts were filed under: a cluster is a subset of what normally arrives
    // there, so the test is conservative.
    private IEnumerable<DetectedExcess> Clusters(DateTime now, DateTime from, IReadOnlyList<DetectionArrival> window, bool[] covered,
        IArrivalExpectation expectation, ITextVectors texts)
    {
        var rest = Enumerable.Range(0, window.Count).Where(i => !covered[i]).Select(i => window[i]).ToList();
        if (rest.Count < options.ClusterMinSize) yield break;
        var clusters = TextClusters.SingleLinkage(rest.Select(texts.Vector).ToList(), options.ClusterSimilarity);
        foreach (var cluster in clusters)
        {
            if (cluster.Members.Count < options.ClusterMinSize) continue;
            var members = cluster.Members.Select(i => rest[i]).ToList();
            var category = members.GroupBy(a => a.Category).MaxBy(g => g.Count())!.Key;
            var bank = members.Where(a => a.Bank is not null).GroupBy(a => a.Bank).MaxBy(g => g.Count()) is { } b && b.Count() * 3 >= members.Count * 2
                ? b.Key : null;
            var scope = new DetectionScope(DetectionScopeKind.Cluster, category, bank, null);
            // Against everything its categories normally receive: texts chained across categories by single linkage
            // are judged against all of those categories together.
            var expected = members.Select(a => a.Category).Distinct()
                .Sum(c => expectation.Expected(new DetectionScope(DetectionScopeKind.Category, c, null, null), from, now));
            if (Test(members.Count, expected) is not { } logP) continue;
            yield return new DetectedExcess(scope, from, now, members.Count, expected, logP, members, rest[cluster.Medoid].Text, members.Count);
        }
    }

    // The text most like the others of the largest cluster among a scope's complaints (the newest 300 are plenty).
    private (string? Sample, int Size) Sample(List<DetectionArrival> arrivals, ITextVectors texts)
    {
        var recent = arrivals.Count > 300 ? arrivals.Skip(arrivals.Count - 300).ToList() : arrivals;
        var clusters = TextClusters.SingleLinkage(recent.Select(texts.Vector).ToList(), options.ClusterSimilarity);
        var largest = clusters.MaxBy(c => c.Members.Count);
        return largest is null ? (null, 0) : (recent[largest.Medoid].Text, largest.Members.Count);
    }
}
