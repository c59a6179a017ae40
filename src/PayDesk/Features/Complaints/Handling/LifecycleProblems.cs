using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Complaints;

/// <summary>The 409 a lifecycle action gets when the complaint's state does not allow it.</summary>
internal static class LifecycleProblems
{
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
