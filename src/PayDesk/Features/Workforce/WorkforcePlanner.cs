using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Workforce;

public sealed record IntervalPoint(DateTime StartUtc, DateTime StartLocal, double Forecast, int? Actual);

public sealed record ForecastSeries(TicketChannel Channel, DateOnly From, int Days, IReadOnlyList<IntervalPoint> Intervals,
    IReadOnlyDictionary<string, double> DayFactors, IReadOnlyDictionary<string, double> EventUplifts);

public sealed record StaffingInterval(DateTime StartLocal, IReadOnlyDictionary<TicketChannel, double> Contacts,
    IReadOnlyDictionary<TicketChannel, double> Agents, int Required, int Rostered)
{
    public int Gap => Rostered - Required;
}

public sealed record StaffingDay(DateOnly Date, double Shrinkage, IReadOnlyList<StaffingInterval> Intervals,
    IReadOnlyList<RosterLine> Roster, double AgentHours, int UnderstaffedIntervals, bool RosterOptimal);

public sealed record AccuracyFigures(double Mape, double Wape);

public sealed record BacktestResult(TicketChannel Channel, int Weeks, int Intervals, double Contacts, AccuracyFigures Model, AccuracyFigures SeasonalNaive)
{
    public bool ModelWins => Model.Wape < SeasonalNaive.Wape;
}

/// <summary>Forecasts, staffing and back-tests from the contact history in the database.</summary>
internal sealed class WorkforcePlanner(AppDbContext db, IOptions<WorkforceOptions> options, TimeProvider clock)
{
    private readonly WorkforceOptions _options = options.Value;

    public const int MaxDays = 28;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, _options.Zone));

    public DateTime ToUtc(DateOnly date, int slot) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(PeakForecaster.SlotStart(slot)), _options.Zone);

    // Forecasts for past days learn only from what came before them, so they can be held against the actual.
    private DateOnly Origin(DateOnly date) => date < Today ? date : Today;

    /// <summary>Channels with contacts in the history window, busiest first.</summary>
    public async Task<List<TicketChannel>> ChannelsAsync(CancellationToken ct)
    {
        var since = ToUtc(Today.AddDays(-7 * _options.HistoryWeeks), 0);
        var rows = await db.ContactIntervals.AsNoTracking().Where(c => c.StartUtc >= since)
            .GroupBy(c => c.Channel).Select(g => new { g.Key, Total = g.Sum(c => (long)c.Offered) }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.Total).Select(r => r.Key).ToList();
    }

    /// <summary>Whole local days of contacts offered on a channel (all sources added up).</summary>
    public async Task<Dictionary<DateOnly, double[]>> HistoryAsync(TicketChannel channel, DateOnly from, DateOnly toExclusive, CancellationToken ct)
    {
        var start = ToUtc(from, 0);
        var end = ToUtc(toExclusive, 0);
        var rows = await db.ContactIntervals.AsNoTracking()
            .Where(c => c.Channel == channel && c.StartUtc >= start && c.StartUtc < end)
            .Select(c => new { c.StartUtc, c.Offered }).ToListAsync(ct);
        return ContactHistory.ByLocalDay(rows.Select(r => (r.StartUtc, r.Offered)).ToList(), _options.Zone, from: null, toExclusive);
    }

    public async Task<ForecastCalendar> CalendarAsync(CancellationToken ct)
    {
        var marked = await db.MarkedDays.AsNoTracking().ToListAsync(ct);
        return new ForecastCalendar(marked.Select(m => new MarkedDay(m.Date, m.Kind, m.ExpectedUplift)));
    }

    private async Task<PeakForecaster> FitAsync(TicketChannel channel, DateOnly before, ForecastCalendar calendar, CancellationToken ct) =>
        PeakForecaster.Fit(await HistoryAsync(channel, before.AddDays(-7 * _options.HistoryWeeks), before, ct), calendar);

    /// <summary>The forecast for <paramref name="days"/> days from <paramref name="from"/>, with what actually came where known.</summary>
    public async Task<ForecastSeries> ForecastAsync(TicketChannel channel, DateOnly from, int days, CancellationToken ct)
    {
        var model = await FitAsync(channel, Origin(from), await CalendarAsync(ct), ct);
        var actual = await HistoryAsync(channel, from, from.AddDays(days), ct);
        var points = new List<IntervalPoint>(days * PeakForecaster.SlotsPerDay);
        for (var d = from; d < from.AddDays(days); d = d.AddDays(1))
        {
            var forecast = model.Forecast(d);
            actual.TryGetValue(d, out var counts);
            for (var s = 0; s < PeakForecaster.SlotsPerDay; s++)
            {
                var known = d < Today && counts is not null;
                points.Add(new IntervalPoint(ToUtc(d, s), d.ToDateTime(PeakForecaster.SlotStart(s)), Math.Round(forecast[s], 2),
                    known ? (int)counts![s] : null));
            }
        }
        return new ForecastSeries(channel, from, days, points, model.DayFactors, model.EventUplifts);
    }

    /// <summary>Agents needed per interval of a day to meet each channel's service level, and the roster that covers it.</summary>
    public async Task<StaffingDay> StaffingAsync(DateOnly date, CancellationToken ct) =>
        StaffDay(date, await ModelsAsync(date, ct));

    /// <summary>Seven days of requirement and roster from <paramref name="from"/>: the week a supervisor publishes.</summary>
    public async Task<List<StaffingDay>> StaffingWeekAsync(DateOnly from, CancellationToken ct)
    {
        var models = await ModelsAsync(from, ct);
        return Enumerable.Range(0, 7).Select(d => StaffDay(from.AddDays(d), models)).ToList();
    }

    private async Task<Dictionary<TicketChannel, PeakForecaster>> ModelsAsync(DateOnly date, CancellationToken ct)
    {
        var calendar = await CalendarAsync(ct);
        var models = new Dictionary<TicketChannel, PeakForecaster>();
        foreach (var channel in await ChannelsAsync(ct)) models[channel] = await FitAsync(channel, Origin(date), calendar, ct);
        return models;
    }

    private StaffingDay StaffDay(DateOnly date, Dictionary<TicketChannel, PeakForecaster> models)
    {
        var perChannel = models.ToDictionary(m => m.Key, m => m.Value.Forecast(date));
        var intervals = new List<StaffingInterval>();
        var required = new int[PeakForecaster.SlotsPerDay];
        for (var s = 0; s < PeakForecaster.SlotsPerDay; s++)
        {
            var contacts = perChannel.ToDictionary(p => p.Key, p => Math.Round(p.Value[s], 1));
            var agents = perChannel.ToDictionary(p => p.Key, p => Math.Round(_options.For(p.Key).AgentsFor(p.Value[s], 1800), 2));
            // Agents are multi-skilled across channels; shrinkage turns agents on contacts into agents rostered.
            required[s] = (int)Math.Ceiling(agents.Values.Sum() / (1 - _options.Shrinkage) - 1e-9);
            intervals.Add(new StaffingInterval(date.ToDateTime(PeakForecaster.SlotStart(s)), contacts, agents, required[s], 0));
        }
        var roster = RosterPlanner.Plan(required, _options.EffectiveShifts);
        intervals = intervals.Select((i, s) => i with { Rostered = roster.Rostered[s] }).ToList();
        return new StaffingDay(date, _options.Shrinkage, intervals, roster.Lines, roster.AgentHours, roster.UnderstaffedIntervals, roster.Optimal);
    }

    public IReadOnlyList<ShiftPattern> Shifts => _options.EffectiveShifts;

    /// <summary>Back-tests every channel on the history in the database (see <see cref="Backtest"/>).</summary>
    public async Task<List<BacktestResult>> BacktestAsync(int weeks, IProgress<string>? progress, CancellationToken ct)
    {
        var calendar = await CalendarAsync(ct);
        var results = new List<BacktestResult>();
        foreach (var channel in await ChannelsAsync(ct))
        {
            var all = await HistoryAsync(channel, Today.AddDays(-7 * (_options.HistoryWeeks + weeks)), Today, ct);
            if (Backtest.Run(channel, all, calendar, weeks, _options.HistoryWeeks, progress) is { } result) results.Add(result);
        }
        return results;
    }
}

