using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>首问负责制: the first agent to take a complaint owns it; nobody takes it from them.</summary>
internal static class TakeOwnership
{
    public static async Task<Results<Ok<TicketResponse>, NotFound, ProblemHttpResult>> HandleAsync(
        string id, AppDbContext db, ActorAccessor actors, UserManager<AppUser> users, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.OwnerId == actor.UserId) return TypedResults.Ok(TicketResponse.For(ticket, actor));
        if (ticket.OwnerId is { } owner)
        {
            var name = (await users.FindByIdAsync(owner.ToString()))?.DisplayName ?? "?";
            return TypedResults.Problem(l["Lifecycle.AlreadyOwned", name], statusCode: StatusCodes.Status409Conflict, title: l["Lifecycle.NotAllowedTitle"]);
        }
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleProblems.NotAllowedForStaff(l, ticket.Status);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        AssignOwner.FirstContact(db, ticket, actor, now, "take");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TicketResponse.For(ticket, actor));
    }
}
