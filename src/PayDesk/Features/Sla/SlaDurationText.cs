using Microsoft.Extensions.Localization;
using PayDesk.Components;

namespace PayDesk.Features.Sla;

/// <summary>
/// How a clock's target and time left read to people (<see cref="DurationText"/>): targets on the standard (office)
/// calendar read in working days and hours, the others in hours and minutes or days and hours.
/// </summary>
public static class SlaDurationText
{
    public static string Format(TimeSpan span, string calendar, IStringLocalizer l) => DurationText.Format(span, WorkingDayOf(calendar), l);

    /// <summary>The working day a calendar's durations read in, or null when they read in round-the-clock time.</summary>
    public static int? WorkingDayOf(string calendar) => calendar == DefaultCalendars.Standard ? SlaOptions.WorkingDayMinutes : null;
}

/// <summary>How a calendar's name reads: the built-in ones translated, one an admin added as it was written.</summary>
public static class CalendarLabel
{
    // Only the built-in names are looked up: an added calendar called "Hours" must not read as the "Calendar.Hours" message.
    public static string Of(string calendar, IStringLocalizer l) => DefaultCalendars.Names.Contains(calendar) ? l[$"Calendar.{calendar}"] : calendar;
}
