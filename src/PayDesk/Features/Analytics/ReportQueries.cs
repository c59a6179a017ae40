using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Features.Sla;
using PayDesk.Features.Surveys;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Analytics;

public sealed record SummaryReport(int Complaints, int Resolved, int Open, int Escalated, int Reopened, int FirstContactResolved,
    double ResolvedShare, double EscalationRate, double ReopenRate, double FirstContactResolutionRate);

public sealed record CountRow(string Key, int Count, double Share);

/// <summary>Complaints by local weekday (0 = Monday) and hour.</summary>
public sealed record HeatmapReport(int[][] Counts, int Max);

public sealed record SlaRow(ClockKind Kind, int Met, int Breached, int Running, double Compliance)
{
    /// <summary>
    /// Deadlines longer than a week (the regulator's 10 working days, a card scheme's 30 days) cannot be missed by
    /// a complaint that arrived this week, so a weekly share of them is always 100 %: the weekly board leaves them
    /// out; the reports and the disclosure report show them over their own periods.
    /// </summary>
    public static bool LongerThanAWeek(ClockKind kind) => kind is ClockKind.Regulatory or ClockKind.SchemeDeadline;
}

public sealed record DurationRow(ClockKind Kind, int Count, double P50Minutes, double P80Minutes, double P90Minutes, double P95Minutes);

public sealed record AgeingRow(string Bucket, int Count);

public sealed record SatisfactionRow(DateOnly WeekStarting, int CsatAnswers, double? CsatAverage, double? CsatSatisfiedShare,
    double? FirstContactResolvedShare, int NpsAnswers, double? Nps);

public sealed record ParetoRow(RootCause Cause, int Count, double Share, double CumulativeShare);

/// <summary>The figures regulators ask payment institutions to disclose, per complaint type.</summary>
public sealed record DisclosureRow(TicketCategory Category, int Complaints, int Resolved, double ResolvedShare,
    int RegulatoryMet, int RegulatoryBreached, double? RegulatoryCompliance, double? MedianResolutionHours);

public sealed record ScorecardRow(string Key, string Name, int Assigned, int Resolved, int Open, int Escalated, int Reopened,
    double? SlaCompliance, double? CsatAverage, int CsatAnswers, double? FirstContactResolvedShare);

/// <summary>
/// The service-centre reports. Each is a few grouped SQL queries over indexed columns (complaints,
/// service-level clocks, surveys); rows are never loaded one by one. Percentiles come from a
/// per-minute histogram the database builds, which both SQLite and PostgreSQL can do.
/// </summary>
internal sealed class ReportQueries(ReportingDatabase reporting, IOptions<Workforce.WorkforceOptions> workforce)
{
    // The read replica when one is configured and fit (issue 21 item 4), else the primary.
    private readonly AppDbContext db = reporting.Context;

    private readonly TimeZoneInfo _zone = workforce.Value.Zone;

    public const double FirstContactTarget = 0.95;

    /// <summary>Memory PostgreSQL may use per sort or hash in a report, so grouping a year of complaints stays in memory.</summary>
    public const string PostgresWorkMem = "64MB";

    private bool _sessionReady;

    // Reports hash and sort hundreds of thousands of rows; PostgreSQL's default 4 MB per operation
    // spills them to disk (1.3 s instead of 0.4 s for a year of a million complaints). The setting
    // lives on this context's connection only, and is reset when the pool takes the connection back.
    private async Task PrepareSessionAsync(CancellationToken ct)
    {
        if (_sessionReady || !db.Database.IsNpgsql()) return;
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SET work_mem = '" + PostgresWorkMem + "'", ct);
        _sessionReady = true;
    }

    private async Task<IQueryable<Ticket>> TicketsAsync(ReportFilter f, bool period, CancellationToken ct)
    {
        await PrepareSessionAsync(ct);
        var q = db.Tickets.AsNoTracking().Where(t => t.MergedIntoId == null);
        if (period) q = q.Where(t => t.CreatedAt >= f.From && t.CreatedAt < f.To);
        if (f.Team is { } team) q = q.Where(t => t.Team == team);
        if (await RegionTeamsAsync(f, ct) is { } teams) q = q.Where(t => t.Team != null && teams.Contains(t.Team));
        if (f.Channel is { } channel) q = q.Where(t => t.Channel == channel);
        if (f.Category is { } category) q = q.Where(t => t.Category == category);
        return q;
    }

