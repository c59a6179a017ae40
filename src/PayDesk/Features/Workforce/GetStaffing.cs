using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>Agents needed per interval of a day (Erlang C, shrinkage), the suggested roster and over/under-staffing; CSV on request.</summary>
internal static class GetStaffing
{
    public static async Task<Results<Ok<StaffingDay>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        string? date, string? format, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var day = errors.OptionalDate("date", date) ?? planner.Today;
        if (errors.Any) return errors.ToProblem();
        var staffing = await planner.StaffingAsync(day, ct);
        if (format == "csv")
        {
            var channels = staffing.Intervals.SelectMany(i => i.Contacts.Keys).Distinct().ToList();
            return Csv.File($"staffing-{day:yyyyMMdd}",
                ["interval_start_local", .. channels.Select(c => "contacts_" + EnumText.Name(c)), .. channels.Select(c => "agents_" + EnumText.Name(c)), "required", "rostered", "gap"],
                staffing.Intervals.Select(i => new object?[] { i.StartLocal }
                    .Concat(channels.Select(c => (object?)i.Contacts.GetValueOrDefault(c)))
                    .Concat(channels.Select(c => (object?)i.Agents.GetValueOrDefault(c)))
                    .Concat([i.Required, i.Rostered, i.Gap])));
        }
        return TypedResults.Ok(staffing);
    }
}
