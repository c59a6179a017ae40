namespace PayDesk.Features.Sla;

/// <summary>The calendars every installation starts with (SPEC §3, seed S2).</summary>
public static class DefaultCalendars
{
    public const string Standard = "standard";
    public const string Extended = "extended";
    public const string Peak = "peak";
    public const string AlwaysOpen = "24x7";
    public const string ChinaZone = "Asia/Shanghai";

    public static readonly string[] Names = [Standard, Extended, Peak, AlwaysOpen];

    private static readonly OpeningInterval Office = OpeningInterval.Parse("09:00-18:00");
    private static readonly OpeningInterval Long = OpeningInterval.Parse("09:00-20:00");
    private static readonly OpeningInterval PeakHours = OpeningInterval.Parse("07:30-21:00");

    private static Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> Week(OpeningInterval weekday, OpeningInterval? weekend) =>
        Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => (IReadOnlyList<OpeningInterval>)(d is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? weekend is { } w ? [w] : []
            : [weekday]));

    /// <summary>Mon–Fri 09:00–18:00 Beijing time; closed on statutory holidays, open on make-up days.</summary>
    public static CalendarDefinition StandardCalendar() => new()
    {
        Name = Standard,
        TimeZone = ChinaZone,
        Weekly = Week(Office, null),
        WorkingDayHours = [Office],
        Exceptions = ChinaExceptions(holiday: new DayException(DayExceptionKind.Closed, []), makeUp: new DayException(DayExceptionKind.WorkingDay, [])),
    };

    /// <summary>Weekdays 09:00–18:00; weekends and holidays 09:00–20:00.</summary>
    public static CalendarDefinition ExtendedCalendar() => new()
    {
        Name = Extended,
        TimeZone = ChinaZone,
        Weekly = Week(Office, Long),
        WorkingDayHours = [Office],
        Exceptions = ChinaExceptions(holiday: new DayException(DayExceptionKind.Hours, [Long]), makeUp: new DayException(DayExceptionKind.WorkingDay, [])),
    };

    /// <summary>07:30–21:00 every day, for long-holiday periods.</summary>
    public static CalendarDefinition PeakCalendar() => new()
    {
        Name = Peak,
        TimeZone = ChinaZone,
        Weekly = Week(PeakHours, PeakHours),
        WorkingDayHours = [PeakHours],
    };

    public static CalendarDefinition AlwaysOpenCalendar() => new() { Name = AlwaysOpen, TimeZone = ChinaZone, AlwaysOpen = true };

    public static CalendarDefinition? Find(string name) => name switch
    {
        Standard => StandardCalendar(),
        Extended => ExtendedCalendar(),
        Peak => PeakCalendar(),
        AlwaysOpen => AlwaysOpenCalendar(),
        _ => null,
    };

    private static Dictionary<DateOnly, DayException> ChinaExceptions(DayException holiday, DayException makeUp)
    {
        var exceptions = ChinaHolidays.Holidays.ToDictionary(h => h.Key, h => holiday with { Label = h.Value });
        foreach (var day in ChinaHolidays.MakeUpWorkingDays) exceptions[day] = makeUp with { Label = "调休上班" };
        return exceptions;
    }
}

/// <summary>Compiled calendars are built once per definition and shared (they are immutable).</summary>
public static class CalendarCache
{
    public static readonly DateOnly FirstDay = new(2020, 1, 1);
    public static readonly DateOnly LastDay = new(2040, 12, 31);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, BusinessCalendar> Compiled = new();

    public static BusinessCalendar? Default(string name)
    {
        if (Compiled.TryGetValue(name, out var compiled)) return compiled;
        return DefaultCalendars.Find(name) is { } definition
            ? Compiled.GetOrAdd(name, _ => new BusinessCalendar(definition, FirstDay, LastDay))
            : null;
    }
}
