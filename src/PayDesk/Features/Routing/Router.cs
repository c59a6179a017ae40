using PayDesk.Features.Complaints;

namespace PayDesk.Features.Routing;

/// <summary>An agent's availability (SPEC §4). Only online agents get work; an agent in a call is busy.</summary>
public enum Presence
{
    Online,
    Busy,
    Away,
    Offline,
}

/// <summary>Kinds of work with their own concurrency: chats (several at once), calls (one), tickets (a backlog).</summary>
public enum WorkKind
{
    Chat,
    Call,
    Ticket,
}

public enum RoutingStrategy
{
    /// <summary>Best skill match first, then the least loaded, then the longest idle.</summary>
    SkillsThenLeastLoaded,

    /// <summary>Qualified agents in turn, for an even spread.</summary>
    RoundRobin,

    /// <summary>Nothing is assigned automatically; a team lead picks.</summary>
    Manual,
}

/// <summary>A contact waiting for an agent.</summary>
public sealed record WorkItem(
    Guid Id, TicketCategory Category, TicketChannel Channel, string Region, string Language, bool Merchant,
    TicketPriority Priority, bool SlaAtRisk, DateTime ArrivedAt)
{
    public WorkKind Kind => Router.KindOf(Channel);
}

/// <summary>
/// An agent as routing sees it. Skills are named "category:funds", "channel:chat", "lang:zh",
/// "segment:merchant" with levels 1–5; capacity and load are counted per kind of work.
/// </summary>
public sealed class AgentState
{
    public required Guid Id { get; init; }
    public required string Team { get; init; }
    public string Region { get; init; } = "";
    public Presence Presence { get; set; } = Presence.Online;
    public required IReadOnlyDictionary<string, int> Skills { get; init; }
    public IReadOnlyDictionary<WorkKind, int> Capacity { get; init; } = Router.DefaultCapacity;
    public Dictionary<WorkKind, int> Load { get; init; } = new() { [WorkKind.Chat] = 0, [WorkKind.Call] = 0, [WorkKind.Ticket] = 0 };
    public DateTime LastAssignedAt { get; set; }

    public int SkillLevel(string skill) => Skills.TryGetValue(skill, out var level) ? level : 0;

    public bool HasRoomFor(WorkKind kind) => Load.GetValueOrDefault(kind) < Capacity.GetValueOrDefault(kind);
}

/// <summary>A queue a team works: which categories and channels, which region and languages.</summary>
public sealed record QueueDefinition(
    string Name, string Team, IReadOnlySet<TicketCategory> Categories, IReadOnlySet<TicketChannel> Channels,
    string? Region = null, IReadOnlySet<string>? Languages = null, RoutingStrategy Strategy = RoutingStrategy.SkillsThenLeastLoaded);

/// <summary>Who gets the work and why: the reason in words for the API, and its figures for the timeline to say in the reader's language.</summary>
public sealed record RoutingDecision(Guid AgentId, string Queue, string Reason, int? Skill = null, double? Load = null, DateTime? IdleSince = null);

/// <summary>Remembers where round-robin stopped, per queue.</summary>
public sealed class RoundRobinCursor
{
    private readonly Dictionary<string, Guid> _last = new(StringComparer.Ordinal);

    public Guid? LastFor(string queue) => _last.TryGetValue(queue, out var id) ? id : null;

    public void Advance(string queue, Guid agent) => _last[queue] = agent;
}

/// <summary>
/// Routing rules as pure functions (SPEC §4): pick the queue by category, channel, region and
/// language; pick the agent by the queue's strategy among online agents of its team who have the
/// skills and room; serve urgent and at-risk work first. No I/O, no clock.
/// </summary>
public static class Router
{
    public static readonly IReadOnlyDictionary<WorkKind, int> DefaultCapacity =
        new Dictionary<WorkKind, int> { [WorkKind.Chat] = 3, [WorkKind.Call] = 1, [WorkKind.Ticket] = 20 };

    public static WorkKind KindOf(TicketChannel channel) => channel switch
    {
        TicketChannel.Chat or TicketChannel.WeChat or TicketChannel.Weibo => WorkKind.Chat,
        TicketChannel.Phone => WorkKind.Call,
        TicketChannel.Email or TicketChannel.App or TicketChannel.Web or TicketChannel.Sms => WorkKind.Ticket,
    };

