using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>The only way an owner changes: a supervisor's explicit decision, with a reason on record.</summary>
internal static class ReassignTicket
{
    public sealed record Request(Guid? OwnerId, string? Reason);

    public static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem>> HandleAsync(
        string id, Request request, AppDbContext db, ActorAccessor actors, UserManager<AppUser> users, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        errors.RequiredText("reason", request.Reason, 1000);
        AppUser? owner = null;
        if (request.OwnerId is null) errors.AddKey("ownerId", "Validation.Required");
        else if ((owner = await users.FindByIdAsync(request.OwnerId.Value.ToString())) is null) errors.AddKey("ownerId", "Ticket.OwnerUnknown");
        else if (!await users.IsStaffAsync(owner)) errors.AddKey("ownerId", "Ticket.OwnerNotStaff");
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        var before = ticket.OwnerId;
        ticket.OwnerId = owner!.Id;
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Assignment, actor, now, request.Reason!.Trim(),
            new JsonObject { ["from"] = before?.ToString(), ["to"] = owner.Id.ToString(), ["owner"] = owner.DisplayName });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TicketResponse.For(ticket, actor));
    }
}
