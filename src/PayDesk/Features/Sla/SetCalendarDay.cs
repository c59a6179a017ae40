using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

/// <summary>Make a date a holiday, give it other hours, or make it a working day; running clocks on the calendar are re-scheduled.</summary>
internal static class SetCalendarDay
{
    public sealed record DayRequest(DayExceptionKind? Kind, string? Hours, string? Label);

    public static async Task<Results<Ok<ListCalendarDays.DayResponse>, NotFound, ValidationProblem>> HandleAsync(
        string name, string date, DayRequest request, AppDbContext db, ActorAccessor actors, CalendarRegistry calendars, SlaPolicyStore sla, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.Name == name, ct);
        if (calendar is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        var day = ListCalendarDays.ParseDate(date, errors);
        if (request.Kind is null) errors.AddKey("kind", "Validation.Required");
        EnumText.Defined(request.Kind, "kind", errors);
        if (!string.IsNullOrWhiteSpace(request.Hours) && CalendarDay.TryParseHours(request.Hours) is null) errors.AddKey("hours", "Calendar.Hours");
        if (request.Kind == DayExceptionKind.Hours && string.IsNullOrWhiteSpace(request.Hours)) errors.AddKey("hours", "Validation.Required");
        errors.MaxLength("label", request.Label, 100);
        errors.MaxLength("hours", request.Hours, 200);
        if (errors.Any) return errors.ToProblem();

        var existing = await db.CalendarDays.FirstOrDefaultAsync(d => d.Calendar == name && d.Date == day, ct);
        var before = CalendarAudit.Day(existing);
        if (existing is null)
        {
            existing = new CalendarDay { Calendar = name, Date = day!.Value };
            db.CalendarDays.Add(existing);
        }
        existing.Kind = request.Kind!.Value;
        existing.Hours = string.IsNullOrWhiteSpace(request.Hours) ? null : request.Hours.Trim();
        existing.Label = Infrastructure.Security.PersonalNumbers.MaskText(request.Label?.Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        calendar.UpdatedAt = now;
        if (CalendarAudit.DayChange(existing.Date, before, existing) is { } change) CalendarAudit.Record(db, actors.Current, name, CalendarAudit.DaySet, change, now);
        await db.SaveChangesAsync(ct);
        await calendars.ReloadAsync(ct, force: true);
        await CalendarChanges.RescheduleAsync(db, name, sla, calendars, ct);
        return TypedResults.Ok(new ListCalendarDays.DayResponse(existing.Date, existing.Kind, existing.Hours, existing.Label));
    }
}
