using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Tickets;
using PayDesk.Infrastructure.Http;

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
        g.MapGet("/summary", SummaryAsync).WithName("ReportSummary")
            .WithSummary("Complaints, resolved share, escalation, reopen and first-contact resolution rates (also the regulator's disclosure figures)." + filters);
        g.MapGet("/volume", VolumeAsync).WithName("ReportVolume").WithSummary("Complaints by channel, category or team (by=…)." + filters);
        g.MapGet("/heatmap", HeatmapAsync).WithName("ReportHeatmap").WithSummary("Complaints by local weekday and hour." + filters);
        g.MapGet("/sla", SlaAsync).WithName("ReportSla").WithSummary("Service-level compliance per target." + filters);
        g.MapGet("/durations", DurationsAsync).WithName("ReportDurations").WithSummary("First-response and resolution time percentiles in business minutes." + filters);
        g.MapGet("/backlog", BacklogAsync).WithName("ReportBacklog").WithSummary("Open complaints now by age (period ignored)." + filters);
        g.MapGet("/satisfaction", SatisfactionAsync).WithName("ReportSatisfaction").WithSummary("CSAT, customer-reported first-contact resolution and NPS by week." + filters);
        g.MapGet("/root-causes", RootCausesAsync).WithName("ReportRootCauses").WithSummary("Root causes of closed complaints with cumulative share (Pareto)." + filters);
        g.MapGet("/disclosure", DisclosureAsync).WithName("ReportDisclosure")
            .WithSummary("Complaint statistics for disclosure per type: received, handled, within the regulator's deadline, median resolution hours." + filters);
        g.MapGet("/scorecards", ScorecardsAsync).WithName("ReportScorecards").WithSummary("Agent (by=agent) or team (by=team) scorecards, paged." + filters);
        return api;
    }

    public sealed record FilterQuery(string? From, string? To, string? Team, string? Region, string? Channel, string? Category);

    /// <summary>Reads the shared filters; dates are local days of the service centre, the period ends at the end of "to".</summary>
    internal static ReportFilter? Parse(FilterQuery q, DateTime now, TimeZoneInfo zone, ValidationErrors errors)
    {
        DateOnly? Date(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors.AddKey(field, "Validation.Date");
            return null;
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var to = Date(q.To, "to") ?? today;
        var from = Date(q.From, "from") ?? to.AddDays(-29);
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

    private static async Task<Results<Ok<T>, FileContentHttpResult, ValidationProblem>> RunAsync<T, TRow>(
        FilterQuery query, string? format, string name, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, Func<ReportFilter, Task<T>> run, Func<T, IEnumerable<TRow>> csvRows,
        ValidationErrors? errors = null)
    {
        errors ??= new ValidationErrors(l);
        var filter = Parse(query, clock.GetUtcNow().UtcDateTime, workforce.Value.Zone, errors);
        if (format is not (null or "json" or "csv")) errors.AddKey("format", "Report.Format");
        if (filter is null || errors.Any) return errors.ToProblem();
        var result = await run(filter);
        return format == "csv" ? Csv.Records(name, csvRows(result)) : TypedResults.Ok(result);
    }

    private static Task<Results<Ok<SummaryReport>, FileContentHttpResult, ValidationProblem>> SummaryAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "summary", reports, clock, l, workforce, f => reports.SummaryAsync(f, ct), r => new[] { r });

    private static Task<Results<Ok<List<CountRow>>, FileContentHttpResult, ValidationProblem>> VolumeAsync(
        [AsParameters] FilterQuery query, string? by, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        by ??= "channel";
        if (by is not ("channel" or "category" or "team")) errors.AddKey("by", "Report.VolumeBy");
        return RunAsync(query, format, "volume-by-" + by, reports, clock, l, workforce, f => reports.VolumeAsync(f, by, ct), r => r, errors);
    }

    private static Task<Results<Ok<HeatmapReport>, FileContentHttpResult, ValidationProblem>> HeatmapAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "heatmap", reports, clock, l, workforce, f => reports.HeatmapAsync(f, ct),
            r => r.Counts.SelectMany((hours, day) => hours.Select((count, hour) => new HeatmapCell(day + 1, hour, count))));

    public sealed record HeatmapCell(int IsoWeekday, int Hour, int Count);

    private static Task<Results<Ok<List<SlaRow>>, FileContentHttpResult, ValidationProblem>> SlaAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "sla", reports, clock, l, workforce, f => reports.SlaAsync(f, ct), r => r);

    private static Task<Results<Ok<List<DurationRow>>, FileContentHttpResult, ValidationProblem>> DurationsAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "durations", reports, clock, l, workforce, f => reports.DurationsAsync(f, ct), r => r);

    private static Task<Results<Ok<List<AgeingRow>>, FileContentHttpResult, ValidationProblem>> BacklogAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "backlog", reports, clock, l, workforce, f => reports.BacklogAsync(f, clock.GetUtcNow().UtcDateTime, ct), r => r);

    private static Task<Results<Ok<List<SatisfactionRow>>, FileContentHttpResult, ValidationProblem>> SatisfactionAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "satisfaction", reports, clock, l, workforce, f => reports.SatisfactionAsync(f, ct), r => r);

    private static Task<Results<Ok<List<ParetoRow>>, FileContentHttpResult, ValidationProblem>> RootCausesAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "root-causes", reports, clock, l, workforce, f => reports.RootCausesAsync(f, ct), r => r);

    private static Task<Results<Ok<List<DisclosureRow>>, FileContentHttpResult, ValidationProblem>> DisclosureAsync(
        [AsParameters] FilterQuery query, string? format, ReportQueries reports, TimeProvider clock, IStringLocalizer<SharedResource> l,
        Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct) =>
        RunAsync(query, format, "disclosure", reports, clock, l, workforce, f => reports.DisclosureAsync(f, ct), r => r);

    private static Task<Results<Ok<Paged<ScorecardRow>>, FileContentHttpResult, ValidationProblem>> ScorecardsAsync(
        [AsParameters] FilterQuery query, string? by, int? page, int? pageSize, string? format, ReportQueries reports, TimeProvider clock,
        IStringLocalizer<SharedResource> l, Microsoft.Extensions.Options.IOptions<Workforce.WorkforceOptions> workforce, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        by ??= "agent";
        if (by is not ("agent" or "team")) errors.AddKey("by", "Report.ScorecardBy");
        var paging = PageRequest.From(page, pageSize, errors);
        // The CSV export carries every row; the JSON is paged like every list.
        return RunAsync(query, format, "scorecards-" + by, reports, clock, l, workforce, async f =>
        {
            var rows = await reports.ScorecardsAsync(f, by, ct);
            return new Paged<ScorecardRow>(format == "csv" ? rows : rows.Skip(paging.Skip).Take(paging.PageSize).ToList(), paging.Page, paging.PageSize, rows.Count);
        }, r => r.Items, errors);
    }
}
