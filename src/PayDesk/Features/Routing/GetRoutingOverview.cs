using PayDesk.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Routing;

/// <summary>Per queue: waiting, oldest wait, at risk, agents by presence; per agent: presence and load.</summary>
internal static class GetRoutingOverview
{
    public sealed record QueueOverview(string Team, int Waiting, double OldestWaitMinutes, int AtRisk, int Online, int Busy, int Away, int Offline);

    public sealed record AgentOverview(Guid UserId, string Name, string Team, Presence Presence, int OpenTickets, int TicketCapacity);

    public sealed record Overview(IReadOnlyList<QueueOverview> Queues, IReadOnlyList<AgentOverview> Agents);

    public static async Task<Ok<Overview>> HandleAsync(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = await db.Tickets.AsNoTracking()
            .Where(t => t.OwnerId == null && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved)
            .GroupBy(t => t.Team ?? Complaints.Teams.FrontDesk)
            .Select(g => new { Team = g.Key, Count = g.Count(), Oldest = g.Min(t => t.CreatedAt) })
            .ToListAsync(ct);
        var atRisk = await db.SlaClocks.AsNoTracking().Where(Sla.SlaClocks.AtRisk(now))
            .Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => t)
            .Where(t => t.Status != TicketStatus.Closed)
            .GroupBy(t => t.Team ?? Complaints.Teams.FrontDesk).Select(g => new { Team = g.Key, Count = g.Select(t => t.Id).Distinct().Count() })
            .ToListAsync(ct);
        var agents = await RoutingDispatcher.LoadAgentsAsync(db, ct);
        var teams = await db.ServiceTeams.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
        var queues = teams.Select(team =>
        {
            var w = waiting.FirstOrDefault(x => x.Team == team);
            var members = agents.Where(a => a.Team == team).ToList();
            return new QueueOverview(team, w?.Count ?? 0, w is null ? 0 : Math.Round((now - w.Oldest).TotalMinutes, 1),
                atRisk.FirstOrDefault(x => x.Team == team)?.Count ?? 0,
                members.Count(a => a.Presence == Presence.Online), members.Count(a => a.Presence == Presence.Busy),
                members.Count(a => a.Presence == Presence.Away), members.Count(a => a.Presence == Presence.Offline));
        }).ToList();
        var ids = agents.Select(a => a.Id).ToList();
        var names = await users.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var agentRows = agents.OrderBy(a => a.Team).ThenBy(a => names.GetValueOrDefault(a.Id, "?"))
            .Select(a => new AgentOverview(a.Id, names.GetValueOrDefault(a.Id, "?"), a.Team, a.Presence, a.Load[WorkKind.Ticket], a.Capacity[WorkKind.Ticket])).ToList();
        return TypedResults.Ok(new Overview(queues, agentRows));
    }
}