    // A region is the teams in it.
    private async Task<List<string>?> RegionTeamsAsync(ReportFilter f, CancellationToken ct) => f.Region is { } region
        ? await db.ServiceTeams.AsNoTracking().Where(t => t.Region == region).Select(t => t.Name).ToListAsync(ct)
        : null;

    private static double Share(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    public async Task<SummaryReport> SummaryAsync(ReportFilter f, CancellationToken ct)
    {
        var q = await TicketsAsync(f, period: true, ct);
        // One group at most: read as a list, so no row limit without an order is sent (EF Core warned on every summary).
        var s = (await q.GroupBy(t => 1).Select(g => new
        {
            Total = g.Count(),
            Resolved = g.Count(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
            Escalated = g.Count(t => t.EscalationLevel > 0),
            Reopened = g.Count(t => t.ReopenCount > 0),
            Fcr = g.Count(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed) && t.EscalationLevel == 0 && t.ReopenCount == 0),
        }).ToListAsync(ct)).FirstOrDefault();
        if (s is null) return new SummaryReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new SummaryReport(s.Total, s.Resolved, s.Total - s.Resolved, s.Escalated, s.Reopened, s.Fcr,
            Share(s.Resolved, s.Total), Share(s.Escalated, s.Total), Share(s.Reopened, s.Resolved), Share(s.Fcr, s.Resolved));
    }

    /// <summary>Complaints by channel, category or team.</summary>
    public async Task<List<CountRow>> VolumeAsync(ReportFilter f, string by, CancellationToken ct)
    {
        var q = await TicketsAsync(f, period: true, ct);
        var rows = by switch
        {
            "channel" => (await q.GroupBy(t => t.Channel).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(r => (Infrastructure.Http.EnumText.Name(r.Key), r.Count)).ToList(),
            "category" => (await q.GroupBy(t => t.Category).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(r => (Infrastructure.Http.EnumText.Name(r.Key), r.Count)).ToList(),
            "team" => (await q.GroupBy(t => t.Team).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(r => (r.Key ?? "", r.Count)).ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(by)),
        };
        var total = rows.Sum(r => r.Item2);
        return rows.OrderByDescending(r => r.Item2).Select(r => new CountRow(r.Item1, r.Item2, Share(r.Item2, total))).ToList();
    }

    public async Task<HeatmapReport> HeatmapAsync(ReportFilter f, CancellationToken ct)
    {
        var q = await TicketsAsync(f, period: true, ct);
        // The database counts per UTC weekday and hour (168 groups, cheap over a year of complaints);
        // the zone's standard offset turns them into local weekday and hour — exact for the mainland's
        // fixed offset, within an hour around daylight-saving changes elsewhere.
        var rows = await q.GroupBy(t => new { Day = (int)t.CreatedAt.DayOfWeek, t.CreatedAt.Hour })
            .Select(g => new { g.Key.Day, g.Key.Hour, Count = g.Count() }).ToListAsync(ct);
        var offset = (int)Math.Round(_zone.BaseUtcOffset.TotalHours);
        var counts = Enumerable.Range(0, 7).Select(_ => new int[24]).ToArray();
        foreach (var r in rows)
        {
            var hourOfWeek = ((r.Day * 24 + r.Hour + offset) % 168 + 168) % 168;
            counts[(hourOfWeek / 24 + 6) % 7][hourOfWeek % 24] += r.Count;
        }
        return new HeatmapReport(counts, counts.SelectMany(c => c).DefaultIfEmpty().Max());
    }

    private static bool HasDimensions(ReportFilter f) => f.Team is not null || f.Region is not null || f.Channel is not null || f.Category is not null;

    /// <summary>
    /// Clocks started in the period (a complaint's clocks start when it arrives); only when a team,
    /// region, channel or category is asked for are they joined to the complaints.
    /// </summary>
    private async Task<IQueryable<SlaClock>> ClocksAsync(ReportFilter f, CancellationToken ct)
    {
        await PrepareSessionAsync(ct);
        var clocks = db.SlaClocks.AsNoTracking().Where(c => c.StartedAt >= f.From && c.StartedAt < f.To);
        if (!HasDimensions(f)) return clocks;
        var tickets = (await TicketsAsync(f, period: true, ct)).Select(t => t.Id);
        return clocks.Where(c => tickets.Contains(c.TicketId));
    }

    public async Task<List<SlaRow>> SlaAsync(ReportFilter f, CancellationToken ct)
    {
        var rows = await (await ClocksAsync(f, ct))
            .GroupBy(c => new { c.Kind, c.Status }).Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return rows.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g =>
        {
            int Of(ClockStatus s) => g.Where(r => r.Status == s).Sum(r => r.Count);
            var met = Of(ClockStatus.Met);
            var breached = Of(ClockStatus.Breached);
            return new SlaRow(g.Key, met, breached, Of(ClockStatus.Running) + Of(ClockStatus.Paused), Share(met, met + breached));
        }).ToList();
    }

    /// <summary>First-response and resolution times in business minutes (the clocks' own calendars), as percentiles.</summary>
    public async Task<List<DurationRow>> DurationsAsync(ReportFilter f, CancellationToken ct)
    {
        var histogram = await (await ClocksAsync(f, ct))
            .Where(c => c.ElapsedTicksAtStop != null
                && (c.Kind == ClockKind.FirstResponse || c.Kind == ClockKind.InitialAnswer || c.Kind == ClockKind.Resolution))
            .GroupBy(c => new { c.Kind, Minute = c.ElapsedTicksAtStop!.Value / TimeSpan.TicksPerMinute })
            .Select(g => new { g.Key.Kind, g.Key.Minute, Count = g.Count() }).ToListAsync(ct);
        return histogram.GroupBy(h => h.Kind).OrderBy(g => g.Key).Select(g =>
        {
            var bins = g.Select(h => (Bin: h.Minute, h.Count)).ToList();
            double P(double p) => UpperEdge(bins, p).GetValueOrDefault();
            return new DurationRow(g.Key, bins.Sum(b => b.Count), P(0.5), P(0.8), P(0.9), P(0.95));
        }).ToList();
    }

    /// <summary>
    /// The upper edge of the histogram bin holding the p-quantile — "within N minutes (hours)" — from
    /// counts the database grouped per bin; null when there is nothing to count.
    /// </summary>
    private static double? UpperEdge(IReadOnlyList<(long Bin, int Count)> bins, double p)
    {
        var n = bins.Sum(b => b.Count);
        if (n == 0) return null;
        var seen = 0;
        foreach (var (bin, count) in bins.OrderBy(b => b.Bin))
        {
            seen += count;
            if (seen >= p * n) return bin + 1;
        }
        return bins.Max(b => b.Bin) + 1;
    }

    public static readonly (string Bucket, TimeSpan Older)[] AgeBuckets =
    [
        ("<1d", TimeSpan.Zero), ("1-2d", TimeSpan.FromDays(1)), ("2-7d", TimeSpan.FromDays(2)), ("7-30d", TimeSpan.FromDays(7)), (">30d", TimeSpan.FromDays(30)),
    ];

    /// <summary>Open complaints now (any arrival time) by age.</summary>
    public async Task<List<AgeingRow>> BacklogAsync(ReportFilter f, DateTime now, CancellationToken ct)
    {
        var q = (await TicketsAsync(f, period: false, ct)).Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
        var d1 = now - AgeBuckets[1].Older;
        var d2 = now - AgeBuckets[2].Older;
        var d7 = now - AgeBuckets[3].Older;
        var d30 = now - AgeBuckets[4].Older;
        var rows = await q.GroupBy(t => t.CreatedAt > d1 ? 0 : t.CreatedAt > d2 ? 1 : t.CreatedAt > d7 ? 2 : t.CreatedAt > d30 ? 3 : 4)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return AgeBuckets.Select((b, i) => new AgeingRow(b.Bucket, rows.Where(r => r.Key == i).Sum(r => r.Count))).ToList();
    }

    private async Task<IQueryable<Survey>> AnswersAsync(ReportFilter f, CancellationToken ct)
    {
        await PrepareSessionAsync(ct);
        var q = db.Surveys.AsNoTracking().Where(s => s.AnsweredAt != null && s.AnsweredAt >= f.From && s.AnsweredAt < f.To);
        if (f.Team is { } team) q = q.Where(s => s.Team == team);
        if (await RegionTeamsAsync(f, ct) is { } teams) q = q.Where(s => s.Team != null && teams.Contains(s.Team));
        if (f.Channel is { } channel) q = q.Where(s => s.Channel == channel);
        if (f.Category is { } category) q = q.Where(s => s.Category == category);
        return q;
    }

    /// <summary>CSAT, first-contact resolution as customers report it, and NPS, week by week.</summary>
    public async Task<List<SatisfactionRow>> SatisfactionAsync(ReportFilter f, CancellationToken ct)
    {
        var rows = await (await AnswersAsync(f, ct)).GroupBy(s => new { s.Kind, s.AnsweredAt!.Value.Date, s.Score, s.FirstContactResolved })
            .Select(g => new { g.Key.Kind, g.Key.Date, g.Key.Score, g.Key.FirstContactResolved, Count = g.Count() }).ToListAsync(ct);
        return rows.GroupBy(r => DateOnly.FromDateTime(r.Date).AddDays(-(((int)r.Date.DayOfWeek + 6) % 7))).OrderBy(g => g.Key).Select(g =>
        {
            var csat = g.Where(r => r.Kind == SurveyKind.Csat && r.Score != null).ToList();
            var nps = g.Where(r => r.Kind == SurveyKind.Nps && r.Score != null).ToList();
            var csatN = csat.Sum(r => r.Count);
            var npsN = nps.Sum(r => r.Count);
            var fcrN = csat.Where(r => r.FirstContactResolved != null).Sum(r => r.Count);
            return new SatisfactionRow(g.Key, csatN,
                csatN == 0 ? null : Math.Round(csat.Sum(r => r.Score!.Value * r.Count) / (double)csatN, 2),
                csatN == 0 ? null : Share(csat.Where(r => r.Score >= 4).Sum(r => r.Count), csatN),
                fcrN == 0 ? null : Share(csat.Where(r => r.FirstContactResolved == true).Sum(r => r.Count), fcrN),
                npsN,
                // NPS: promoters (9–10) minus detractors (0–6), in points.
                npsN == 0 ? null : Math.Round(100.0 * (nps.Where(r => r.Score >= 9).Sum(r => r.Count) - nps.Where(r => r.Score <= 6).Sum(r => r.Count)) / npsN, 1));
        }).ToList();
    }

    /// <summary>Root causes of closed complaints, largest first, with the cumulative share (Pareto).</summary>
    public async Task<List<ParetoRow>> RootCausesAsync(ReportFilter f, CancellationToken ct)
    {
        var q = (await TicketsAsync(f, period: true, ct)).Where(t => t.RootCause != null);
        var rows = await q.GroupBy(t => t.RootCause!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var total = rows.Sum(r => r.Count);
        var cumulative = 0;
        return rows.OrderByDescending(r => r.Count).Select(r =>
        {
            cumulative += r.Count;
            return new ParetoRow(r.Key, r.Count, Share(r.Count, total), Share(cumulative, total));
        }).ToList();
    }

    /// <summary>
    /// Complaint statistics for disclosure (投诉信息披露): per type, how many came, how many were
    /// handled, how many within the regulator's deadline, and the median resolution time in business hours.
    /// </summary>
    public async Task<List<DisclosureRow>> DisclosureAsync(ReportFilter f, CancellationToken ct)
    {
        var q = await TicketsAsync(f, period: true, ct);
        // One grouped pass over the complaints: the outcome of their resolution and regulatory clocks is
        // kept on the complaint when the clock stops, so no join with the clocks is needed.
        var rows = await q.GroupBy(t => new { t.Category, Hour = t.ResolutionMinutes == null ? -1 : t.ResolutionMinutes.Value / 60 })
            .Select(g => new
            {
                g.Key.Category, g.Key.Hour, Total = g.Count(),
                Resolved = g.Count(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
                Met = g.Count(t => t.RegulatoryMet == true), Breached = g.Count(t => t.RegulatoryMet == false),
            }).ToListAsync(ct);
        return rows.GroupBy(r => r.Category).OrderByDescending(g => g.Sum(r => r.Total)).Select(g =>
        {
            var total = g.Sum(r => r.Total);
            var resolved = g.Sum(r => r.Resolved);
            var met = g.Sum(r => r.Met);
            var breached = g.Sum(r => r.Breached);
            var median = UpperEdge(g.Where(r => r.Hour >= 0).Select(r => (Bin: (long)r.Hour, Count: r.Total)).ToList(), 0.5);
            return new DisclosureRow(g.Key, total, resolved, Share(resolved, total), met, breached,
                met + breached == 0 ? null : Share(met, met + breached), median);
        }).ToList();
    }

    /// <summary>Scorecards per owner (by = "agent") or per team (by = "team").</summary>
    public async Task<List<ScorecardRow>> ScorecardsAsync(ReportFilter f, string by, CancellationToken ct)
    {
        var q = await TicketsAsync(f, period: true, ct);
        var agents = by == "agent";
        var work = agents
            ? (await q.Where(t => t.OwnerId != null).GroupBy(t => t.OwnerId!.Value).Select(g => new
            {
                g.Key, Assigned = g.Count(), Resolved = g.Count(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
                Escalated = g.Count(t => t.EscalationLevel > 0), Reopened = g.Count(t => t.ReopenCount > 0),
                Met = g.Count(t => t.ResolutionMet == true), Judged = g.Count(t => t.ResolutionMet != null),
            }).ToListAsync(ct)).Select(g => new WorkCounts(g.Key.ToString(), g.Assigned, g.Resolved, g.Escalated, g.Reopened, g.Met, g.Judged)).ToList()
            : await q.Where(t => t.Team != null).GroupBy(t => t.Team!).Select(g => new WorkCounts(g.Key,
                g.Count(), g.Count(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
                g.Count(t => t.EscalationLevel > 0), g.Count(t => t.ReopenCount > 0),
                g.Count(t => t.ResolutionMet == true), g.Count(t => t.ResolutionMet != null))).ToListAsync(ct);

        var answers = (await AnswersAsync(f, ct)).Where(s => s.Kind == SurveyKind.Csat && s.Score != null);
        var csat = agents
            ? (await answers.Where(s => s.OwnerId != null).GroupBy(s => s.OwnerId!.Value).Select(g => new
            {
                g.Key, Answers = g.Count(), ScoreSum = g.Sum(s => s.Score!.Value), FcrAnswers = g.Count(s => s.FirstContactResolved != null),
                FcrYes = g.Count(s => s.FirstContactResolved == true),
            }).ToListAsync(ct)).Select(g => new SurveyCounts(g.Key.ToString(), g.Answers, g.ScoreSum, g.FcrAnswers, g.FcrYes)).ToList()
            : await answers.Where(s => s.Team != null).GroupBy(s => s.Team!).Select(g => new SurveyCounts(g.Key,
                g.Count(), g.Sum(s => s.Score!.Value), g.Count(s => s.FirstContactResolved != null), g.Count(s => s.FirstContactResolved == true))).ToListAsync(ct);

        var names = new Dictionary<string, string>();
        if (agents)
        {
            var ids = work.Select(w => Guid.Parse(w.Key)).ToList();
            names = (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
                .ToDictionary(u => u.Id.ToString(), u => u.DisplayName);
        }
        return work.OrderByDescending(w => w.Resolved).Select(w =>
        {
            double? compliance = w.Judged == 0 ? null : Share(w.Met, w.Judged);
            var s = csat.FirstOrDefault(x => x.Key == w.Key);
            return new ScorecardRow(w.Key, names.GetValueOrDefault(w.Key, w.Key), w.Assigned, w.Resolved, w.Assigned - w.Resolved, w.Escalated, w.Reopened,
                compliance,
                s is null || s.Answers == 0 ? null : Math.Round((double)s.ScoreSum / s.Answers, 2), s?.Answers ?? 0,
                s is null || s.FcrAnswers == 0 ? null : Share(s.FcrYes, s.FcrAnswers));
        }).ToList();
    }

    private sealed record WorkCounts(string Key, int Assigned, int Resolved, int Escalated, int Reopened, int Met, int Judged);

    private sealed record SurveyCounts(string Key, int Answers, int ScoreSum, int FcrAnswers, int FcrYes);
}
