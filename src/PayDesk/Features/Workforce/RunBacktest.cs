using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>Forecast accuracy (MAPE, WAPE) on held-back weeks against the seasonal-naive forecast.</summary>
internal static class RunBacktest
{
    public static async Task<Results<Ok<List<BacktestResult>>, ValidationProblem>> HandleAsync(
        int? weeks, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (weeks is < 1 or > 12) errors.AddKey("weeks", "Workforce.WeeksRange");
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await planner.BacktestAsync(weeks ?? 4, null, ct));
    }
}
