using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>
/// A calendar's weekly opening hours, time zone and make-up-day hours; running clocks on it are re-scheduled
/// (business time already used stays, the rest runs on the new hours).
/// </summary>
internal static class SaveWeeklyHours
{
    /// <summary>
    /// Weekly: day name (monday … sunday) → "09:00-12:00,13:30-18:00"; an empty or missing day is closed.
    /// A calendar open on no day at all is refused: no deadline could ever fall due on it.
    /// </summary>
    public sealed record HoursRequest(string? TimeZone, bool? AlwaysOpen, Dictionary<string, string?>? Weekly, string? WorkingDayHours);

    /// <summary>At most so many opening intervals a day (a split shift with a lunch break needs two; nobody needs seven).</summary>
    public const int MaxIntervalsPerDay = 4;

    public static async Task<Results<Ok<ListCalendars.CalendarResponse>, NotFound, ValidationProblem>> HandleAsync(
        string name, HoursRequest request, AppDbContext db, Infrastructure.Security.ActorAccessor actors, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.Include(c => c.Days).FirstOrDefaultAsync(c => c.Name == name, ct);
        if (calendar is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        var zone = (request.TimeZone ?? calendar.TimeZone).Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) || zone.Length > 64) errors.AddKey("timeZone", "Calendar.TimeZone");
        var alwaysOpen = request.AlwaysOpen ?? false;
        var weekly = new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>();
        foreach (var (key, text) in request.Weekly ?? [])
        {
            // By name only: Enum.TryParse would also take "1" or "monday,tuesday" (which it ORs into Wednesday).
            if (Enum.GetValues<DayOfWeek>().Cast<DayOfWeek?>().FirstOrDefault(d => string.Equals(d.ToString(), key, StringComparison.OrdinalIgnoreCase)) is not { } day)
            {
                errors.AddKey($"weekly.{(key.Length > 20 ? key[..20] : key)}", "Calendar.DayName");
                continue;
            }
            if (Hours($"weekly.{key}", text, errors) is { } hours) weekly[day] = hours;
        }
        var workingDayHours = Hours("workingDayHours", request.WorkingDayHours, errors);
        if (!alwaysOpen && !errors.Any && weekly.Values.All(h => h.Count == 0)) errors.AddKey("weekly", "Calendar.NeverOpen");
        if (errors.Any) return errors.ToProblem();

        var before = calendar.ToDefinition();
        var after = new CalendarDefinition
        {
            Name = name, TimeZone = zone, AlwaysOpen = alwaysOpen,
            Weekly = Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => weekly.TryGetValue(d, out var h) ? h : []),
            WorkingDayHours = workingDayHours is { Count: > 0 } ? workingDayHours : null,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        calendar.SetHours(after, now);
        if (CalendarAudit.HoursChanges(before, after) is { Count: > 0 } changes)
        {
            CalendarAudit.Record(db, actors.Current, name, Audit.AuditActions.Updated, changes, now);
        }
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        await CalendarChanges.RescheduleAsync(db, name, sla, calendars, ct);
        return TypedResults.Ok(ListCalendars.ToResponse(calendar));
    }

    /// <summary>"09:00-12:00,13:30-18:00" → its intervals (none when blank); null, with the field named, when malformed.</summary>
    private static IReadOnlyList<OpeningInterval>? Hours(string field, string? text, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        if (text.Length > 200 || CalendarDay.TryParseHours(text) is not { } hours)
        {
            errors.AddKey(field, "Calendar.Hours");
            return null;
        }
        if (hours.Count > MaxIntervalsPerDay)
        {
            errors.AddKey(field, "Calendar.TooManyIntervals", MaxIntervalsPerDay);
            return null;
        }
        return hours;
    }
}
