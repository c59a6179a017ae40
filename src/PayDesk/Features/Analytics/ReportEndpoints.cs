using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Analytics;

internal static class ReportEndpoints
{
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReportQueries>();
        builder.Services.AddSingleton<SupervisorBoardSource>();
        return builder;
    }

    public static RouteGroupBuilder MapAnalytics(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Supervisor);
        const string filters = " Filters: from, to (dates, default the last 30 days), team, region, channel, category; format=csv exports.";
        MapReport(g, "summary", "ReportSummary",
            "Complaints, resolved share, escalation, reopen and first-contact resolution rates (also the regulator's disclosure figures)." + filters,
            (r, f, ct) => r.Reports.SummaryAsync(f, ct), report => new[] { report });
        g.MapGet("/volume", GetVolumeReport.HandleAsync).WithName("ReportVolume").WithSummary("Complaints by channel, category or team (by=…)." + filters);
        MapReport(g, "heatmap", "ReportHeatmap", "Complaints by local weekday and hour." + filters, (r, f, ct) => r.Reports.HeatmapAsync(f, ct),
            report => report.Counts.SelectMany((hours, day) => hours.Select((count, hour) => new RunReport.HeatmapCell(day + 1, hour, count))));
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
        g.MapGet("/followups", GetFollowUpReport.HandleAsync).WithName("ReportFollowUps")
            .WithSummary("Follow-up visits due in the period: completion rate, satisfied and problem-back shares." + filters);
        g.MapGet("/scorecards", GetScorecards.HandleAsync).WithName("ReportScorecards").WithSummary("Agent (by=agent) or team (by=team) scorecards, paged." + filters);
        return api;
    }

    // A report with only the shared filters: JSON, or CSV with one line per row.
    // The handler is built at run time: the Request Delegate Generator cannot write code for a generic method's lambda.
    private static void MapReport<T, TRow>(RouteGroupBuilder g, string path, string name, string summary,
        Func<RunReport.ReportRequest, ReportFilter, CancellationToken, Task<T>> run, Func<T, IEnumerable<TRow>> csvRows)
    {
        Delegate handler = ([AsParameters] RunReport.ReportRequest request, CancellationToken ct) => RunReport.RunAsync(request, path, f => run(request, f, ct), csvRows);
#pragma warning disable RDG002 // "generated at runtime" is the intent here
        g.MapGet("/" + path, handler).WithName(name).WithSummary(summary);
#pragma warning restore RDG002
    }
}
