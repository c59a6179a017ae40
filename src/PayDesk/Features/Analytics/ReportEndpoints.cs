using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Analytics;

internal static class ReportEndpoints
{
    /// <summary>The longest period one report covers.</summary>
    public const int MaxDays = 400;

    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReportQueries>();
        return builder;
    }

    public static RouteGroupBuilder MapAnalytics(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Supervisor);
        const string filters = " Filters: from, to (dates, default the last 30 days), team, region, channel, category; format=csv exports.";
        MapReport(g, "summary", "ReportSummary",
            "Complaints, resolved share, escalation, reopen and first-contact resolution rates (also the regulator's disclosure figures)." + filters,
            (r, f, ct) => r.Reports.SummaryAsync(f, ct), report => new[] { report });
        g.MapGet("/volume", VolumeAsync).WithName("ReportVolume").WithSummary("Complaints by channel, category or team (by=…)." + filters);
        MapReport(g, "heatmap", "ReportHeatmap", "Complaints by local weekday and hour." + filters, (r, f, ct) => r.Reports.HeatmapAsync(f, ct),
            report => report.Counts.SelectMany((hours, day) => hours.Select((count, hour) => new HeatmapCell(day + 1, hour, count))));
        MapReport(g, "sla", "ReportSla", "Service-level compliance per target." + filters, (r, f, ct) => r.Reports.SlaAsync(f, ct), rows => rows);
        MapReport(g, "durations", "ReportDurations", "First-response and resolution time percentiles in business minutes." + filters,
            (r, f, ct) => r.Reports.DurationsAsync(f, ct), rows => rows);
        MapReport(g, "backlog", "ReportBacklog", "Open complaints now by age (period ignored)." + filters,
            (r, f, ct) => r.Reports.BacklogAsync(f, r.Clock.GetUtcNow().UtcDateTime, ct), rows => rows);
        MapReport(g, "satisfaction", "ReportSatisfaction", "CSAT, customer-reported first-contact resolution and NPS by week." + filters,
            (r, f, ct) => r.Reports.SatisfactionAsync(f, ct), rows => rows);
        MapReport(g, "root-causes", "ReportRootCauses", "Root causes of closed complaints with cumulative share (Pareto)." + filters,
            (r, f, ct) => r.Reports.RootCausesAsync(f, ct), rows => rows);
        MapReport(g, "disclosure", "ReportDisclosure",
            "Complaint statistics for disclosure per type: received, handled, within the regulator's deadline, median resolution hours." + filters,
            (r, f, ct) => r.Reports.DisclosureAsync(f, ct), rows => rows);
        g.MapGet("/scorecards", ScorecardsAsync).WithName("ReportScorecards").WithSummary("Agent (by=agent) or team (by=team) scorecards, paged." + filters);
        return api;
    }

    public sealed record FilterQuery(string? From, string? To, string? Team, string? Region, string? Channel, string? Category);

    /// <summary>Reads the shared filters; dates are local days of the service centre, the period ends at the end of "to".</summary>
    internal static ReportFilter? Parse(FilterQuery q, DateTime now, TimeZoneInfo zone, ValidationErrors errors)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var to = errors.OptionalDate("to", q.To) ?? today;
        var from = errors.OptionalDate("from", q.From) ?? to.AddDays(-29);
        if (from > to) errors.AddKey("to", "Validation.RangeOrder");
        else if (to.DayNumber - from.DayNumber >= MaxDays) errors.AddKey("from", "Report.PeriodTooLong", MaxDays);
        var channel = EnumText.Parse<TicketChannel>(q.Channel, "channel", errors);
        var category = EnumText.Parse<TicketCategory>(q.Category, "category", errors);
        errors.MaxLength("team", q.Team, 64);
        errors.MaxLength("region", q.Region, 64);
        if (errors.Any) return null;
        DateTime Utc(DateOnly d) => TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(TimeOnly.MinValue), zone);
        return new ReportFilter(Utc(from), Utc(to.AddDays(1)), Blank(q.Team), Blank(q.Region), channel, category);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>What every report endpoint binds: the shared filters, the format, and the services it runs with.</summary>
    internal sealed record ReportRequest(string? From, string? To, string? Team, string? Region, string? Channel, string? Category, string? Format,
        ReportQueries Reports, TimeProvider Clock, IStringLocalizer<SharedResource> L, Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> Workforce)
    {
        public FilterQuery Filters => new(From, To, Team, Region, Channel, Category);
    }

    // A report with only the shared filters: JSON, or CSV with one line per row.
    private static void MapReport<T, TRow>(RouteGroupBuilder g, string path, string name, string summary,
        Func<ReportRequest, ReportFilter, CancellationToken, Task<T>> run, Func<T, IEnumerable<TRow>> csvRows) =>
        g.MapGet("/" + path, ([AsParameters] ReportRequest request, CancellationToken ct) => RunAsync(request, path, f => run(request, f, ct), csvRows))
            .WithName(name).WithSummary(summary);

    private static async Task<Results<Ok<T>, FileContentHttpResult, ValidationProblem>> RunAsync<T, TRow>(
        ReportRequest request, string name, Func<ReportFilter, Task<T>> run, Func<T, IEnumerable<TRow>> csvRows, ValidationErrors? errors = null)
    {
        errors ??= new ValidationErrors(request.L);
        var filter = Parse(request.Filters, request.Clock.GetUtcNow().UtcDateTime, request.Workforce.Value.Zone, errors);
        if (request.Format is not (null or "json" or "csv")) errors.AddKey("format", "Report.Format");
        if (filter is null || errors.Any) return errors.ToProblem();
        var result = await run(filter);
        return request.Format == "csv" ? Csv.Records(name, csvRows(result)) : TypedResults.Ok(result);
    }

    public sealed record HeatmapCell(int IsoWeekday, int Hour, int Count);

    private static Task<Results<Ok<List<CountRow>>, FileContentHttpResult, ValidationProblem>> VolumeAsync(
        [AsParameters] ReportRequest request, string? by, CancellationToken ct)
    {
        var errors = new ValidationErrors(request.L);
        by ??= "channel";
        if (by is not ("channel" or "category" or "team")) errors.AddKey("by", "Report.VolumeBy");
        return RunAsync(request, "volume-by-" + by, f => request.Reports.VolumeAsync(f, by, ct), r => r, errors);
    }

    private static Task<Results<Ok<Paged<ScorecardRow>>, FileContentHttpResult, ValidationProblem>> ScorecardsAsync(
        [AsParameters] ReportRequest request, string? by, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(request.L);
        by ??= "agent";
        if (by is not ("agent" or "team")) errors.AddKey("by", "Report.ScorecardBy");
        var paging = PageRequest.From(page, pageSize, errors);
        // The CSV export carries every row; the JSON is paged like every list.
        return RunAsync(request, "scorecards-" + by, async f =>
        {
            var rows = await request.Reports.ScorecardsAsync(f, by, ct);
            return new Paged<ScorecardRow>(request.Format == "csv" ? rows : rows.Skip(paging.Skip).Take(paging.PageSize).ToList(), paging.Page, paging.PageSize, rows.Count);
        }, r => r.Items, errors);
    }
}
