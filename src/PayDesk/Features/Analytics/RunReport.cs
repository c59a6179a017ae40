using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Analytics;

/// <summary>Runs one report: reads the shared filters and the format, answers JSON or CSV.</summary>
internal static class RunReport
{
    /// <summary>What every report endpoint binds: the shared filters, the format, and the services it runs with.</summary>
    // Properties rather than a positional record: the Request Delegate Generator writes typeof(string?) for nullable
    // constructor parameters of an [AsParameters] type, which does not compile.
    internal sealed record ReportRequest
    {
        public string? From { get; init; }
        public string? To { get; init; }
        public string? Team { get; init; }
        public string? Region { get; init; }
        public string? Channel { get; init; }
        public string? Category { get; init; }
        public string? Format { get; init; }
        [FromServices] public required ReportQueries Reports { get; init; }
        [FromServices] public required TimeProvider Clock { get; init; }
        [FromServices] public required IStringLocalizer<SharedResource> L { get; init; }
        [FromServices] public required Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> Workforce { get; init; }

        public ReportFilter.Query Filters => new(From, To, Team, Region, Channel, Category);
    }

    /// <summary>A cell of the heatmap's CSV: local ISO weekday, hour, complaints.</summary>
    public sealed record HeatmapCell(int IsoWeekday, int Hour, int Count);

    public static async Task<Results<Ok<T>, FileContentHttpResult, ValidationProblem>> RunAsync<T, TRow>(
        ReportRequest request, string name, Func<ReportFilter, Task<T>> run, Func<T, IEnumerable<TRow>> csvRows, ValidationErrors? errors = null)
    {
        errors ??= new ValidationErrors(request.L);
        var filter = ReportFilter.Parse(request.Filters, request.Clock.GetUtcNow().UtcDateTime, request.Workforce.Value.Zone, errors);
        if (request.Format is not (null or "json" or "csv")) errors.AddKey("format", "Report.Format");
        if (filter is null || errors.Any) return errors.ToProblem();
        var result = await run(filter);
        return request.Format == "csv" ? Csv.Records(name, csvRows(result)) : TypedResults.Ok(result);
    }
}
