using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

/// <summary>Service-hours calendars: read by staff; weekly hours, holidays and special hours edited and calendars added by admins, .ics in and out.</summary>
internal static class CalendarEndpoints
{
    public static RouteGroupBuilder MapCalendars(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calendars").WithTags("SLA").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListCalendars.HandleAsync).WithName("ListCalendars").WithSummary("The service-hours calendars.");
        group.MapPost("/", CreateCalendar.HandleAsync).RequireAuthorization(Policies.Admin).WithName("CreateCalendar")
            .WithSummary("A new calendar, copied with its weekly hours and dated exceptions from an existing one.");
        group.MapDelete("/{name}", DeleteCalendar.HandleAsync).RequireAuthorization(Policies.Admin).WithName("DeleteCalendar")
            .WithSummary("Remove an added calendar that no team, line or open service-level clock uses (built-in calendars stay).");
        group.MapPut("/{name}/hours", SaveWeeklyHours.HandleAsync).RequireAuthorization(Policies.Admin).WithName("SaveWeeklyHours")
            .WithSummary("A calendar's weekly opening hours, time zone and make-up-day hours; running clocks are re-scheduled.");
        group.MapGet("/{name}/days", ListCalendarDays.HandleAsync).WithName("CalendarDays").WithSummary("A calendar's holidays, special hours and make-up working days in a year.");
        group.MapGet("/{name}/due", GetCalendarDue.Handle).WithName("CalendarDue").WithSummary("When so many business minutes from an instant run out on this calendar.");
        group.MapGet("/{name}/export.ics", ExportCalendar.HandleAsync).WithName("ExportCalendar").WithSummary("The calendar's exceptions as iCalendar.");
        group.MapPut("/{name}/days/{date}", SetCalendarDay.HandleAsync).RequireAuthorization(Policies.Admin).WithName("SetCalendarDay")
            .WithSummary("Make a date a holiday, give it other hours, or make it a working day.");
        group.MapDelete("/{name}/days/{date}", DeleteCalendarDay.HandleAsync).RequireAuthorization(Policies.Admin).WithName("DeleteCalendarDay")
            .WithSummary("Return a date to the weekly hours.");
        group.MapPost("/{name}/import", ImportCalendar.HandleAsync).RequireAuthorization(Policies.Admin).WithName("ImportCalendar")
            .WithSummary("Add or replace exceptions from an iCalendar (.ics) body.").Accepts<string>("text/calendar");
        return api;
    }
}
