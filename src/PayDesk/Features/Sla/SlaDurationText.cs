using Microsoft.Extensions.Localization;

namespace PayDesk.Features.Sla;

/// <summary>
/// How a clock's target and time left read to people. Targets on the standard (office) calendar are set in
/// working days — the regulator's "10 个工作日", a complex case's "2 个工作日" — so they read in working days
/// and hours, not "90小时0分"; round-the-clock and line targets read in hours and minutes, or from two days on in
/// days and hours.
/// </summary>
public static class SlaDurationText
{
    public static string Format(TimeSpan span, string calendar, IStringLocalizer l) =>
        Format(span, calendar == DefaultCalendars.Standard, l);

    public static string Format(TimeSpan span, bool workingDays, IStringLocalizer l)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        var minutes = (long)Math.Floor(span.Duration().TotalMinutes);
        var parts = new List<string>(2);
        if (workingDays && minutes >= SlaOptions.WorkingDayMinutes)
        {
            parts.Add(l["Sla.WorkingDays", minutes / SlaOptions.WorkingDayMinutes]);
            minutes %= SlaOptions.WorkingDayMinutes;
            // Within a working day the hours still matter; the minutes no longer do.
            if (minutes >= 60) parts.Add(l["Sla.HoursOnly", minutes / 60]);
        }
        else if (minutes >= 48 * 60)
        {
            // A round-the-clock target of a month read "720 小时" and its time left "719 小时 59 分钟": days and hours.
            parts.Add(l["Sla.Days", minutes / (24 * 60)]);
            minutes %= 24 * 60;
            if (minutes >= 60) parts.Add(l["Sla.HoursOnly", minutes / 60]);
        }
        else
        {
            if (minutes >= 60) parts.Add(l["Sla.HoursOnly", minutes / 60]);
            if (minutes % 60 > 0 || minutes == 0) parts.Add(l["Sla.MinutesOnly", minutes % 60]);
        }
        return sign + string.Join(" ", parts);
    }
}
