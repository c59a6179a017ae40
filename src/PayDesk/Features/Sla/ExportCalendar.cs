using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Sla;

/// <summary>A calendar's exceptions as iCalendar.</summary>
internal static class ExportCalendar
{
    public static async Task<Results<ContentHttpResult, NotFound>> HandleAsync(string name, AppDbContext db, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.AsNoTracking().Include(c => c.Days).FirstOrDefaultAsync(c => c.Name == name, ct);
        return calendar is null ? TypedResults.NotFound() : TypedResults.Text(CalendarIcs.Export(calendar), "text/calendar; charset=utf-8");
    }
}
