using Microsoft.AspNetCore.Http.HttpResults;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Analytics;

/// <summary>Agent or team scorecards, paged (the CSV export carries every row).</summary>
internal static class GetScorecards
{
    public static Task<Results<Ok<Paged<ScorecardRow>>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        [AsParameters] RunReport.ReportRequest request, string? by, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(request.L);
        by ??= "agent";
        if (by is not ("agent" or "team")) errors.AddKey("by", "Report.ScorecardBy");
        var paging = PageRequest.From(page, pageSize, errors);
        // The CSV export carries every row; the JSON is paged like every list.
        return RunReport.RunAsync(request, "scorecards-" + by, async f =>
        {
            var rows = await request.Reports.ScorecardsAsync(f, by, ct);
            return new Paged<ScorecardRow>(request.Format == "csv" ? rows : rows.Skip(paging.Skip).Take(paging.PageSize).ToList(), paging.Page, paging.PageSize, rows.Count);
        }, r => r.Items, errors);
    }
}
