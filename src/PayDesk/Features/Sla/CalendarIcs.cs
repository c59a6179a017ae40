using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace PayDesk.Features.Sla;

/// <summary>
/// Calendar exceptions as iCalendar (RFC 5545): one all-day event per holiday, changed-hours day or
/// make-up working day, with PayDesk's meaning in X- properties. Events from other sources (a
/// public holiday feed) without them are read as closed days; a multi-day event covers each day.
/// </summary>
internal static class CalendarIcs
{
    private const string KindProperty = "X-PAYDESK-KIND";
    private const string HoursProperty = "X-PAYDESK-HOURS";
    private const int FirstYear = 2000, LastYear = 2100, MaxLabelLength = 100, MaxHoursLength = 200;

    /// <summary>
    /// Bounds on one file: a holiday feed has tens of events a year; a form of megabytes had hundreds of thousands of
    /// 61-day events, each matched against every date before it, and tied a thread up for minutes.
    /// </summary>
    public const int MaxEvents = 5_000, MaxDays = 20_000;

    public static string Export(ServiceCalendar calendar)
    {
        var ics = new Calendar { ProductId = "-//PayDesk//Service calendars//ZH" };
        ics.AddProperty("X-WR-CALNAME", calendar.Name);
        ics.AddProperty("X-WR-TIMEZONE", calendar.TimeZone);
        foreach (var day in calendar.Days.OrderBy(d => d.Date))
        {
            var start = new CalDateTime(day.Date.Year, day.Date.Month, day.Date.Day);
            var item = new CalendarEvent
            {
                Uid = $"{calendar.Name}-{day.Date:yyyyMMdd}@paydesk",
                Summary = day.Label ?? day.Kind.ToString(),
                DtStart = start,
                DtEnd = start.AddDays(1),
            };
            item.AddProperty(KindProperty, Infrastructure.Http.EnumText.Name(day.Kind));
            if (day.Hours is { } hours) item.AddProperty(HoursProperty, hours);
            ics.Events.Add(item);
        }
        return new CalendarSerializer().SerializeToString(ics)!;
    }

    public sealed record ImportedDay(DateOnly Date, DayExceptionKind Kind, string? Hours, string? Label);

    /// <summary>The days of a file: those the calendars cover (<see cref="CalendarCache"/>), and how many fell outside.</summary>
    public sealed record ImportedDays(IReadOnlyList<ImportedDay> Days, int Outside);

    /// <summary>
    /// Reads the days; throws <see cref="FormatException"/> with a reason when the text is not usable. Dates outside the years
    /// the calendars cover are counted, not kept: they could be neither listed nor removed, and no deadline reaches them (a
    /// public holiday feed often runs a decade either way).
    /// </summary>
    public static ImportedDays Import(string text)
    {
        Calendar? ics;
        try
        {
            ics = Calendar.Load(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FormatException("not an iCalendar document: " + ex.Message, ex);
        }
        if (ics is null) throw new FormatException("not an iCalendar document");
        if (ics.Events.Count > MaxEvents) throw new FormatException($"more than {MaxEvents} events");
        var days = new Dictionary<DateOnly, ImportedDay>();
        var outside = 0;
        foreach (var item in ics.Events)
        {
            if (item.DtStart is null) throw new FormatException($"event '{item.Summary}' has no start date");
            // Dates at the ends of the calendar overflowed the day arithmetic below (HTTP 500); no service calendar needs them.
            if (item.DtStart.Value.Year is < FirstYear or > LastYear || item.DtEnd is { } e && e.Value.Year is < FirstYear or > LastYear)
            {
                throw new FormatException($"event '{item.Summary}' is dated outside {FirstYear}–{LastYear}");
            }
            var first = DateOnly.FromDateTime(item.DtStart.Value);
            var last = item.DtEnd is { } end ? DateOnly.FromDateTime(end.Value).AddDays(item.DtEnd.HasTime ? 0 : -1) : first;
            if (last < first) last = first;
            if (last.DayNumber - first.DayNumber > 60) throw new FormatException($"event '{item.Summary}' spans more than 60 days");
            var kindText = item.Properties.Get<string>(KindProperty);
            var kind = kindText switch
            {
                null or "closed" => DayExceptionKind.Closed,
                "hours" => DayExceptionKind.Hours,
                "working_day" => DayExceptionKind.WorkingDay,
                _ => throw new FormatException($"event '{item.Summary}' has unknown {KindProperty} '{kindText}'"),
            };
            var hours = item.Properties.Get<string>(HoursProperty);
            if (hours is not null && (hours.Length > MaxHoursLength || CalendarDay.TryParseHours(hours) is null)) throw new FormatException($"event '{item.Summary}' has malformed hours '{hours}'");
            if (kind == DayExceptionKind.Hours && hours is null) throw new FormatException($"event '{item.Summary}' changes hours but gives none");
            // The day's label holds 100 characters (a longer one was refused by PostgreSQL, HTTP 500); a holiday's name is kept whole far below that.
            var label = Infrastructure.Security.PersonalNumbers.MaskText(item.Summary is { Length: > MaxLabelLength } summary ? summary[..MaxLabelLength] : item.Summary);
            for (var d = first; d <= last; d = d.AddDays(1))
            {
                if (d < CalendarCache.FirstDay || d > CalendarCache.LastDay) outside++;
                // A date given twice takes the later event, as the file's order says.
                else days[d] = new ImportedDay(d, kind, hours, label);
            }
            if (days.Count + outside > MaxDays) throw new FormatException($"more than {MaxDays} days");
        }
        return new ImportedDays(days.Values.OrderBy(d => d.Date).ToList(), outside);
    }
}
