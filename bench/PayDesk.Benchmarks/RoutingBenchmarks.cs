using BenchmarkDotNet.Attributes;
using PayDesk.Features.Routing;
using PayDesk.Features.Complaints;

namespace PayDesk.Benchmarks;

/// <summary>Routing one contact with 500 agents online (target: under 1 ms).</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private readonly List<AgentState> _agents = [];
    private readonly RoundRobinCursor _cursor = new();
    private QueueDefinition _skills = null!;
    private QueueDefinition _roundRobin = null!;
    private WorkItem _contact = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var categories = Enum.GetValues<TicketCategory>();
        for (var i = 0; i < 500; i++)
        {
            var skills = categories.Where(_ => random.NextDouble() < 0.7).ToDictionary(c => "category:" + Router.Slug(c), _ => random.Next(1, 6));
            skills["lang:zh"] = 3;
            skills["channel:chat"] = random.Next(1, 4);
            var agent = new AgentState { Id = Guid.NewGuid(), Team = "front_desk", Skills = skills, LastAssignedAt = DateTime.UtcNow.AddMinutes(-random.Next(0, 120)) };
            agent.Load[WorkKind.Chat] = random.Next(0, 3);
            _agents.Add(agent);
        }
        _skills = new QueueDefinition("front-desk", "front_desk", categories.ToHashSet(), Enum.GetValues<TicketChannel>().ToHashSet());
        _roundRobin = _skills with { Strategy = RoutingStrategy.RoundRobin };
        _contact = new WorkItem(Guid.NewGuid(), TicketCategory.Funds, TicketChannel.Chat, "east", "zh", false, TicketPriority.Normal, false, DateTime.UtcNow);
    }

    [Benchmark(Description = "Route one chat, 500 agents, skills then least loaded")]
    public RoutingDecision? SkillsThenLeastLoaded() => Router.PickAgent(_contact, _skills, _agents, _cursor);

    [Benchmark(Description = "Route one chat, 500 agents, round robin")]
    public RoutingDecision? RoundRobin() => Router.PickAgent(_contact, _roundRobin, _agents, _cursor);
}
