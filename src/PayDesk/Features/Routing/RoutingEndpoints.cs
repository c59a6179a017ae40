using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Routing;

internal static class RoutingEndpoints
{
    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoutingDispatcher>();
        builder.Services.AddScoped<Complaints.IAgentTeams, AgentTeams>();
        builder.Services.AddScoped<Sla.ICalendarTeams, CalendarTeams>();
        builder.Services.AddHostedService<RoutingDispatchService>();
        return builder;
    }

    public static RouteGroupBuilder MapRouting(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Routing").RequireAuthorization(Policies.Staff);
        group.MapPut("/me/presence", SetPresence.HandleAsync).WithName("SetPresence").WithSummary("Go online, away or offline; nothing is routed to an agent who is not online.");
        group.MapGet("/routing/overview", GetRoutingOverview.HandleAsync).WithName("RoutingOverview").WithSummary("Per queue: waiting, oldest wait, at risk; agents by presence and load.");
        group.MapGet("/teams", ListTeams.HandleAsync).WithName("ListTeams").WithSummary("Teams and the queues they work.");
        group.MapPut("/teams/{name}", SaveTeam.HandleAsync).RequireAuthorization(Policies.Admin).WithName("SaveTeam")
            .WithSummary("Create or change a team: region, calendar, categories, channels, routing strategy.");
        group.MapGet("/agents/{userId:guid}/profile", GetAgentProfile.HandleAsync).WithName("GetAgentProfile").WithSummary("An agent's team, skills and capacity.");
        group.MapPut("/agents/{userId:guid}/profile", SetAgentProfile.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("SetAgentProfile")
            .WithSummary("Set an agent's team, skills (level 1–5) and capacity.");
        return api;
    }
}
