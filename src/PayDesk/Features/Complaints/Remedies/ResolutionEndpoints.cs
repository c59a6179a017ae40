using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class ResolutionEndpoints
{
    public static IHostApplicationBuilder AddResolutions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ResolutionOptions>().Bind(builder.Configuration.GetSection("Resolutions"))
            .Validate(o => o.ApprovalThreshold >= 0, "Resolutions:ApprovalThreshold must not be negative.")
            .ValidateOnStart();
        return builder;
    }

    public static RouteGroupBuilder MapResolutions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets/{id}/actions").WithTags("Resolutions").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListRemedies.HandleAsync).WithName("ListResolutionActions").WithSummary("The actions taken or proposed on a complaint.");
        group.MapPost("/", ProposeRemedy.HandleAsync).WithName("ProposeResolutionAction")
            .WithSummary("Record a refund, adjustment, unfreeze request, retry guidance or explanation; large money actions wait for approval.");
        group.MapPost("/{actionId:guid}/approve", (string id, Guid actionId, DecideRemedy.DecideRequest r, AppDbContext db, ActorAccessor a, TimeProvider c, IStringLocalizer<SharedResource> l, CancellationToken ct)
            => DecideRemedy.HandleAsync(id, actionId, r, approve: true, db, a, c, l, ct)).WithName("ApproveResolutionAction").WithSummary("Approve (a second person: not the requester).");
        group.MapPost("/{actionId:guid}/reject", (string id, Guid actionId, DecideRemedy.DecideRequest r, AppDbContext db, ActorAccessor a, TimeProvider c, IStringLocalizer<SharedResource> l, CancellationToken ct)
            => DecideRemedy.HandleAsync(id, actionId, r, approve: false, db, a, c, l, ct)).WithName("RejectResolutionAction").WithSummary("Reject, with a note.");
        return api;
    }
}
