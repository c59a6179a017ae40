using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Features.Workforce;
using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Incidents.Detection;

/// <summary>What one detection round did (for tests and the log).</summary>
internal sealed record DetectionRound(int Complaints, int Detected, int Raised, int Extended, int Skipped, int Notified);

/// <summary>
/// One detection round (every minute, see <see cref="IncidentDetectorService"/>): reads the last window's complaints,
/// asks <see cref="DetectorCore"/> what is significant against the forecast, and raises a suggestion per finding — or
/// extends the open one for the same scope. Safe on several nodes: a partial unique index allows one open
/// suggestion per scope, and supervisors are told by whichever node claims <see cref="IncidentSuggestion.NotifiedAt"/>.
/// </summary>
internal sealed class IncidentDetection(
    AppDbContext db, WorkforcePlanner planner, DetectionBaselines baselines, SuggestionAlerts alerts,
    IStringLocalizer<SharedResource> l, IOptions<DetectionOptions> options, IOptions<WorkforceOptions> workforce,
    TimeProvider clock, ILogger<IncidentDetection> logger)
{
    private readonly DetectionOptions _options = options.Value;

    public async Task<DetectionRound> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        var from = now.AddMinutes(-_options.WindowMinutes);
        var notified = await NotifyPendingAsync(now, ct);
        var window = await db.Tickets.AsNoTracking()
            .Where(t => t.CreatedAt >= from && t.CreatedAt < now && t.MergedIntoId == null)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Id, t.CreatedAt, t.Category, t.Bank, t.Channel, t.Subject, t.Description })
            .ToListAsync(ct);
        if (window.Count < _options.MinCount) return new DetectionRound(window.Count, 0, 0, 0, 0, notified);
        var baseline = await baselines.GetAsync(db, planner, workforce.Value.Zone, _options, now, ct);
        if (baseline is null)
        {
            logger.LogDebug("Incident detection skipped: no contact history to forecast from");
            return new DetectionRound(window.Count, 0, 0, 0, 0, notified);
        }
        var arrivals = window.Select(t => new DetectionArrival(t.Id, t.CreatedAt, t.Category, t.Bank, t.Channel, TextOf(t.Subject, t.Description))).ToList();
        var texts = DetectionTextVectors.Fit(arrivals.Select(a => a.Text));
        var found = new DetectorCore(_options).Evaluate(now, arrivals, baseline, texts);

        int raised = 0, extended = 0, skipped = 0;
        foreach (var excess in found)
        {
            switch (await RecordAsync(excess, now, ct))
            {
                case Outcome.Raised: raised++; break;
                case Outcome.Extended: extended++; break;
                default: skipped++; break;
            }
        }
        notified += await NotifyPendingAsync(now, ct);
        return new DetectionRound(window.Count, found.Count, raised, extended, skipped, notified);
    }

    /// <summary>What the detector reads of a complaint: its subject and the start of its description.</summary>
    public static string TextOf(string subject, string description)
    {
        var text = subject == description || description.StartsWith(subject, StringComparison.Ordinal) ? description : subject + " " + description;
        return PayDesk.Infrastructure.Http.ClippedText.Head(text, 300);
    }

    private enum Outcome { Raised, Extended, Skipped }

    private async Task<Outcome> RecordAsync(DetectedExcess excess, DateTime now, CancellationToken ct)
    {
        var scope = excess.Scope;
        var key = scope.Key;
        var since = now.AddMinutes(-Math.Max(_options.QuietMinutes, _options.ExtendMinutes));
        var recent = await db.Set<IncidentSuggestion>()
            .Where(s => s.ScopeKey == key && (s.Status == IncidentSuggestionStatus.Open || s.WindowEnd >= since || s.DecidedAt >= since))
            .OrderByDescending(s => s.DetectedAt).ToListAsync(ct);
        if (recent.FirstOrDefault(s => s.Status == IncidentSuggestionStatus.Open) is { } open)
        {
            if (open.WindowEnd < now.AddMinutes(-_options.ExtendMinutes))
            {
                // An old open suggestion nobody decided on: the new excess is still the same scope's trouble.
                logger.LogInformation("Extending suggestion {Id} for {Scope} after a gap", open.Id, key);
            }
            Extend(open, excess);
            await db.SaveChangesAsync(ct);
            return Outcome.Extended;
        }
        // Decided lately (confirmed or dismissed): the supervisor has seen this scope; stay quiet for a while.
        if (recent.Count > 0) return Outcome.Skipped;
        if (await CoveredByOpenIncidentAsync(scope, ct)) return Outcome.Skipped;

        var suggestion = new IncidentSuggestion
        {
            DetectedAt = now,
            WindowStart = excess.WindowStart,
            WindowEnd = excess.WindowEnd,
            Category = scope.Category,
            Bank = scope.Bank,
            Channel = scope.Channel,
            Kind = scope.Kind.ToString(),
            ScopeKey = key,
            Observed = excess.Observed,
            Expected = Math.Round(excess.Expected, 3),
            PValue = excess.PValue,
            ClusterSize = excess.ClusterSize,
            Title = Title(scope),
            SampleText = Clip(excess.SampleText, 500),
            Status = IncidentSuggestionStatus.Open,
        };
        db.Set<IncidentSuggestion>().Add(suggestion);
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogWarning("Suggested incident {SuggestionId} ({Scope}): {Observed} complaints against {Expected:0.0} expected (p={P:g3})",
                suggestion.Id, suggestion.ScopeKey, suggestion.Observed, suggestion.Expected, suggestion.PValue);
            return Outcome.Raised;
        }
        catch (DbUpdateException)
        {
            // Another node raised it a moment ago (the partial unique index): extend theirs instead.
            db.Entry(suggestion).State = EntityState.Detached;
            var theirs = await db.Set<IncidentSuggestion>()
                .FirstOrDefaultAsync(s => s.ScopeKey == key && s.Status == IncidentSuggestionStatus.Open, ct);
            if (theirs is null) throw;
            Extend(theirs, excess);
            await db.SaveChangesAsync(ct);
            return Outcome.Extended;
        }
    }

    private static void Extend(IncidentSuggestion open, DetectedExcess excess)
    {
        if (excess.WindowEnd > open.WindowEnd) open.WindowEnd = excess.WindowEnd;
        if (excess.Observed > open.Observed)
        {
            open.Observed = excess.Observed;
            open.Expected = Math.Round(excess.Expected, 3);
        }
        open.PValue = Math.Min(open.PValue, excess.PValue);
        if (excess.ClusterSize > open.ClusterSize)
        {
            open.ClusterSize = excess.ClusterSize;
            open.SampleText = Clip(excess.SampleText, 500) ?? open.SampleText;
        }
    }

    // An open incident whose scope already holds this one: its complaints are being handled.
    private async Task<bool> CoveredByOpenIncidentAsync(DetectionScope scope, CancellationToken ct) =>
        await db.Set<Incident>().AnyAsync(i => i.Status != IncidentStatus.Resolved
            && (i.Category != null || i.Bank != null || i.Channel != null)
            && (i.Category == null || i.Category == scope.Category)
            && (i.Bank == null || i.Bank == scope.Bank)
            && (i.Channel == null || i.Channel == scope.Channel), ct);

    // Supervisors hear of each suggestion once: the node whose conditional update sets NotifiedAt tells them.
    private async Task<int> NotifyPendingAsync(DateTime now, CancellationToken ct)
    {
        var pending = await db.Set<IncidentSuggestion>().AsNoTracking()
            .Where(s => s.Status == IncidentSuggestionStatus.Open && s.NotifiedAt == null)
            .OrderBy(s => s.DetectedAt).Take(50).ToListAsync(ct);
        var told = 0;
        foreach (var s in pending)
        {
            var claimed = await db.Set<IncidentSuggestion>()
                .Where(x => x.Id == s.Id && x.NotifiedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NotifiedAt, (DateTime?)now), ct);
            if (claimed != 1) continue;
            alerts.Publish(new SuggestionAlert(s.Id, s.Title, s.Category, s.Bank, s.Channel, s.Observed, s.Expected, s.DetectedAt));
            told++;
        }
        return told;
    }

    /// <summary>The proposed title, in the service centre's language (Chinese): "疑似故障：招商银行 · 交易失败".</summary>
    private string Title(DetectionScope scope)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var parts = new List<string>();
            if (scope.Bank is not null) parts.Add(Banks.Name(scope.Bank));
            if (scope.Channel is { } channel) parts.Add(l[$"Channel.{channel}"]);
            if (scope.Category is { } category) parts.Add(l[$"Category.{category}"]);
            var what = string.Join(" · ", parts);
            // The scope only: a confirmed suggestion's title becomes the incident's, which goes to every linked customer in
            // the update notices' subject — one customer's words (a name, an e-mail address) must not. Staff read the sample
            // complaint beside the suggestion (SampleText).
            return Clip(l["Detection.Title", what.Length > 0 ? what : l["Detection.AnyScope"].Value].Value, 200)!;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>The forecast-based expectation, built once per local day per node (forecasts and shares move slowly).</summary>
