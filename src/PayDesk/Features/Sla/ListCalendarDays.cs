using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>A calendar's holidays, special hours and make-up working days in one year.</summary>
internal static class ListCalendarDays
{
    public sealed record DayResponse(DateOnly Date, DayExceptionKind Kind, string? Hours, string? Label);

    public static async Task<Results<Ok<List<DayResponse>>, NotFound, ValidationProblem>> HandleAsync(
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

    /// <summary>A date in a path: yyyy-MM-dd within the years the calendars cover.</summary>
    internal static DateOnly? ParseDate(string text, ValidationErrors errors)
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
