using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>Contacts per 30-minute interval for up to 28 days, with the actual where known; CSV on request.</summary>
internal static class GetForecast
{
    public static async Task<Results<Ok<ForecastSeries>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        string? channel, string? from, int? days, string? format, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var ch = EnumText.Parse<TicketChannel>(channel, "channel", errors);
        if (string.IsNullOrWhiteSpace(channel)) errors.AddKey("channel", "Validation.Required");
        var start = errors.OptionalDate("from", from) ?? planner.Today;
        var count = days ?? 7;
        if (count is < 1 or > WorkforcePlanner.MaxDays) errors.AddKey("days", "Workforce.DaysRange", WorkforcePlanner.MaxDays);
        if (errors.Any) return errors.ToProblem();
        var series = await planner.ForecastAsync(ch!.Value, start, count, ct);
        if (format == "csv")
        {
            return Csv.File($"forecast-{EnumText.Name(ch.Value)}-{start:yyyyMMdd}", ["interval_start_utc", "interval_start_local", "forecast", "actual"],
                series.Intervals.Select(i => new object?[] { i.StartUtc, i.StartLocal, i.Forecast, i.Actual }));
        }
        return TypedResults.Ok(series);
    }
}
