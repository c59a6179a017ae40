using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

/// <summary>Return a date to the weekly hours; running clocks on the calendar are re-scheduled.</summary>
internal static class DeleteCalendarDay
{
    public static async Task<Results<NoContent, NotFound, ValidationProblem>> HandleAsync(
        string name, string date, AppDbContext db, ActorAccessor actors, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var day = ListCalendarDays.ParseDate(date, errors);
        if (errors.Any) return errors.ToProblem();
        var calendar = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.Name == name, ct);
        var existing = await db.CalendarDays.FirstOrDefaultAsync(d => d.Calendar == name && d.Date == day, ct);
        if (calendar is null || existing is null) return TypedResults.NotFound();
        db.CalendarDays.Remove(existing);
        var now = clock.GetUtcNow().UtcDateTime;
        calendar.UpdatedAt = now;
        CalendarAudit.Record(db, actors.Current, name, CalendarAudit.DayRemoved, CalendarAudit.DayChange(existing.Date, existing, null)!, now);
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        await CalendarChanges.RescheduleAsync(db, name, sla, calendars, ct);
        return TypedResults.NoContent();
    }
}
