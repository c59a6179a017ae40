using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Identity;
using PayDesk.Features.Lifecycle;
using PayDesk.Features.Sla;
using PayDesk.Features.Tickets;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Routing;

/// <summary>
/// Offers waiting complaints to agents: every unowned open complaint sits in its team's queue (the
/// front desk when it has none) and goes, urgent and at-risk first, to the agent the team's strategy
/// picks among online agents with the skills and room. What nobody can take waits, visible in the
/// overview, and is offered again on the next round. The decision and its reason go on the timeline.
/// Intake never waits for routing.
/// </summary>
internal sealed class RoutingDispatcher(IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly RoundRobinCursor _cursor = new();

    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var teams = await db.ServiceTeams.AsNoTracking().ToListAsync(ct);
        var queues = teams.ToDictionary(t => t.Name, t => t.ToQueue());
        var agents = await LoadAgentsAsync(db, ct);
        if (agents.Count == 0 || queues.Count == 0) return 0;

        var waiting = await db.Tickets.AsNoTracking()
            .Where(t => t.OwnerId == null && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved)
            .OrderBy(t => t.CreatedAt).Take(500)
            .Select(t => new { t.Id, t.Category, t.Channel, t.Priority, t.CreatedAt, t.Team, t.Customer!.Locale, t.Customer.Kind })
            .ToListAsync(ct);
        var atRisk = (await db.SlaClocks.AsNoTracking().Where(c => c.WarnedAt != null && c.StoppedAt == null && waiting.Select(w => w.Id).Contains(c.TicketId))
            .Select(c => c.TicketId).ToListAsync(ct)).ToHashSet();
        // The customer's language and segment decide who can serve them (an English speaker, the merchant desk).
        var items = waiting.Select(w => (Item: new WorkItem(w.Id, w.Category, w.Channel, "", w.Locale.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh",
            w.Kind == Customers.CustomerKind.Merchant, w.Priority, atRisk.Contains(w.Id), w.CreatedAt), w.Team)).ToList();

        var assigned = 0;
        foreach (var item in Router.Order(items.Select(i => i.Item)))
        {
            var team = items.First(i => i.Item.Id == item.Id).Team ?? Lifecycle.Teams.FrontDesk;
            if (!queues.TryGetValue(team, out var queue)) continue;
            if (Router.PickAgent(item, queue, agents, _cursor) is not { } decision) continue;
            // Claim: only an unowned complaint can be given away (another instance may be routing too).
            var claimed = await db.Tickets.Where(t => t.Id == item.Id && t.OwnerId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.OwnerId, decision.AgentId).SetProperty(t => t.Team, team).SetProperty(t => t.UpdatedAt, now), ct);
            if (claimed == 0) continue;
            var agent = agents.First(a => a.Id == decision.AgentId);
            Router.Assign(agent, item, now);
            await db.AgentProfiles.Where(a => a.UserId == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAssignedAt, now), ct);
            var ticket = await db.Tickets.FirstAsync(t => t.Id == item.Id, ct);
            Timeline.Record(db, ticket, TicketEventKind.Assignment, Actor.System, now, decision.Reason, new JsonObject
            {
                ["routedTo"] = decision.AgentId.ToString(), ["queue"] = decision.Queue, ["firstContact"] = true,
            });
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            assigned++;
        }
        return assigned;
    }

    /// <summary>Agents with their current load: open complaints they own count against their ticket capacity.</summary>
    public static async Task<List<AgentState>> LoadAgentsAsync(AppDbContext db, CancellationToken ct)
    {
        var profiles = await db.AgentProfiles.AsNoTracking().ToListAsync(ct);
        var owned = await db.Tickets.AsNoTracking()
            .Where(t => t.OwnerId != null && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved)
            .GroupBy(t => t.OwnerId).Select(g => new { Owner = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        return profiles.Select(p => new AgentState
        {
            Id = p.UserId, Team = p.Team, Region = p.Region, Presence = p.Presence, Skills = p.SkillMap(),
            Capacity = new Dictionary<WorkKind, int> { [WorkKind.Chat] = p.ChatCapacity, [WorkKind.Call] = p.CallCapacity, [WorkKind.Ticket] = p.TicketCapacity },
            Load = new Dictionary<WorkKind, int> { [WorkKind.Chat] = 0, [WorkKind.Call] = 0, [WorkKind.Ticket] = owned.FirstOrDefault(o => o.Owner == p.UserId)?.Count ?? 0 },
            LastAssignedAt = p.LastAssignedAt,
        }).ToList();
    }
}

internal sealed class RoutingDispatchService(RoutingDispatcher dispatcher, ILogger<RoutingDispatchService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(5), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => dispatcher.RunAsync(ct);
}
