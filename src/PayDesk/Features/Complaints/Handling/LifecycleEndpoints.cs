using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class LifecycleEndpoints
{
    public static IHostApplicationBuilder AddLifecycle(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LifecycleOptions>()
            .Bind(builder.Configuration.GetSection("Lifecycle"))
            .Validate(o => o.ReopenWindowDays is > 0 and <= 365, "Lifecycle:ReopenWindowDays must be 1–365.")
            .Validate(o => o.ConfirmationTimeoutDays is > 0 and <= 60, "Lifecycle:ConfirmationTimeoutDays must be 1–60.")
            .ValidateOnStart();
        builder.Services.AddOptions<PublicUrlOptions>().Bind(builder.Configuration)
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "PublicBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ConfirmationLinks>();
        builder.Services.AddSingleton<LifecycleSweep>();
        builder.Services.AddScoped<LifecycleServices>();
        builder.Services.AddScoped<ComplaintObservers>();
        builder.Services.AddHostedService<LifecycleSweepService>();
        return builder;
    }

    public static RouteGroupBuilder MapLifecycle(this RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets/{id}").WithTags("Lifecycle").RequireAuthorization();
        tickets.MapPost("/transitions", TransitionTicket.HandleAsync).WithName("TransitionTicket")
            .WithSummary("Move a complaint along its lifecycle; 409 lists the triggers allowed now.");
        tickets.MapGet("/timeline", GetTimeline.HandleAsync).WithName("GetTimeline")
            .WithSummary("Everything that happened to a complaint, oldest first.");
        tickets.MapPost("/take", TakeOwnership.HandleAsync).WithName("TakeOwnership").RequireAuthorization(Policies.Staff)
            .WithSummary("首问负责制: become the complaint's owner if it has none.");
        tickets.MapPost("/reassign", ReassignTicket.HandleAsync).WithName("ReassignTicket").RequireAuthorization(Policies.Supervisor)
            .WithSummary("Give the complaint another owner (supervisors only, with a reason).");
        tickets.MapPost("/transfer", TransferTicket.HandleAsync).WithName("TransferTicket").RequireAuthorization(Policies.Staff)
            .WithSummary("Bring in an expert team; the owner stays accountable.");
        tickets.MapPost("/escalate", EscalateTicket.HandleAsync).WithName("EscalateTicket").RequireAuthorization(Policies.Staff)
            .WithSummary("Raise the escalation level (升级处理) with a reason.");
        return api;
    }

    /// <summary>409 for a staff action the complaint's state does not allow, listing what staff may do instead.</summary>
    public static ProblemHttpResult NotAllowedForStaff(IStringLocalizer<SharedResource> l, Complaints.TicketStatus status) =>
        NotAllowed(l, status, TicketWorkflow.Allowed(status, TriggerActor.Staff));

    /// <summary>409 with the triggers that are allowed instead.</summary>
    public static ProblemHttpResult NotAllowed(IStringLocalizer<SharedResource> l, Complaints.TicketStatus status, IReadOnlyList<TicketTrigger> allowed) =>
        TypedResults.Problem(
            l["Lifecycle.NotAllowed", EnumText.Name(status), allowed.Count == 0 ? "—" : string.Join(", ", allowed.Select(t => EnumText.Name(t)))],
            statusCode: StatusCodes.Status409Conflict,
            title: l["Lifecycle.NotAllowedTitle"],
            extensions: new Dictionary<string, object?> { ["allowed"] = allowed.Select(t => EnumText.Name(t)).ToArray() });
}