/// <summary>
/// Holds back the last whole weeks one at a time: learn from everything before the week, forecast
/// it, compare with what came, and do the same with the seasonal-naive forecast (each interval as it
/// was a week earlier).
/// </summary>
public static class Backtest
{
    public static BacktestResult? Run(TicketChannel channel, IReadOnlyDictionary<DateOnly, double[]> all, ForecastCalendar calendar,
        int weeks, int historyWeeks, IProgress<string>? progress)
    {
        if (all.Count < 7 * (weeks + 2)) return null;
        var last = all.Keys.Max();
        var model = new ErrorSums();
        var naive = new ErrorSums();
        for (var k = weeks; k >= 1; k--)
        {
            var testStart = last.AddDays(-7 * k + 1);
            progress?.Report($"{channel}: week from {testStart:yyyy-MM-dd}");
            var train = all.Where(p => p.Key < testStart && p.Key >= testStart.AddDays(-7 * historyWeeks))
                .ToDictionary(p => p.Key, p => p.Value);
            var fitted = PeakForecaster.Fit(train, calendar);
            for (var d = testStart; d < testStart.AddDays(7); d = d.AddDays(1))
            {
                if (!all.TryGetValue(d, out var actual)) continue;
                model.Add(actual, fitted.Forecast(d));
                naive.Add(actual, SeasonalNaive.Forecast(train, d));
            }
        }
        return new BacktestResult(channel, weeks, model.Count, model.Actual, model.Figures, naive.Figures);
    }

    private sealed class ErrorSums
    {
        private double _absolute;
        private double _percentSum;
        private int _percentCount;

        public int Count { get; private set; }
        public double Actual { get; private set; }

        public void Add(double[] actual, double[] forecast)
        {
            for (var s = 0; s < actual.Length; s++)
            {
                var error = Math.Abs(forecast[s] - actual[s]);
                _absolute += error;
                Actual += actual[s];
                Count++;
                // MAPE is undefined where nothing came; those intervals count in WAPE only.
                if (actual[s] > 0)
                {
                    _percentSum += error / actual[s];
                    _percentCount++;
                }
            }
        }

        public AccuracyFigures Figures => new(_percentCount == 0 ? 0 : _percentSum / _percentCount, Actual == 0 ? 0 : _absolute / Actual);
    }
}