    /// <summary>The most specific queue that takes the contact: a regional queue beats a national one.</summary>
    public static QueueDefinition? PickQueue(WorkItem item, IReadOnlyList<QueueDefinition> queues)
    {
        QueueDefinition? best = null;
        var bestScore = -1;
        foreach (var q in queues)
        {
            if (!q.Categories.Contains(item.Category) || !q.Channels.Contains(item.Channel)) continue;
            if (q.Region is { } region && region != item.Region) continue;
            if (q.Languages is { Count: > 0 } languages && !languages.Contains(item.Language)) continue;
            var score = (q.Region is null ? 0 : 2) + (q.Languages is { Count: > 0 } ? 1 : 0);
            if (score > bestScore)
            {
                best = q;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>The skill names a contact asks for, built once per routing decision.</summary>
    private readonly record struct Needs(string Category, string Channel, string Language)
    {
        public static Needs Of(WorkItem item) => new("category:" + Slug(item.Category), "channel:" + Slug(item.Channel), "lang:" + item.Language);
    }

    /// <summary>Whether an agent may take the contact now: online, in the team, skilled for it, with room.</summary>
    public static bool Qualifies(AgentState agent, WorkItem item, QueueDefinition queue) => Qualifies(agent, item, queue, Needs.Of(item));

    private static bool Qualifies(AgentState agent, WorkItem item, QueueDefinition queue, Needs needs) =>
        agent.Presence == Presence.Online
        && agent.Team == queue.Team
        && agent.HasRoomFor(item.Kind)
        && agent.SkillLevel(needs.Category) > 0
        && agent.SkillLevel(needs.Language) > 0
        && (!item.Merchant || agent.SkillLevel("segment:merchant") > 0);

    /// <summary>The agent for a contact, or null when nobody qualifies (the contact waits in its queue).</summary>
    public static RoutingDecision? PickAgent(WorkItem item, QueueDefinition queue, IReadOnlyList<AgentState> agents, RoundRobinCursor cursor)
    {
        var needs = Needs.Of(item);
        switch (queue.Strategy)
        {
            case RoutingStrategy.Manual:
                return null;
            case RoutingStrategy.RoundRobin:
            {
                // Agents in a stable order; start after the one who got the last contact.
                AgentState? first = null, next = null;
                var last = cursor.LastFor(queue.Name);
                foreach (var agent in agents)
                {
                    if (!Qualifies(agent, item, queue, needs)) continue;
                    if (first is null || agent.Id.CompareTo(first.Id) < 0) first = agent;
                    if (last is { } l && agent.Id.CompareTo(l) > 0 && (next is null || agent.Id.CompareTo(next.Id) < 0)) next = agent;
                }
                var chosen = next ?? first;
                if (chosen is null) return null;
                cursor.Advance(queue.Name, chosen.Id);
                return new RoutingDecision(chosen.Id, queue.Name, "round robin");
            }
            case RoutingStrategy.SkillsThenLeastLoaded:
            {
                AgentState? best = null;
                (int Skill, double Load, DateTime Idle) bestKey = default;
                foreach (var agent in agents)
                {
                    if (!Qualifies(agent, item, queue, needs)) continue;
                    var skill = agent.SkillLevel(needs.Category) * 2 + agent.SkillLevel(needs.Channel)
                        + (item.Merchant ? agent.SkillLevel("segment:merchant") : 0);
                    var key = (skill, LoadShare(agent), agent.LastAssignedAt);
                    if (best is null || Better(key, bestKey))
                    {
                        best = agent;
                        bestKey = key;
                    }
                }
                return best is null ? null : new RoutingDecision(best.Id, queue.Name,
                    $"skill {bestKey.Skill}, load {bestKey.Load:P0}, idle since {bestKey.Idle:HH:mm} UTC",
                    bestKey.Skill, bestKey.Load, bestKey.Idle == default ? null : bestKey.Idle);
            }
        }
        return null;
    }

    /// <summary>Urgent and SLA-at-risk contacts first, then by priority, then oldest first.</summary>
    public static IEnumerable<WorkItem> Order(IEnumerable<WorkItem> waiting) =>
        waiting.OrderByDescending(w => w.Priority == TicketPriority.Urgent || w.SlaAtRisk)
            .ThenByDescending(w => w.Priority)
            .ThenBy(w => w.ArrivedAt)
            .ThenBy(w => w.Id);

    /// <summary>Records an assignment on the agent (load, last assigned); busy in a call.</summary>
    public static void Assign(AgentState agent, WorkItem item, DateTime at)
    {
        agent.Load[item.Kind] = agent.Load.GetValueOrDefault(item.Kind) + 1;
        agent.LastAssignedAt = at;
        if (item.Kind == WorkKind.Call) agent.Presence = Presence.Busy;
    }

    public static void Release(AgentState agent, WorkItem item)
    {
        agent.Load[item.Kind] = Math.Max(0, agent.Load.GetValueOrDefault(item.Kind) - 1);
        if (item.Kind == WorkKind.Call && agent.Presence == Presence.Busy) agent.Presence = Presence.Online;
    }

    public static string Slug(Enum value) => Infrastructure.Http.EnumText.Name(value);

    private static double LoadShare(AgentState agent)
    {
        double used = 0, room = 0;
        foreach (var (kind, capacity) in agent.Capacity)
        {
            used += agent.Load.GetValueOrDefault(kind) / (double)Math.Max(capacity, 1);
            room += 1;
        }
        return room == 0 ? 0 : used / room;
    }

    private static bool Better((int Skill, double Load, DateTime Idle) a, (int Skill, double Load, DateTime Idle) b) =>
        a.Skill != b.Skill ? a.Skill > b.Skill : a.Load != b.Load ? a.Load < b.Load : a.Idle < b.Idle;
}
