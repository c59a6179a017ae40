namespace PayDesk.Features.Sla;

/// <summary>
/// One opening interval in local time. An end at or before the start runs past midnight
/// (22:00–06:00 is a night shift); 00:00–00:00 is the whole day.
/// </summary>
public readonly record struct OpeningInterval(TimeOnly Start, TimeOnly End)
{
    public static readonly OpeningInterval AllDay = new(TimeOnly.MinValue, TimeOnly.MinValue);

    public static OpeningInterval Parse(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        // "09:00" alone threw IndexOutOfRangeException (HTTP 500) where callers catch only a malformed text.
        if (parts.Length != 2) throw new FormatException($"'{text}' is not a start-end interval such as 09:00-18:00");
        return new OpeningInterval(TimeOnly.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}

/// <summary>What a dated exception does to a day.</summary>
public enum DayExceptionKind
{
    /// <summary>Closed all day (a statutory holiday on a weekday calendar).</summary>
    Closed,

    /// <summary>Open at the hours given instead of the weekly ones.</summary>
    Hours,

    /// <summary>调休: a weekend day worked as a normal working day.</summary>
    WorkingDay,
}

public sealed record DayException(DayExceptionKind Kind, IReadOnlyList<OpeningInterval> Hours, string? Label = null);

/// <summary>
/// A service-hours calendar (SPEC §3): a time zone, weekly opening hours (several intervals a day
/// allowed), dated exceptions, or open around the clock.
/// </summary>
public sealed record CalendarDefinition
{
    public required string Name { get; init; }
    public required string TimeZone { get; init; }
    public bool AlwaysOpen { get; init; }
    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> Weekly { get; init; } = new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>();

    /// <summary>The hours of a make-up working day (调休); by default Monday's.</summary>
    public IReadOnlyList<OpeningInterval>? WorkingDayHours { get; init; }
    public IReadOnlyDictionary<DateOnly, DayException> Exceptions { get; init; } = new Dictionary<DateOnly, DayException>();

    /// <summary>The opening intervals of one local date, exceptions first.</summary>
    public IReadOnlyList<OpeningInterval> HoursOn(DateOnly date)
    {
        if (AlwaysOpen) return [OpeningInterval.AllDay];
        if (Exceptions.TryGetValue(date, out var exception))
        {
            switch (exception.Kind)
            {
                case DayExceptionKind.Closed: return [];
                case DayExceptionKind.Hours: return exception.Hours;
                case DayExceptionKind.WorkingDay:
                    return exception.Hours.Count > 0 ? exception.Hours
                        : WorkingDayHours ?? (Weekly.TryGetValue(DayOfWeek.Monday, out var monday) ? monday : []);
            }
            // A kind no version of PayDesk wrote (a row edited by hand): the date keeps its weekly hours.
        }
        return Weekly.TryGetValue(date.DayOfWeek, out var hours) ? hours : [];
    }
}
