using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class CallbackEndpoints
{
    public static RouteGroupBuilder MapCallbacks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Callbacks").RequireAuthorization(Policies.Staff);
        group.MapGet("/tickets/{id}/callbacks", ListCallbacks.HandleAsync).WithName("ListCallbacks").WithSummary("A complaint's callbacks.");
        group.MapPost("/tickets/{id}/callbacks", ScheduleCallback.HandleAsync).WithName("ScheduleCallback").WithSummary("Agree a time to call the customer back (回电).");
        group.MapPost("/tickets/{id}/callbacks/{callbackId:guid}/complete", CompleteCallback.HandleAsync).WithName("CompleteCallback").WithSummary("Record how the call went.");
        group.MapGet("/callbacks/due", ListDueCallbacks.HandleAsync).WithName("DueCallbacks").WithSummary("My callbacks due now or within 15 minutes, earliest first.");
        return api;
    }
}
