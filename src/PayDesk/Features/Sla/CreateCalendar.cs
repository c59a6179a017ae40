using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>
/// A new service-hours calendar (a night team's, a branch in another time zone), copied from an existing one with its
/// weekly hours and every dated exception, so the statutory holidays come along; then edited like any other.
/// </summary>
internal static class CreateCalendar
{
    public sealed record CreateRequest(string? Name, string? CopyFrom);

    /// <summary>Letters (Chinese too), digits, '-' and '_': the name is a key in addresses, teams and clocks.</summary>
    public const int MaxNameLength = 32;

    public static async Task<Results<Created<ListCalendars.CalendarResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateRequest request, AppDbContext db, Infrastructure.Security.ActorAccessor actors, CalendarRegistry calendars, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var name = request.Name?.Trim() ?? "";
        if (errors.Required("name", name) && (name.Length > MaxNameLength || !name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.AddKey("name", "Calendar.Name", MaxNameLength);
        }
        var from = string.IsNullOrWhiteSpace(request.CopyFrom) ? DefaultCalendars.Standard : request.CopyFrom.Trim();
        var source = await db.ServiceCalendars.AsNoTracking().Include(c => c.Days).FirstOrDefaultAsync(c => c.Name == from, ct);
        if (source is null) errors.AddKey("copyFrom", "Routing.UnknownCalendar");
        if (errors.Any) return errors.ToProblem();
        // "Night" and "night" would read as one calendar to a person: refused alike on SQLite and PostgreSQL.
        if (await db.ServiceCalendars.AnyAsync(c => c.Name.ToLower() == name.ToLower(), ct))
        {
            return TypedResults.Problem(l["Calendar.Exists", name], statusCode: StatusCodes.Status409Conflict);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = ServiceCalendar.From(source!.ToDefinition() with { Name = name }, now);
        db.ServiceCalendars.Add(copy);
        CalendarAudit.Record(db, actors.Current, name, Audit.AuditActions.Created, new System.Text.Json.Nodes.JsonObject
        {
            ["copyFrom"] = from, ["copyFromBuiltIn"] = DefaultCalendars.Find(from) is not null,
        }, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same name created a moment ago (a double click, another admin): the first one stands.
            return TypedResults.Problem(l["Calendar.Exists", name], statusCode: StatusCodes.Status409Conflict);
        }
        await calendars.ReloadAsync(ct, force: true);
        return TypedResults.Created($"/api/v1/calendars/{Uri.EscapeDataString(name)}", ListCalendars.ToResponse(copy));
    }
}
