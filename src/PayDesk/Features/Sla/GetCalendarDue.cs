using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>When so many business minutes from an instant run out on a calendar.</summary>
internal static class GetCalendarDue
{
    public sealed record DueResponse(string Calendar, DateTimeOffset From, int BusinessMinutes, DateTimeOffset Due);

    public static Results<Ok<DueResponse>, NotFound, ValidationProblem> Handle(
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
}
