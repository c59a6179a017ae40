using Microsoft.AspNetCore.Http.HttpResults;
using PayDesk.Features.FollowUps;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Analytics;

/// <summary>Follow-up visits due in the period: completion rate and the satisfied / problem-back / unreachable shares (team filter applies).</summary>
internal static class GetFollowUpReport
{
    public static Task<Results<Ok<FollowUpFiguresRow>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        [AsParameters] RunReport.ReportRequest request, IFollowUpFigures figures, CancellationToken ct) =>
        RunReport.RunAsync(request, "followups", f => figures.ForPeriodAsync(f.From, f.To, f.Team, ct), row => new[] { row });
}
