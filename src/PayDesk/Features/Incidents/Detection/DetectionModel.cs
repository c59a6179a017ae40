using PayDesk.Features.Complaints;

namespace PayDesk.Features.Incidents.Detection;

/// <summary>Which counts the detector watches: one per category, bank, bank and category, channel and category; and text clusters.</summary>
public enum DetectionScopeKind
{
    Category,
    Bank,
    BankCategory,
    ChannelCategory,

    /// <summary>Near-identical complaint texts, whatever their category or bank (named by the cluster's main category and bank).</summary>
    Cluster,
}

/// <summary>One watched count. Null parts match anything.</summary>
public readonly record struct DetectionScope(DetectionScopeKind Kind, TicketCategory? Category, string? Bank, TicketChannel? Channel)
{
    /// <summary>Stable text of the scope: the unique key of an open suggestion ("BankCategory|TransactionFailure|CMB|").</summary>
    public string Key => $"{Kind}|{Category}|{Bank}|{Channel}";

    public bool Contains(DetectionArrival a) =>
        (Category is null || a.Category == Category) && (Bank is null || a.Bank == Bank) && (Channel is null || a.Channel == Channel);

    /// <summary>How narrow the scope is: the tie-break when two scopes are equally significant (narrower explains better).</summary>
    public int Specificity => Kind switch
    {
        DetectionScopeKind.BankCategory => 4,
        DetectionScopeKind.ChannelCategory => 3,
        DetectionScopeKind.Bank => 2,
        DetectionScopeKind.Category => 1,
        _ => 0,
    };
}

/// <summary>One complaint as the detector sees it: when it came, what it is about, and its words.</summary>
public sealed record DetectionArrival(Guid TicketId, DateTime At, TicketCategory Category, string? Bank, TicketChannel Channel, string Text)
{
    /// <summary>0 for no bank, 1 + the bank's place in <see cref="Banks.All"/> otherwise (array index for counting).</summary>
    internal int BankSlot { get; } = DetectorCore.BankSlotOf(Bank);
}

/// <summary>What the forecast expects a scope to receive in an interval (complaints, not contacts).</summary>
public interface IArrivalExpectation
{
    double Expected(DetectionScope scope, DateTime fromUtc, DateTime toUtc);
}

/// <summary>A significant excess (or a large text cluster) found in one window: the core's output, before it becomes a suggestion.</summary>
public sealed record DetectedExcess(
    DetectionScope Scope, DateTime WindowStart, DateTime WindowEnd, int Observed, double Expected, double LogPValue,
    IReadOnlyList<DetectionArrival> Arrivals, string? SampleText, int ClusterSize)
{
    /// <summary>P(X ≥ observed | expected); 0 when it underflows (see <see cref="LogPValue"/>).</summary>
    public double PValue => Math.Exp(LogPValue);
}

/// <summary>Detector settings (section "Incidents:Detection"); see docs/decisions for why these values.</summary>
public sealed class DetectionOptions
{
    /// <summary>Whether the job runs on this node (tests that drive it by hand turn it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The sliding window counted at each evaluation (every minute).</summary>
    public int WindowMinutes { get; set; } = 10;

    /// <summary>
    /// Per-test significance: P(X ≥ observed | expected) must be below it. Bonferroni over about 250 scopes ×
    /// 144 disjoint 10-minute windows a day for a target of one false alarm a month: (1/30) / 36 000 ≈ 1e-6.
    /// </summary>
    public double Alpha { get; set; } = 1e-6;

    /// <summary>At least this many complaints in the window: a handful is never an incident, whatever the odds.</summary>
    public int MinCount { get; set; } = 15;

    /// <summary>And at least this many times the expected count (guards against forecast error, which Poisson ignores).</summary>
    public double MinRatio { get; set; } = 3;

    /// <summary>Cosine similarity (TF-IDF) at which two complaint texts join one cluster.</summary>
    public double ClusterSimilarity { get; set; } = 0.35;

    /// <summary>Size from which a text cluster alone may raise a suggestion (it must still pass the tail test).</summary>
    public int ClusterMinSize { get; set; } = 15;

    /// <summary>Every scope is assumed to carry at least this share of complaints, so rare scopes are not over-sensitive.</summary>
    public double MinScopeShare { get; set; } = 0.005;

    /// <summary>Weeks of complaints the scopes' shares are learnt from.</summary>
    public int ShareWeeks { get; set; } = 4;

    /// <summary>A decided (confirmed or dismissed) suggestion keeps its scope quiet this long after its window.</summary>
    public int QuietMinutes { get; set; } = 60;

    /// <summary>An open suggestion is extended while its scope stays significant within this long after its window.</summary>
    public int ExtendMinutes { get; set; } = 60;
}
