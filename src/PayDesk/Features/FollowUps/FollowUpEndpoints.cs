using PayDesk.Features.Complaints;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.FollowUps;

internal static class FollowUpEndpoints
{
    public static IHostApplicationBuilder AddFollowUps(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FollowUpOptions>().Bind(builder.Configuration.GetSection("FollowUps"))
            .Validate(o => o.SweepIntervalSeconds is >= 5 and <= 86_400 && o.LookbackDays is >= 1 and <= 365,
                "FollowUps: SweepIntervalSeconds 5–86400, LookbackDays 1–365.")
            .ValidateOnStart();
        builder.Services.AddScoped<FollowUpRuleStore>();
        builder.Services.AddScoped<FollowUpPlanner>();
        builder.Services.AddScoped<IComplaintObserver>(sp => sp.GetRequiredService<FollowUpPlanner>());
        builder.Services.AddScoped<IFollowUpFigures, FollowUpFigures>();
        builder.Services.AddScoped<IQualityScoreSource, FollowUpScoreSource>();
        builder.Services.AddScoped<Audit.IAuditNames, FollowUpAuditNames>();
        builder.Services.AddScoped<IComplaintFollowUps, ComplaintFollowUpsSource>();
        builder.Services.AddHostedService<FollowUpSweep>();
        return builder;
    }

    public static RouteGroupBuilder MapFollowUps(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/followups").WithTags("Follow-ups").RequireAuthorization(Policies.Staff);
        g.MapGet("/", ListFollowUpTasks.HandleAsync).WithName("ListFollowUps")
            .WithSummary("The follow-up queue (回访), due first: status (open by default, or all), assignee (me, unassigned, an id; agents see their own), team, overdue, ticket (number); paged; format=csv exports every row.");
        g.MapPost("/", RequestFollowUp.HandleAsync).WithName("RequestFollowUp")
            .WithSummary("Ask for a follow-up visit of a resolved complaint ({ticketId}) the rules did not plan: due as the rules would set it, or at dueAt (an instant with its offset, e.g. 2026-12-10T15:00+08:00; after now, within 30 days); 409 when not resolved or already planned.");
        g.MapGet("/{id:guid}", GetFollowUpTask.HandleAsync).WithName("GetFollowUp").WithSummary("One follow-up visit with its attempts.");
        g.MapPost("/{id:guid}/attempts", RecordFollowUpAttempt.HandleAsync).WithName("RecordFollowUpAttempt")
            .WithSummary("Record a call or message (a message is sent through the outbox) and its result: satisfied, problem_back (reopens or files a linked complaint), unreachable (next attempt, or closed after the last), call_back with callBackAt (the customer asked to be called then: an instant with its offset, after now, within 30 days; not one of the allowed tries); 409 when another attempt was recorded at the same moment.");
        g.MapPost("/{id:guid}/assignee", ReassignFollowUpTask.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("ReassignFollowUp")
            .WithSummary("A supervisor hands an open visit to another agent, expert or supervisor (audited).");
        g.MapGet("/rules", GetFollowUpRules.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("FollowUpRules")
            .WithSummary("Which resolved complaints get a follow-up visit and when.");
        g.MapPut("/rules", SaveFollowUpRules.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("SaveFollowUpRules")
            .WithSummary("Change the follow-up rules; they apply to resolutions from now on.");
        return api;
    }
}
