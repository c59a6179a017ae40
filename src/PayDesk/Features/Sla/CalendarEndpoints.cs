using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

/// <summary>Service-hours calendars: read by staff, holidays and special hours edited by admins, .ics in and out.</summary>
internal static class CalendarEndpoints
{
    public sealed record CalendarResponse(string Name, string TimeZone, bool AlwaysOpen, IReadOnlyDictionary<DayOfWeek, string[]> Weekly, string? WorkingDayHours, int Days);

    public sealed record DayResponse(DateOnly Date, DayExceptionKind Kind, string? Hours, string? Label);

    public sealed record DayRequest(DayExceptionKind? Kind, string? Hours, string? Label);

    public sealed record DueResponse(string Calendar, DateTimeOffset From, int BusinessMinutes, DateTimeOffset Due);

    public sealed record ImportResponse(int Days);

    public static RouteGroupBuilder MapCalendars(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calendars").WithTags("SLA").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListAsync).WithName("ListCalendars").WithSummary("The service-hours calendars.");
        group.MapGet("/{name}/days", DaysAsync).WithName("CalendarDays").WithSummary("A calendar's holidays, special hours and make-up working days in a year.");
        group.MapGet("/{name}/due", Due).WithName("CalendarDue").WithSummary("When so many business minutes from an instant run out on this calendar.");
        group.MapGet("/{name}/export.ics", ExportAsync).WithName("ExportCalendar").WithSummary("The calendar's exceptions as iCalendar.");
        group.MapPut("/{name}/days/{date}", SetDayAsync).RequireAuthorization(Policies.Admin).WithName("SetCalendarDay")
            .WithSummary("Make a date a holiday, give it other hours, or make it a working day.");
        group.MapDelete("/{name}/days/{date}", DeleteDayAsync).RequireAuthorization(Policies.Admin).WithName("DeleteCalendarDay")
            .WithSummary("Return a date to the weekly hours.");
        group.MapPost("/{name}/import", ImportAsync).RequireAuthorization(Policies.Admin).WithName("ImportCalendar")
            .WithSummary("Add or replace exceptions from an iCalendar (.ics) body.").Accepts<string>("text/calendar");
        return api;
    }

