using PayDesk.Features.Routing;
using PayDesk.Features.Complaints;

namespace PayDesk.Tests.Features.Routing;

public sealed class RouterTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc);

    private static readonly QueueDefinition FrontDesk = new("front-desk", "front_desk",
        Enum.GetValues<TicketCategory>().ToHashSet(), Enum.GetValues<TicketChannel>().ToHashSet());

    private static AgentState Agent(string name, int funds = 1, string team = "front_desk", Presence presence = Presence.Online, string lang = "zh", bool merchant = false, DateTime? last = null)
    {
        var skills = new Dictionary<string, int> { ["lang:" + lang] = 3 };
        if (funds > 0) skills["category:funds"] = funds;
        if (merchant) skills["segment:merchant"] = 2;
        return new AgentState
        {
            Id = Guid.Parse($"00000000-0000-0000-0000-{Math.Abs(name.GetHashCode()) % 1_000_000_000_000:D12}"),
            Team = team, Presence = presence, Skills = skills, LastAssignedAt = last ?? T0,
        };
    }

    private static WorkItem Contact(TicketChannel channel = TicketChannel.Chat, TicketPriority priority = TicketPriority.Normal, bool atRisk = false,
        string lang = "zh", bool merchant = false, int minutes = 0, string region = "east") =>
        new(Guid.NewGuid(), TicketCategory.Funds, channel, region, lang, merchant, priority, atRisk, T0.AddMinutes(minutes));

    [Fact]
    public void The_best_skilled_agent_gets_the_contact_and_the_reason_is_recorded()
    {
        var novice = Agent("novice", funds: 1);
        var expert = Agent("expert", funds: 5);
        var decision = Router.PickAgent(Contact(), FrontDesk, [novice, expert], new RoundRobinCursor());
        Assert.Equal(expert.Id, decision!.AgentId);
        Assert.Contains("skill", decision.Reason);
    }

    [Fact]
    public void Nobody_without_the_skill_language_or_segment_gets_the_contact()
    {
        var unskilled = Agent("unskilled", funds: 0);
        var english = Agent("english", lang: "en");
        var consumerOnly = Agent("consumer");
        Assert.Null(Router.PickAgent(Contact(), FrontDesk, [unskilled, english], new RoundRobinCursor()));
        Assert.Null(Router.PickAgent(Contact(merchant: true), FrontDesk, [consumerOnly], new RoundRobinCursor()));
        Assert.NotNull(Router.PickAgent(Contact(merchant: true), FrontDesk, [Agent("merchant desk", merchant: true)], new RoundRobinCursor()));
    }

    [Theory]
    [InlineData(Presence.Offline)]
    [InlineData(Presence.Away)]
    [InlineData(Presence.Busy)]
    public void Nothing_goes_to_an_agent_who_is_not_online(Presence presence) =>
        Assert.Null(Router.PickAgent(Contact(), FrontDesk, [Agent("a", presence: presence)], new RoundRobinCursor()));

    [Fact]
    public void Capacity_is_counted_per_kind_of_work()
    {
        var agent = Agent("a");
        for (var i = 0; i < 3; i++) Router.Assign(agent, Contact(TicketChannel.Chat), T0);
        Assert.Null(Router.PickAgent(Contact(TicketChannel.Chat), FrontDesk, [agent], new RoundRobinCursor()));
        Assert.NotNull(Router.PickAgent(Contact(TicketChannel.Email), FrontDesk, [agent], new RoundRobinCursor()));

        Router.Assign(agent, Contact(TicketChannel.Phone), T0);
        Assert.Equal(Presence.Busy, agent.Presence);
        Assert.Null(Router.PickAgent(Contact(TicketChannel.Email), FrontDesk, [agent], new RoundRobinCursor()));
    }

    [Fact]
    public void Among_equals_the_least_loaded_then_the_longest_idle_wins()
    {
        var busy = Agent("busy", last: T0.AddMinutes(-60));
        var free = Agent("free", last: T0.AddMinutes(-5));
        Router.Assign(busy, Contact(TicketChannel.Email), T0.AddMinutes(-60));
        Assert.Equal(free.Id, Router.PickAgent(Contact(), FrontDesk, [busy, free], new RoundRobinCursor())!.AgentId);

        var idleLong = Agent("idle-long", last: T0.AddMinutes(-90));
        var idleShort = Agent("idle-short", last: T0.AddMinutes(-10));
        Assert.Equal(idleLong.Id, Router.PickAgent(Contact(), FrontDesk, [idleShort, idleLong], new RoundRobinCursor())!.AgentId);
    }

    [Fact]
    public void Urgent_and_at_risk_work_jumps_the_queue()
    {
        var old = Contact(minutes: 0);
        var high = Contact(priority: TicketPriority.High, minutes: 5);
        var atRisk = Contact(atRisk: true, minutes: 10);
        var urgent = Contact(priority: TicketPriority.Urgent, minutes: 20);
        Assert.Equal([urgent.Id, atRisk.Id, high.Id, old.Id], Router.Order([old, high, atRisk, urgent]).Select(w => w.Id));
    }

    [Fact]
    public void A_regional_queue_takes_its_region_and_the_national_queue_the_rest()
    {
        var south = FrontDesk with { Name = "south", Team = "south_desk", Region = "south" };
        Assert.Equal("south", Router.PickQueue(Contact(region: "south"), [FrontDesk, south])!.Name);
        Assert.Equal("front-desk", Router.PickQueue(Contact(region: "north"), [FrontDesk, south])!.Name);
        var noPhones = FrontDesk with { Channels = new HashSet<TicketChannel> { TicketChannel.Chat } };
        Assert.Null(Router.PickQueue(Contact(TicketChannel.Phone), [noPhones]));
    }

    [Fact]
    public void Manual_queues_never_assign_by_themselves() =>
        Assert.Null(Router.PickAgent(Contact(), FrontDesk with { Strategy = RoutingStrategy.Manual }, [Agent("a")], new RoundRobinCursor()));

    [Fact]
    public void Round_robin_spreads_a_thousand_contacts_evenly()
    {
        var queue = FrontDesk with { Strategy = RoutingStrategy.RoundRobin };
        var agents = Enumerable.Range(0, 10).Select(i => new AgentState
        {
            Id = Guid.Parse($"00000000-0000-0000-0000-{i:D12}"), Team = "front_desk",
            Skills = new Dictionary<string, int> { ["category:funds"] = 1 + i % 3, ["lang:zh"] = 1 },
            Capacity = new Dictionary<WorkKind, int> { [WorkKind.Chat] = 3, [WorkKind.Call] = 1, [WorkKind.Ticket] = int.MaxValue },
        }).ToList();
        var cursor = new RoundRobinCursor();
        var counts = new Dictionary<Guid, int>();
        for (var i = 0; i < 1000; i++)
        {
            var contact = Contact(TicketChannel.Email, minutes: i);
            var decision = Router.PickAgent(contact, queue, agents, cursor)!;
            Router.Assign(agents.Single(a => a.Id == decision.AgentId), contact, contact.ArrivedAt);
            counts[decision.AgentId] = counts.GetValueOrDefault(decision.AgentId) + 1;
        }
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(100, c));
    }
}
