using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>Add or replace a calendar's exceptions from an iCalendar (.ics) text; running clocks on it are re-scheduled.</summary>
internal static class ImportCalendar
{
    /// <param name="Days">Dates set from the file.</param>
    /// <param name="Outside">Dates in the file outside the years the calendars cover (2020–2040), not kept.</param>
    public sealed record ImportResponse(int Days, int Outside = 0);

    public static async Task<Results<Ok<ImportResponse>, NotFound, ValidationProblem>> HandleAsync(
        string name, HttpRequest http, AppDbContext db, Infrastructure.Security.ActorAccessor actors, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Body);
        return await ImportTextAsync(name, await reader.ReadToEndAsync(ct), db, actors.Current, calendars, sla, clock, l, ct);
    }

    public static async Task<Results<Ok<ImportResponse>, NotFound, ValidationProblem>> ImportTextAsync(
        string name, string text, AppDbContext db, Infrastructure.Security.Actor actor, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.Include(c => c.Days).FirstOrDefaultAsync(c => c.Name == name, ct);
        if (calendar is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        CalendarIcs.ImportedDays imported;
        try
        {
            imported = CalendarIcs.Import(text);
        }
        catch (FormatException ex)
        {
            errors.Add("body", l["Calendar.IcsInvalid", ex.Message]);
            return errors.ToProblem();
        }
        // Each date whose exception the file changed, from what to what: the audit entry names them.
        var changed = new System.Text.Json.Nodes.JsonArray();
        var days = imported.Days;
        var existing = calendar.Days.ToDictionary(d => d.Date);
        foreach (var one in days)
        {
            var day = existing.GetValueOrDefault(one.Date);
            var before = CalendarAudit.Day(day);
            if (day is null)
            {
                day = new CalendarDay { Calendar = name, Date = one.Date };
                calendar.Days.Add(day);
            }
            day.Kind = one.Kind;
            day.Hours = one.Hours;
            day.Label = one.Label;
            if (CalendarAudit.DayChange(day.Date, before, day) is { } change) changed.Add(change);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        calendar.UpdatedAt = now;
        if (changed.Count > 0)
        {
            CalendarAudit.Record(db, actor, name, CalendarAudit.Imported, new System.Text.Json.Nodes.JsonObject { ["days"] = days.Count, ["changed"] = changed }, now);
        }
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        await CalendarChanges.RescheduleAsync(db, name, sla, calendars, ct);
        return TypedResults.Ok(new ImportResponse(days.Count, imported.Outside));
    }
}