    private static async Task<Ok<List<CalendarResponse>>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        var calendars = await db.ServiceCalendars.AsNoTracking().Include(c => c.Days).OrderBy(c => c.Name).ToListAsync(ct);
        return TypedResults.Ok(calendars.Select(c =>
        {
            var d = c.ToDefinition();
            return new CalendarResponse(c.Name, c.TimeZone, c.AlwaysOpen, d.Weekly.ToDictionary(w => w.Key, w => w.Value.Select(i => i.ToString()).ToArray()), c.WorkingDayHours, c.Days.Count);
        }).ToList());
    }

    internal static async Task<Results<Ok<List<DayResponse>>, NotFound, ValidationProblem>> DaysAsync(
        string name, int? year, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!await db.ServiceCalendars.AnyAsync(c => c.Name == name, ct)) return TypedResults.NotFound();
        var y = year ?? clock.GetUtcNow().Year;
        if (y < CalendarCache.FirstDay.Year || y > CalendarCache.LastDay.Year)
        {
            var errors = new ValidationErrors(l);
            errors.AddKey("year", "Calendar.OutOfRange");
            return errors.ToProblem();
        }
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var days = await db.CalendarDays.AsNoTracking().Where(d => d.Calendar == name && d.Date >= from && d.Date <= to).OrderBy(d => d.Date)
            .Select(d => new DayResponse(d.Date, d.Kind, d.Hours, d.Label)).ToListAsync(ct);
        return TypedResults.Ok(days);
    }

    private static Results<Ok<DueResponse>, NotFound, ValidationProblem> Due(
        string name, DateTimeOffset? from, int? businessMinutes, CalendarRegistry calendars, IStringLocalizer<SharedResource> l)
    {
        if (!calendars.Exists(name)) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (from is null) errors.AddKey("from", "Validation.Required");
        if (businessMinutes is null or < 0) errors.AddKey("businessMinutes", "Calendar.Minutes");
        if (errors.Any) return errors.ToProblem();
        var calendar = calendars.Get(name);
        try
        {
            var due = calendar.Add(from!.Value.UtcDateTime, TimeSpan.FromMinutes(businessMinutes!.Value));
            return TypedResults.Ok(new DueResponse(name, from.Value, businessMinutes.Value, calendar.ToLocal(due)));
        }
        catch (ArgumentOutOfRangeException)
        {
            errors.AddKey("from", "Calendar.OutOfRange");
            return errors.ToProblem();
        }
    }

    private static async Task<Results<ContentHttpResult, NotFound>> ExportAsync(string name, AppDbContext db, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.AsNoTracking().Include(c => c.Days).FirstOrDefaultAsync(c => c.Name == name, ct);
        return calendar is null ? TypedResults.NotFound() : TypedResults.Text(CalendarIcs.Export(calendar), "text/calendar; charset=utf-8");
    }

    internal static async Task<Results<Ok<DayResponse>, NotFound, ValidationProblem>> SetDayAsync(
        string name, string date, DayRequest request, AppDbContext db, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.Name == name, ct);
        if (calendar is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        var day = ParseDate(date, errors);
        if (request.Kind is null) errors.AddKey("kind", "Validation.Required");
        if (!string.IsNullOrWhiteSpace(request.Hours) && CalendarDay.TryParseHours(request.Hours) is null) errors.AddKey("hours", "Calendar.Hours");
        if (request.Kind == DayExceptionKind.Hours && string.IsNullOrWhiteSpace(request.Hours)) errors.AddKey("hours", "Validation.Required");
        errors.MaxLength("label", request.Label, 100);
        if (errors.Any) return errors.ToProblem();

        var existing = await db.CalendarDays.FirstOrDefaultAsync(d => d.Calendar == name && d.Date == day, ct);
        if (existing is null)
        {
            existing = new CalendarDay { Calendar = name, Date = day!.Value };
            db.CalendarDays.Add(existing);
        }
        existing.Kind = request.Kind!.Value;
        existing.Hours = string.IsNullOrWhiteSpace(request.Hours) ? null : request.Hours.Trim();
        existing.Label = request.Label?.Trim();
        calendar.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        await CalendarChanges.RescheduleAsync(db, name, sla, calendars, ct);
        return TypedResults.Ok(new DayResponse(existing.Date, existing.Kind, existing.Hours, existing.Label));
    }

    internal static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteDayAsync(
        string name, string date, AppDbContext db, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var day = ParseDate(date, errors);
        if (errors.Any) return errors.ToProblem();
        var calendar = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.Name == name, ct);
        var existing = await db.CalendarDays.FirstOrDefaultAsync(d => d.Calendar == name && d.Date == day, ct);
        if (calendar is null || existing is null) return TypedResults.NotFound();
        db.CalendarDays.Remove(existing);
        calendar.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        await CalendarChanges.RescheduleAsync(db, name, sla, calendars, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<ImportResponse>, NotFound, ValidationProblem>> ImportAsync(
        string name, HttpRequest http, AppDbContext db, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Body);
        return await ImportTextAsync(name, await reader.ReadToEndAsync(ct), db, calendars, sla, clock, l, ct);
    }

    internal static async Task<Results<Ok<ImportResponse>, NotFound, ValidationProblem>> ImportTextAsync(
        string name, string text, AppDbContext db, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
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
        foreach (var imported in days)
        {
            var day = calendar.Days.FirstOrDefault(d => d.Date == imported.Date);
            if (day is null)
            {
                day = new CalendarDay { Calendar = name, Date = imported.Date };
                calendar.Days.Add(day);
            }
            day.Kind = imported.Kind;
            day.Hours = imported.Hours;
            day.Label = imported.Label;
        }
        calendar.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        await CalendarChanges.RescheduleAsync(db, name, sla, calendars, ct);
        return TypedResults.Ok(new ImportResponse(days.Count));
    }

    private static DateOnly? ParseDate(string text, ValidationErrors errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date >= CalendarCache.FirstDay && date <= CalendarCache.LastDay)
        {
            return date;
        }
        errors.AddKey("date", "Calendar.Date");
        return null;
    }
}
