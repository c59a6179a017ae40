using PayDesk.Features.Sla;

namespace PayDesk.Features.Workforce;

/// <summary>What kind of day a date is for the service centre, and what is marked on it.</summary>
public sealed record DayInfo(DateOnly Date, DayKind Kind, bool HolidayEve, string? EventKind)
{
    /// <summary>Days of one class share a volume factor (weekdays one each, weekend days, holidays, make-up days).</summary>
    public string VolumeClass => Kind switch
    {
        DayKind.Holiday => "holiday",
        DayKind.MakeUpWorkday => "makeup",
        DayKind.RestDay => Date.DayOfWeek == DayOfWeek.Sunday ? "sun" : "sat",
        DayKind.Workday => Date.DayOfWeek.ToString()[..3].ToLowerInvariant(),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>Days of one class share an intraday shape; the evening before a long holiday and event days have their own.</summary>
    public string ShapeClass => EventKind is not null ? "event:" + EventKind
        : HolidayEve ? "eve"
        : Kind is DayKind.Workday or DayKind.MakeUpWorkday ? "work" : "rest";

    /// <summary>What a class falls back to when the history has no day of it.</summary>
    public string FallbackVolumeClass => Kind is DayKind.Workday or DayKind.MakeUpWorkday ? "wed" : "sun";

    public string FallbackShapeClass => Kind is DayKind.Workday or DayKind.MakeUpWorkday ? "work" : "rest";
}

public enum DayKind
{
    Workday,
    RestDay,
    Holiday,

    /// <summary>调休: a weekend day worked in exchange for a longer holiday.</summary>
    MakeUpWorkday,
}

/// <summary>Dates a supervisor marks because volume will not follow the usual pattern (a promotion, a bank outage).</summary>
public sealed record MarkedDay(DateOnly Date, string Kind, double? ExpectedUplift);

/// <summary>The mainland calendar with the supervisor's marked days.</summary>
public sealed class ForecastCalendar(IEnumerable<MarkedDay> marked)
{
    private readonly Dictionary<DateOnly, MarkedDay> _marked = marked.GroupBy(m => m.Date).ToDictionary(g => g.Key, g => g.Last());

    public MarkedDay? Marked(DateOnly date) => _marked.GetValueOrDefault(date);

    public DayInfo Describe(DateOnly date)
    {
        var kind = ChinaHolidays.Holidays.ContainsKey(date) ? DayKind.Holiday
            : ChinaHolidays.MakeUpWorkingDays.Contains(date) ? DayKind.MakeUpWorkday
            : date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.RestDay
            : DayKind.Workday;
        return new DayInfo(date, kind, IsLongHolidayEve(date, kind), _marked.GetValueOrDefault(date)?.Kind);
    }

    // 节假日前的最后一天晚上: the last working day before a holiday of three days or more, when
    // customers sort out payments before travelling.
    private static bool IsLongHolidayEve(DateOnly date, DayKind kind)
    {
        if (kind is DayKind.Holiday) return false;
        var next = date.AddDays(1);
        var length = 0;
        while (ChinaHolidays.Holidays.ContainsKey(next.AddDays(length))) length++;
        return length >= 3;
    }
}

/// <summary>
/// Peak forecasting (服务高峰时段预测) for one channel: contacts per 30-minute interval from
/// history, as level × day-class factor × event factor × intraday shape. Day classes carry the
/// weekly seasonality, statutory holidays and make-up working days; intraday shapes carry the daily
/// seasonality (working days, rest days, the evening before a long holiday, marked events). The
/// level follows recent weeks (exponentially weighted), so growth and decline are picked up.
/// </summary>
public sealed class PeakForecaster
{
    public const int SlotsPerDay = 48;

    /// <summary>Local start time of a half-hour slot (0 = 00:00, 19 = 09:30).</summary>
    public static TimeOnly SlotStart(int slot) => new(slot / 2, slot % 2 * 30);

