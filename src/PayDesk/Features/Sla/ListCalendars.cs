using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Sla;

/// <summary>The service-hours calendars with their weekly hours.</summary>
internal static class ListCalendars
{
    public sealed record CalendarResponse(string Name, string TimeZone, bool AlwaysOpen, IReadOnlyDictionary<DayOfWeek, string[]> Weekly, string? WorkingDayHours, int Days);

    public static async Task<Ok<List<CalendarResponse>>> HandleAsync(AppDbContext db, CancellationToken ct)
    {
        var calendars = await db.ServiceCalendars.AsNoTracking().Include(c => c.Days).OrderBy(c => c.Name).ToListAsync(ct);
        return TypedResults.Ok(calendars.Select(ToResponse).ToList());
    }

    /// <summary>A stored calendar as the API shows it (its days loaded).</summary>
    public static CalendarResponse ToResponse(ServiceCalendar c) =>
        new(c.Name, c.TimeZone, c.AlwaysOpen, c.ToDefinition().Weekly.ToDictionary(w => w.Key, w => w.Value.Select(i => i.ToString()).ToArray()),
            c.WorkingDayHours, c.Days.Count);

    /// <summary>The admin page's view: every calendar, and the one shown with its exceptions.</summary>
    public static async Task<(List<ServiceCalendar> All, ServiceCalendar? Current)> ForPageAsync(AppDbContext db, string name, CancellationToken ct) =>
        (await db.ServiceCalendars.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct),
            await db.ServiceCalendars.AsNoTracking().Include(c => c.Days).FirstOrDefaultAsync(c => c.Name == name, ct));
}
