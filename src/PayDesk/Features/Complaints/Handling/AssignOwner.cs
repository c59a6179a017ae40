using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// 首问负责制 outside the lifecycle's own triggers: the agent who opens a complaint from a call or a chat owns it
/// at once, and the router hands an unowned complaint to an agent. Both write the assignment on the timeline;
/// neither ever takes a complaint from an owner.
/// </summary>
internal static class AssignOwner
{
    /// <summary>The staff member in contact with the customer becomes the owner when nobody is; false otherwise.</summary>
    public static bool FirstContact(AppDbContext db, Ticket ticket, Actor agent, DateTime now, string via)
    {
        if (ticket.OwnerId is not null || agent.UserId is null || !agent.IsStaff) return false;
        ticket.OwnerId = agent.UserId;
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Assignment, agent, now,
            data: new JsonObject { ["owner"] = agent.Name, ["firstContact"] = true, ["via"] = via });
        return true;
    }

    /// <summary>
    /// The router's claim. Only an unowned complaint is given away — another instance may be routing the same
    /// one — so the claim is a conditional update; the timeline entry follows in the caller's save.
    /// </summary>
    public static async Task<bool> RouteAsync(
        AppDbContext db, Guid ticketId, Guid agentId, string team, string reason, JsonObject details, DateTime now, CancellationToken ct)
    {
        var claimed = await db.Tickets.Where(t => t.Id == ticketId && t.OwnerId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.OwnerId, agentId).SetProperty(t => t.Team, team).SetProperty(t => t.UpdatedAt, now), ct);
        if (claimed == 0) return false;
        var ticket = await db.Tickets.FirstAsync(t => t.Id == ticketId, ct);
        details["routedTo"] = agentId.ToString();
        details["firstContact"] = true;
        Timeline.Record(db, ticket, TicketEventKind.Assignment, Actor.System, now, reason, details);
        return true;
    }
}
