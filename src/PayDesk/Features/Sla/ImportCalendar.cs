using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>Add or replace a calendar's exceptions from an iCalendar (.ics) text; running clocks on it are re-scheduled.</summary>
internal static class ImportCalendar
{
    public sealed record ImportResponse(int Days);

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
        IReadOnlyList<CalendarIcs.ImportedDay> days = [];
        try
        {
            days = CalendarIcs.Import(text);
        }
        catch (FormatException ex)
        {
            errors.Add("body", l["Calendar.IcsInvalid", ex.Message]);
            return errors.ToProblem();
        }
        // Each date whose exception the file changed, from what to what: the audit entry names them.
        var changed = new System.Text.Json.Nodes.JsonArray();
        foreach (var imported in days)
        {
            var day = calendar.Days.FirstOrDefault(d => d.Date == imported.Date);
            var before = CalendarAudit.Day(day);
            if (day is null)
            {
                day = new CalendarDay { Calendar = name, Date = imported.Date };
                calendar.Days.Add(day);
            }
            day.Kind = imported.Kind;
            day.Hours = imported.Hours;
            day.Label = imported.Label;
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
        return TypedResults.Ok(new ImportResponse(days.Count));
    }
}
