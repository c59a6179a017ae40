using Microsoft.Extensions.Localization;

namespace PayDesk.Components;

/// <summary>
/// How a service-level duration (a target, time left, time over) reads to people, on every page that shows one: the
/// complaint page, the inbox and the SLA queue. Targets counted in working days — the regulator's "10 个工作日", a
/// complex case's "2 个工作日" — read in working days and hours, not "90小时0分"; round-the-clock targets read in hours
/// and minutes, or from two days on in days and hours.
/// </summary>
public static class DurationText
{
    /// <param name="workingDayMinutes">The length of a working day when the duration is counted on an office calendar; null for round-the-clock time.</param>
    public static string Format(TimeSpan span, int? workingDayMinutes, IStringLocalizer l)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        var minutes = (long)Math.Floor(span.Duration().TotalMinutes);
        var parts = new List<string>(2);
        if (workingDayMinutes is { } day && minutes >= day)
        {
            parts.Add(minutes / day == 1 ? l["Sla.WorkingDay"] : l["Sla.WorkingDays", minutes / day]);
            minutes %= day;
            // Within a working day the hours still matter; the minutes no longer do.
            if (minutes >= 60) parts.Add(l["Sla.HoursOnly", minutes / 60]);
        }
        else if (minutes >= 48 * 60)
        {
            // A round-the-clock target of a month read "720 小时" and its time left "719 小时 59 分钟": days and hours.
            parts.Add(l["Sla.Days", minutes / (24 * 60)]); // 48 hours or more: never one day
            minutes %= 24 * 60;
            if (minutes >= 60) parts.Add(l["Sla.HoursOnly", minutes / 60]);
        }
        else
        {
            if (minutes >= 60) parts.Add(l["Sla.HoursOnly", minutes / 60]);
            // Seconds before a breach read "不到 1 分钟", not "剩余 0 分钟" (which reads as if it were over).
            if (minutes == 0 && span != TimeSpan.Zero) parts.Add(l["Sla.UnderAMinute"]);
            else if (minutes % 60 > 0 || minutes == 0) parts.Add(l["Sla.MinutesOnly", minutes % 60]);
        }
        return sign + string.Join(" ", parts);
    }

    /// <summary>"剩余 …" or, once <paramref name="over"/>, "已超时 …": the business time a clock has left, as every page shows it.</summary>
    public static string Countdown(TimeSpan left, int? workingDayMinutes, bool over, IStringLocalizer l)
    {
        var text = Format(left.Duration(), workingDayMinutes, l);
        return over ? l["Workspace.Over", text] : l["Sla.Left", text];
    }
}