internal sealed class DetectionBaselines
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateOnly Day, ForecastExpectation Expectation)? _cached;

    public void Reset() => _cached = null;

    public async Task<ForecastExpectation?> GetAsync(AppDbContext db, WorkforcePlanner planner, TimeZoneInfo zone, DetectionOptions options,
        DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        if (_cached is { } c && c.Day == today) return c.Expectation;
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && again.Day == today) return again.Expectation;
            var built = await BuildAsync(db, planner, zone, options, today, now, ct);
            // Nothing to forecast from yet: try again next round rather than remember the emptiness for a day.
            if (built is not null) _cached = (today, built);
            return built;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<ForecastExpectation?> BuildAsync(AppDbContext db, WorkforcePlanner planner, TimeZoneInfo zone, DetectionOptions options,
        DateOnly today, DateTime now, CancellationToken ct)
    {
        var channels = await planner.ChannelsAsync(ct);
        if (channels.Count == 0) return null;
        var forecasts = new Dictionary<(TicketChannel, DateOnly), double[]>();
        foreach (var channel in channels)
        {
            // Yesterday too: a window just after midnight reaches back into it.
            var series = await planner.ForecastAsync(channel, today.AddDays(-1), 2, ct);
            foreach (var day in series.Intervals.GroupBy(p => DateOnly.FromDateTime(p.StartLocal)))
            {
                forecasts[(channel, day.Key)] = day.OrderBy(p => p.StartLocal).Select(p => p.Forecast).ToArray();
            }
        }

        // Shares over the last weeks, counted only from when complaints were recorded (a new install has a short history).
        var since = now.AddDays(-7 * options.ShareWeeks);
        var first = await db.Tickets.AsNoTracking().Where(t => t.CreatedAt >= since && t.CreatedAt < now)
            .MinAsync(t => (DateTime?)t.CreatedAt, ct);
        if (first is null) return null;
        since = first.Value;
        var complaints = await db.Tickets.AsNoTracking()
            .Where(t => t.CreatedAt >= since && t.CreatedAt < now && t.MergedIntoId == null)
            .GroupBy(t => new { t.Category, t.Bank, t.Channel })
            .Select(g => new { g.Key.Category, g.Key.Bank, g.Key.Channel, Count = g.Count() })
            .ToListAsync(ct);
        var contacts = await db.ContactIntervals.AsNoTracking()
            .Where(c => c.StartUtc >= since && c.StartUtc < now)
            .GroupBy(c => c.Channel)
            .Select(g => new { g.Key, Offered = g.Sum(c => (long)c.Offered) })
            .ToListAsync(ct);
        var shares = new ScopeShares(complaints.Select(c => (c.Category, c.Bank, c.Channel, c.Count)),
            contacts.ToDictionary(c => c.Key, c => (double)c.Offered), options.MinScopeShare);
        if (shares.IsEmpty) return null;
        return new ForecastExpectation((channel, day) => forecasts.GetValueOrDefault((channel, day)), channels, shares, zone);
    }
}

/// <summary>Runs a detection round every minute on every node (the rounds are claim-safe).</summary>
internal sealed class IncidentDetectorService(IServiceScopeFactory scopes, IOptions<DetectionOptions> options, ILogger<IncidentDetectorService> logger)
    : PeriodicService(TimeSpan.FromMinutes(1), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IncidentDetection>().RunAsync(ct);
    }
}
