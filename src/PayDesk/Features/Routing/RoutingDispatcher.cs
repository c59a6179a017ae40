using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

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

    /// <summary>
    /// The decision's figures on the timeline entry, which the complaint page words in the reader's language and time zone
    /// (the stored reason read "skill 4, load 17 %, idle since 13:47" — English, and UTC — on the Chinese page).
    /// </summary>
    private static JsonObject Why(RoutingDecision decision, JsonObject details)
    {
        details["why"] = decision.Skill is null ? "round_robin" : "skills";
        if (decision.Skill is { } skill) details["skill"] = skill;
        if (decision.Load is { } load) details["load"] = load;
        if (decision.IdleSince is { } idle) details["idleSince"] = DateTime.SpecifyKind(idle, DateTimeKind.Utc);
        return details;
    }

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
            .Select(t => new { t.Id, t.Category, t.Channel, t.Priority, t.CreatedAt, t.Team, t.Customer!.Locale, t.Customer.Kind, t.Customer.Region })
            .ToListAsync(ct);
        var atRisk = (await db.SlaClocks.AsNoTracking().Where(c => c.WarnedAt != null && c.StoppedAt == null && waiting.Select(w => w.Id).Contains(c.TicketId))
            .Select(c => c.TicketId).ToListAsync(ct)).ToHashSet();
        // The customer's language and segment decide who can serve them (an English speaker, the merchant desk).
        var items = waiting.Select(w => (Item: new WorkItem(w.Id, w.Category, w.Channel, w.Region ?? "", w.Locale.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh",
            w.Kind == Customers.CustomerKind.Merchant, w.Priority, atRisk.Contains(w.Id), w.CreatedAt), w.Team)).ToList();

        var assigned = 0;
        var queueList = queues.Values.ToList();
        var placedIn = items.ToDictionary(i => i.Item.Id, i => i.Team);
        foreach (var item in Router.Order(items.Select(i => i.Item)))
        {
            // A complaint already placed in a team stays there; otherwise the most specific queue takes it
            // (a regional team for its region), the front desk by default.
            var placed = placedIn[item.Id];
            var queue = placed is not null && queues.TryGetValue(placed, out var own) ? own
                : Router.PickQueue(item, queueList.Where(q => q.Name == Complaints.Teams.FrontDesk || q.Region is not null).ToList());
            if (queue is null) continue;
            var team = queue.Name;
            if (Router.PickAgent(item, queue, agents, _cursor) is not { } decision) continue;
            // Claim: only an unowned complaint can be given away (another instance may be routing too).
            if (!await AssignOwner.RouteAsync(db, item.Id, decision.AgentId, team, decision.Reason, Why(decision, new JsonObject { ["queue"] = decision.Queue }), now, ct)) continue;
            var agent = agents.First(a => a.Id == decision.AgentId);
            Infrastructure.Observability.PayDeskTelemetry.QueueWait.Record(Math.Max(0, (now - item.ArrivedAt).TotalSeconds),
                new KeyValuePair<string, object?>("queue", "complaint"));
            Router.Assign(agent, item, now);
            await db.AgentProfiles.Where(a => a.UserId == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAssignedAt, now), ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            assigned++;
        }
        return assigned + await RouteTransfersAsync(db, queues, agents, now, ct);
    }

    /// <summary>
    /// 转接专家: a complaint transferred to a team without a named expert gets one the same way;
    /// the owner stays accountable.
    /// </summary>
    private async Task<int> RouteTransfersAsync(AppDbContext db, Dictionary<string, QueueDefinition> queues, List<AgentState> agents, DateTime now, CancellationToken ct)
    {
        var open = await db.TicketAssignees.AsNoTracking().Where(a => a.UserId == null)
            .Join(db.Tickets.Where(t => t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved), a => a.TicketId, t => t.Id,
                (a, t) => new { a.Id, a.Team, t.Category, t.Channel, t.Priority, a.AddedAt, TicketId = t.Id, t.Customer!.Locale, t.Customer.Kind })
            .OrderBy(x => x.AddedAt).Take(200).ToListAsync(ct);
        var routed = 0;
        foreach (var transfer in open)
        {
            if (!queues.TryGetValue(transfer.Team, out var queue)) continue;
            // Transferred work is a ticket for the expert whatever channel it came in on.
            var item = new WorkItem(transfer.TicketId, transfer.Category, TicketChannel.App, "", transfer.Locale.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh",
                transfer.Kind == Customers.CustomerKind.Merchant, transfer.Priority, false, transfer.AddedAt);
            if (Router.PickAgent(item, queue, agents, _cursor) is not { } decision) continue;
            var claimed = await db.TicketAssignees.Where(a => a.Id == transfer.Id && a.UserId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UserId, decision.AgentId), ct);
            if (claimed == 0) continue;
            Router.Assign(agents.First(a => a.Id == decision.AgentId), item, now);
            var ticket = await db.Tickets.FirstAsync(t => t.Id == transfer.TicketId, ct);
            Timeline.Record(db, ticket, TicketEventKind.Transfer, Actor.System, now, decision.Reason, Why(decision, new JsonObject
            {
                ["team"] = transfer.Team, ["routedTo"] = decision.AgentId.ToString(),
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            routed++;
        }
        return routed;
    }

    /// <summary>Agents with their current load: open complaints they own or work as experts count against their ticket capacity.</summary>
    public static async Task<List<AgentState>> LoadAgentsAsync(AppDbContext db, CancellationToken ct)
    {
        // A deactivated account gets no work, whatever its presence was left at.
        var profiles = await db.AgentProfiles.AsNoTracking()
            .Where(p => !db.Users.Any(u => u.Id == p.UserId && u.DeactivatedAt != null)).ToListAsync(ct);
        var owned = await db.Tickets.AsNoTracking()
            .Where(t => t.OwnerId != null && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved)
            .GroupBy(t => t.OwnerId).Select(g => new { Owner = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        var expert = await db.TicketAssignees.AsNoTracking().Where(a => a.UserId != null)
            .Join(db.Tickets.Where(t => t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved), a => a.TicketId, t => t.Id, (a, t) => a.UserId)
            .GroupBy(u => u).Select(g => new { Expert = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        return profiles.Select(p => new AgentState
        {
            Id = p.UserId, Team = p.Team, Region = p.Region, Presence = p.Presence, Skills = p.SkillMap(),
            Capacity = new Dictionary<WorkKind, int> { [WorkKind.Chat] = p.ChatCapacity, [WorkKind.Call] = p.CallCapacity, [WorkKind.Ticket] = p.TicketCapacity },
            Load = new Dictionary<WorkKind, int>
            {
                [WorkKind.Chat] = 0,
                [WorkKind.Call] = 0,
                [WorkKind.Ticket] = (owned.FirstOrDefault(o => o.Owner == p.UserId)?.Count ?? 0) + (expert.FirstOrDefault(e => e.Expert == p.UserId)?.Count ?? 0),
            },
            LastAssignedAt = p.LastAssignedAt,
        }).ToList();
    }
}

internal sealed class RoutingDispatchService(RoutingDispatcher dispatcher, ILogger<RoutingDispatchService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(5), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => dispatcher.RunAsync(ct);
}
