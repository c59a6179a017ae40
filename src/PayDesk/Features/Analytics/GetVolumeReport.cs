using Microsoft.AspNetCore.Http.HttpResults;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Analytics;

/// <summary>Complaints by channel, category or team.</summary>
internal static class GetVolumeReport
{
    public static Task<Results<Ok<List<CountRow>>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        [AsParameters] RunReport.ReportRequest request, string? by, CancellationToken ct)
    {
        var errors = new ValidationErrors(request.L);
        by ??= "channel";
        if (by is not ("channel" or "category" or "team")) errors.AddKey("by", "Report.VolumeBy");
        return RunReport.RunAsync(request, "volume-by-" + by, f => request.Reports.VolumeAsync(f, by, ct), r => r, errors);
    }
}
