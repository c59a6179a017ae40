using System.Diagnostics;
using PayDesk.Features.Complaints;
using PayDesk.Features.Incidents.Detection;

namespace PayDesk.Tests.Features.Incidents.Detection;

/// <summary>
/// Acceptance for detection (issue 20): the same pure core the minute job calls, run over generated traffic in
/// simulated time — half a year of normal days for the false-alarm rate, and one bank's outage on top of a normal day.
/// </summary>
public sealed class DetectionSimulationTests
{
    private static readonly DateOnly EvaluateFrom = new(2026, 6, 1);
    private const int Days = 182;

    // One generated year: 26 weeks the forecaster learns from, then the half-year that is evaluated.
    private static readonly Lazy<DetectionSimulation> Traffic = new(() =>
        DetectionSimulation.Generate(EvaluateFrom.AddDays(-7 * 26), EvaluateFrom.AddDays(Days)));

    /// <summary>Runs the detector minute by minute over [from, to) and returns what the job would have raised.</summary>
    private static List<(DateTime At, DetectedExcess Excess)> Run(DetectionArrival[] arrivals, DateTime fromUtc, DateTime toUtc,
        Func<DateTime, IArrivalExpectation> expectation, ITextVectors texts, DetectionOptions options)
    {
        var core = new DetectorCore(options);
        var raised = new List<(DateTime, DetectedExcess)>();
        var lastSeen = new Dictionary<string, DateTime>();
        int lo = 0, hi = 0;
        for (var now = fromUtc; now < toUtc; now = now.AddMinutes(1))
        {
            var start = now.AddMinutes(-options.WindowMinutes);
            while (lo < arrivals.Length && arrivals[lo].At < start) lo++;
            while (hi < arrivals.Length && arrivals[hi].At < now) hi++;
            if (hi - lo < options.MinCount) continue;
            var window = new ArraySegment<DetectionArrival>(arrivals, lo, hi - lo);
            foreach (var excess in core.Evaluate(now, window, expectation(now), texts))
            {
                // As the job does: an open suggestion for the scope is extended, not raised again.
                var key = excess.Scope.Key;
                if (!lastSeen.TryGetValue(key, out var last) || now - last > TimeSpan.FromMinutes(options.ExtendMinutes)) raised.Add((now, excess));
                lastSeen[key] = now;
            }
        }
        return raised;
    }

    private static Func<DateTime, IArrivalExpectation> DailyExpectation(DetectionSimulation traffic, DetectionOptions options)
    {
        var cache = new Dictionary<DateOnly, IArrivalExpectation>();
        return now =>
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, DetectionSimulation.Zone));
            if (!cache.TryGetValue(day, out var e)) cache[day] = e = traffic.ExpectationFor(day, options);
            return e;
        };
    }

    [Fact]
    public void Normal_half_year_raises_at_most_one_false_alarm_a_month()
    {
        var watch = Stopwatch.StartNew();
        var traffic = Traffic.Value;
        var options = new DetectionOptions();
        var arrivals = traffic.Arrivals.ToArray();
        var texts = DetectionTextVectors.Fit(arrivals.Take(20_000).Select(a => a.Text));
        var from = DetectionSimulation.Utc(EvaluateFrom, 0);
        var to = DetectionSimulation.Utc(EvaluateFrom.AddDays(Days), 0);
        var evaluated = arrivals.Count(a => a.At >= from && a.At < to);

        var raised = Run(arrivals, from, to, DailyExpectation(traffic, options), texts, options);

        var perMonth = raised.Count / (Days / 30.4375);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"[figure] incident detection false alarms: {raised.Count} over {Days} days ({perMonth:0.00} per month); "
            + $"{evaluated} complaints, {Days * 1440} windows, {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var (at, e) in raised)
        {
            output?.WriteLine($"  {TimeZoneInfo.ConvertTimeFromUtc(at, DetectionSimulation.Zone):yyyy-MM-dd HH:mm} {e.Scope.Key} observed {e.Observed} expected {e.Expected:0.00} ln p {e.LogPValue:0.0}");
        }
        Assert.True(evaluated > 100_000, $"only {evaluated} complaints generated");
        Assert.True(perMonth <= 1, $"{raised.Count} false alarms over {Days} days");
    }

    [Fact]
    public void Two_hundred_complaints_about_one_banks_transfers_are_suggested_within_five_minutes_as_one_incident()
    {
        var traffic = Traffic.Value;
        var options = new DetectionOptions();
        var day = new DateOnly(2026, 9, 16); // a Wednesday, 10:00 Beijing time: busy, but normal
        var start = DetectionSimulation.Utc(day, 10);
        var outage = DetectionSimulation.Outage(start, 200, 10, "招商银行", [TicketChannel.App, TicketChannel.Phone, TicketChannel.Chat, TicketChannel.WeChat]);
        var arrivals = traffic.Arrivals.Concat(outage).OrderBy(a => a.At).ToArray();
        var texts = DetectionTextVectors.Fit(arrivals.Take(20_000).Concat(outage).Select(a => a.Text));
        var expectation = DailyExpectation(traffic, options);

        // The normal hour before raises nothing; the outage is raised within five simulated minutes, once.
        Assert.Empty(Run(arrivals, start.AddHours(-1), start, expectation, texts, options));
        var raised = Run(arrivals, start, start.AddMinutes(30), expectation, texts, options);

        var (at, excess) = Assert.Single(raised);
        var minutes = (at - start).TotalMinutes;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"[figure] incident detection: 200 complaints in 10 min about 招商银行 transfers suggested after {minutes:0} simulated min "
            + $"({excess.Scope.Key}, observed {excess.Observed}, expected {excess.Expected:0.00}, ln p {excess.LogPValue:0}, sample \"{excess.SampleText}\")");
        Assert.True(minutes <= 5, $"suggested after {minutes} minutes");
        Assert.Equal("CMB", excess.Scope.Bank);
        Assert.Equal(TicketCategory.TransactionFailure, excess.Scope.Category);
        Assert.Contains("招商银行", excess.SampleText);
    }
}
