using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Sla;

/// <summary>
/// Removes an added calendar nobody counts on: not a built-in one (the service-level policy's own targets name them), not
/// one a team works to or the hotline and chat answer on, and not one a complaint's open service-level clock counts on
/// (its deadline would silently move to the standard calendar). Its holidays and make-up days go with it.
/// </summary>
internal static class DeleteCalendar
{
    /// <summary>How many of the teams on it the refusal names.</summary>
    private const int TeamsNamed = 5;

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> HandleAsync(
        string name, AppDbContext db, Infrastructure.Security.ActorAccessor actors, TimeProvider clock, CalendarRegistry calendars, SlaPolicyStore sla, ICalendarTeams teamsOn, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.Name == name, ct);
        if (calendar is null) return TypedResults.NotFound();
        if (DefaultCalendars.Find(name) is not null) return Refused(l["Calendar.BuiltInKept", CalendarLabel.Of(name, l)]);
        var teams = await teamsOn.TeamsOnAsync(name, TeamsNamed + 1, ct);
        if (teams.Count > 0)
        {
            var named = string.Join(l["List.Separator"], teams.Take(TeamsNamed)) + (teams.Count > TeamsNamed ? "…" : "");
            return Refused(l["Calendar.UsedByTeams", name, named]);
        }
        if (sla.Current.LineCalendar == name) return Refused(l["Calendar.UsedByLines", name]);
        var open = await db.SlaClocks.CountAsync(c => c.Calendar == name && (c.Status == ClockStatus.Running || c.Status == ClockStatus.Paused), ct);
        if (open > 0) return Refused(l["Calendar.UsedByClocks", name, open]);

        db.ServiceCalendars.Remove(calendar); // its dated exceptions are removed with it (cascade)
        CalendarAudit.Record(db, actors.Current, name, Audit.AuditActions.Deleted, new System.Text.Json.Nodes.JsonObject
        {
            ["timeZone"] = calendar.TimeZone,
            ["days"] = await db.CalendarDays.CountAsync(d => d.Calendar == name, ct),
        }, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Refused(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);
}

/// <summary>The teams that work to a calendar (by name, at most <c>max</c>); answered by the feature that keeps the teams.</summary>
internal interface ICalendarTeams
{
    Task<IReadOnlyList<string>> TeamsOnAsync(string calendar, int max, CancellationToken ct);
}