    /// <summary>The half-hour slot a local time falls in.</summary>
    public static int SlotOf(TimeOnly time) => time.Hour * 2 + time.Minute / 30;

    /// <summary>Weight of the newest day in the level; about two weeks of memory.</summary>
    private const double LevelSmoothing = 0.12;

    private readonly Dictionary<string, double> _volume = [];
    private readonly Dictionary<string, double> _eventUplift = [];
    private readonly Dictionary<string, double[]> _shape = [];
    private readonly ForecastCalendar _calendar;
    private double _level;

    public bool HasHistory { get; private set; }

    private PeakForecaster(ForecastCalendar calendar) => _calendar = calendar;

    /// <summary>Learns from whole days of history (local dates, 48 counts each).</summary>
    public static PeakForecaster Fit(IReadOnlyDictionary<DateOnly, double[]> history, ForecastCalendar calendar)
    {
        var model = new PeakForecaster(calendar);
        var days = history.Keys.Order().Select(calendar.Describe).ToList();
        if (days.Count == 0) return model;
        model.HasHistory = true;
        var totals = days.ToDictionary(d => d.Date, d => history[d.Date].Sum());

        // Factors and level depend on each other: a few rounds of (deseasonalise → smooth level →
        // re-estimate factors) settle them.
        foreach (var d in days) model._volume.TryAdd(d.VolumeClass, 1);
        for (var round = 0; round < 4; round++)
        {
            var level = new Dictionary<DateOnly, double>();
            model.SmoothedLevel(days, totals, level);
            var byClass = days.Where(d => d.EventKind is null).GroupBy(d => d.VolumeClass)
                .ToDictionary(g => g.Key, g => Ratio(g.Select(d => (totals[d.Date], level[d.Date]))));
            foreach (var (cls, factor) in byClass) model._volume[cls] = factor;
            var weekdays = new[] { "mon", "tue", "wed", "thu", "fri" }.Where(model._volume.ContainsKey).Select(c => model._volume[c]).ToList();
            var norm = weekdays.Count > 0 ? weekdays.Average() : 1;
            foreach (var cls in model._volume.Keys.ToList()) model._volume[cls] /= norm;
            foreach (var g in days.Where(d => d.EventKind is not null).GroupBy(d => d.EventKind!))
            {
                model._eventUplift[g.Key] = Ratio(g.Select(d => (totals[d.Date], level[d.Date] * model.VolumeFactor(d))));
            }
        }
        model._level = model.SmoothedLevel(days, totals, null);

        // Intraday shapes weight recent weeks more, as opening hours and habits drift.
        var last = days[^1].Date;
        foreach (var g in days.GroupBy(d => d.ShapeClass))
        {
            var shape = new double[SlotsPerDay];
            foreach (var d in g)
            {
                var total = totals[d.Date];
                if (total <= 0) continue;
                var weight = Math.Pow(0.5, (last.DayNumber - d.Date.DayNumber) / 56.0);
                var counts = history[d.Date];
                for (var s = 0; s < SlotsPerDay; s++) shape[s] += weight * counts[s] / total;
            }
            var sum = shape.Sum();
            if (sum > 0)
            {
                for (var s = 0; s < SlotsPerDay; s++) shape[s] /= sum;
                model._shape[g.Key] = shape;
            }
        }
        return model;
    }

    // The level before each day (what a forecaster would have known then) keeps the factors honest.
    private double SmoothedLevel(List<DayInfo> days, Dictionary<DateOnly, double> totals, Dictionary<DateOnly, double>? before)
    {
        double? smooth = null;
        foreach (var d in days)
        {
            // A kind of day that has had no contacts at all (factor 0: an SMS channel used twice in a month) says nothing
            // about the level; dividing by it made the level infinite and every forecast of the channel with it.
            var factor = VolumeFactor(d) * EventFactor(d);
            if (!(factor > 0) || !double.IsFinite(factor))
            {
                before?.Add(d.Date, smooth ?? 0);
                continue;
            }
            var y = totals[d.Date] / factor;
            before?.Add(d.Date, smooth ?? y);
            smooth = smooth is null ? y : smooth + LevelSmoothing * (y - smooth);
        }
        return smooth ?? 0;
    }

