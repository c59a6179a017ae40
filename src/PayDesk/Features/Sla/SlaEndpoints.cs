using PayDesk.Components;
using PayDesk.Features.Complaints;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

internal static class SlaEndpoints
{
    public static IHostApplicationBuilder AddSla(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SlaOptions>().Bind(builder.Configuration.GetSection("Sla"))
            .Validate(o => o.AtRiskShare is > 0 and < 1, "Sla:AtRiskShare must be between 0 and 1.")
            .Validate(o => o.RegulatoryWorkingDays is >= 1 and <= 20, "Sla:RegulatoryWorkingDays must be 1–20.")
            .Validate(o => o.Regulation is "china" or "psd2", "Sla:Regulation must be 'china' or 'psd2'.")
            .Validate(o => o.SchemeDeadlineDays is >= 1 and <= 180, "Sla:SchemeDeadlineDays must be 1–180.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.LineCalendar), "Sla:LineCalendar must name a calendar.")
            .Validate(o => o.EvaluatorIntervalSeconds is > 0 and <= 3600, "Sla:EvaluatorIntervalSeconds must be 1–3600.")
            .ValidateOnStart();
        builder.Services.AddScoped<SlaClocks>();
        builder.Services.AddScoped<IComplaintObserver>(sp => sp.GetRequiredService<SlaClocks>());
        builder.Services.AddScoped<IComplaintRiskSource>(sp => sp.GetRequiredService<SlaClocks>());
        builder.Services.AddPagePanel<Pages.SlaPanel, ComplaintPanelContext>(ComplaintPanelPlace.StaffBeforeActions, 10, c => new Dictionary<string, object?> { ["TicketId"] = c.TicketId });
        builder.Services.AddSingleton<CalendarRegistry>();
        builder.Services.AddSingleton<SlaPolicyStore>();
        builder.Services.AddHostedService<CalendarRefreshService>();
        builder.Services.AddSingleton<SlaEvaluator>();
        builder.Services.AddHostedService<SlaEvaluatorService>();
        return builder;
    }

    /// <summary>A complaint's clocks, on the complaints' <c>/tickets</c> group.</summary>
    public static RouteGroupBuilder MapTicketClocks(this RouteGroupBuilder tickets)
    {
        tickets.MapGet("/{id}/sla", GetTicketClocks.HandleAsync).WithTags("SLA").RequireAuthorization(Policies.Staff)
            .WithName("TicketClocks").WithSummary("A complaint's service-level clocks.");
        return tickets;
    }

    public static RouteGroupBuilder MapSla(this RouteGroupBuilder api)
    {
        var sla = api.MapGroup("/sla").WithTags("SLA").RequireAuthorization(Policies.Staff);
        sla.MapGet("/policy", (SlaPolicyStore store) => TypedResults.Ok(store.Current)).WithName("SlaPolicy").WithSummary("The service-level targets in force.");
        sla.MapPut("/policy", SaveSlaPolicy.HandleAsync).RequireAuthorization(Policies.Admin).WithName("SaveSlaPolicy")
            .WithSummary("Change the targets; new complaints and re-targets use them, running clocks keep theirs.");
        sla.MapGet("/breaches", (AppDbContext db, IStringLocalizer<SharedResource> l, TimeProvider clock, int? page, int? pageSize, CancellationToken ct) =>
            ListSlaQueue.HandleAsync(db, l, clock, breached: true, page, pageSize, ct)).WithName("SlaBreaches").WithSummary("Open complaints with a breached clock: the escalation queue.");
        sla.MapGet("/at-risk", (AppDbContext db, IStringLocalizer<SharedResource> l, TimeProvider clock, int? page, int? pageSize, CancellationToken ct) =>
            ListSlaQueue.HandleAsync(db, l, clock, breached: false, page, pageSize, ct)).WithName("SlaAtRisk")
            .WithSummary("Running clocks past their at-risk point or under an hour from due (as the inbox colours them), soonest due first.");
        return api;
    }
}
