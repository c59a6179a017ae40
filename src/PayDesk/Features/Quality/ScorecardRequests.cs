using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <summary>The scorecards over the API: week rows (paged; CSV carries every row) and the items that lose most points.</summary>
internal static class ScorecardRequests
{
    /// <summary>What the scorecard routes bind from the query string.</summary>
    internal sealed record Query
    {
        public string? From { get; init; }
        public string? To { get; init; }
        public string? By { get; init; }
        public string? Agent { get; init; }
        public string? Team { get; init; }
        public string? Kind { get; init; }
        public string? Format { get; init; }
        public int? Page { get; init; }
        public int? PageSize { get; init; }
    }

    public static async Task<Results<Ok<Paged<ScorecardWeek>>, FileContentHttpResult, ValidationProblem>> WeeksAsync(
        [AsParameters] Query q, ScorecardQuery scorecards, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var filter = Parse(q, actors.Current, clock, errors);
        var paging = PageRequest.From(q.Page, q.PageSize, errors);
        if (filter is null || errors.Any) return errors.ToProblem();
        var report = await scorecards.RunAsync(filter, ct);
        if (q.Format == "csv") return Csv.Records("quality-scorecards-" + filter.By, report.Rows);
        return TypedResults.Ok(new Paged<ScorecardWeek>(report.Rows.Skip(paging.Skip).Take(paging.PageSize).ToList(), paging.Page, paging.PageSize, report.Rows.Count));
    }

    public static async Task<Results<Ok<IReadOnlyList<ScorecardItemLoss>>, FileContentHttpResult, ValidationProblem>> ItemsAsync(
        [AsParameters] Query q, ScorecardQuery scorecards, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var filter = Parse(q, actors.Current, clock, errors);
        if (filter is null || errors.Any) return errors.ToProblem();
        var report = await scorecards.RunAsync(filter, ct);
        if (q.Format == "csv") return Csv.Records("quality-item-losses", report.Losses);
        return TypedResults.Ok(report.Losses);
    }

    private static ScorecardQuery.Filter? Parse(Query q, Actor actor, TimeProvider clock, ValidationErrors errors)
    {
        if (q.Format is not (null or "json" or "csv")) errors.AddKey("format", "Report.Format");
        return ScorecardQuery.Parse(q.From, q.To, q.By, q.Agent, q.Team, q.Kind, actor, clock.GetUtcNow().UtcDateTime, errors);
    }
}