    private static double Ratio(IEnumerable<(double Actual, double Expected)> pairs)
    {
        var list = pairs.Where(p => p.Expected > 0).ToList();
        return list.Count == 0 ? 1 : list.Sum(p => p.Actual) / list.Sum(p => p.Expected);
    }

    private double VolumeFactor(DayInfo day) =>
        _volume.TryGetValue(day.VolumeClass, out var f) ? f : _volume.GetValueOrDefault(day.FallbackVolumeClass, 1);

    private double EventFactor(DayInfo day) => day.EventKind is null ? 1
        : _eventUplift.TryGetValue(day.EventKind, out var f) ? f
        : _calendar.Marked(day.Date)?.ExpectedUplift ?? 1;

    private double[] Shape(DayInfo day)
    {
        if (_shape.TryGetValue(day.ShapeClass, out var shape)) return shape;
        if (_shape.TryGetValue(day.FallbackShapeClass, out shape)) return shape;
        return _shape.Values.FirstOrDefault() ?? Enumerable.Repeat(1.0 / SlotsPerDay, SlotsPerDay).ToArray();
    }

    /// <summary>Expected contacts in each 30-minute interval of a local date.</summary>
    public double[] Forecast(DateOnly date)
    {
        var day = _calendar.Describe(date);
        var total = _level * VolumeFactor(day) * EventFactor(day);
        return Shape(day).Select(s => s * total).ToArray();
    }

    /// <summary>The uplift learned (or, for a kind never seen, expected) for each marked kind of day.</summary>
    public IReadOnlyDictionary<string, double> EventUplifts => _eventUplift;

    /// <summary>Day-class factors relative to an average weekday.</summary>
    public IReadOnlyDictionary<string, double> DayFactors => _volume;
}

/// <summary>Contact history as the forecaster reads it: whole local days of 48 half-hour counts.</summary>
public static class ContactHistory
{
    /// <summary>
    /// Adds up interval counts by local day and slot. Every day from <paramref name="from"/> (or the
    /// first day with data) up to <paramref name="toExclusive"/> is present, so days without contacts count as zeros.
    /// </summary>
    public static Dictionary<DateOnly, double[]> ByLocalDay(IReadOnlyCollection<(DateTime StartUtc, int Offered)> rows, TimeZoneInfo zone,
        DateOnly? from, DateOnly toExclusive)
    {
        var history = new Dictionary<DateOnly, double[]>();
        var local = rows.Select(r => (At: TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(r.StartUtc, DateTimeKind.Utc), zone), r.Offered)).ToList();
        if (from is null && local.Count == 0) return history;
        var first = from ?? local.Min(r => DateOnly.FromDateTime(r.At));
        for (var d = first; d < toExclusive; d = d.AddDays(1)) history[d] = new double[PeakForecaster.SlotsPerDay];
        foreach (var (at, offered) in local)
        {
            history[DateOnly.FromDateTime(at)][PeakForecaster.SlotOf(TimeOnly.FromDateTime(at))] += offered;
        }
        return history;
    }
}

/// <summary>The usual benchmark: each interval repeats the same interval one week earlier.</summary>
public static class SeasonalNaive
{
    public static double[] Forecast(IReadOnlyDictionary<DateOnly, double[]> history, DateOnly date)
    {
        // Walk back whole weeks until a day with history (the held-out week forecasts up to 7 days ahead).
        for (var back = date.AddDays(-7); back >= date.AddDays(-35); back = back.AddDays(-7))
        {
            if (history.TryGetValue(back, out var counts)) return (double[])counts.Clone();
        }
        return new double[PeakForecaster.SlotsPerDay];
    }
}
