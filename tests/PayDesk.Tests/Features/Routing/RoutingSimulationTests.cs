using PayDesk.Features.Routing;
using PayDesk.Features.Complaints;

namespace PayDesk.Tests.Features.Routing;

/// <summary>A working day at the front desk: 20 agents, 2,000 contacts (chats, calls, e-mail, app complaints).</summary>
public sealed class RoutingSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void A_simulated_day_never_exceeds_capacity_and_never_leaves_work_waiting_beside_a_free_qualified_agent()
    {
        var random = new Random(20261125);
        var start = new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc);
        var categories = Enum.GetValues<TicketCategory>();
        var queue = new QueueDefinition("front-desk", "front_desk", categories.ToHashSet(),
            new HashSet<TicketChannel> { TicketChannel.Chat, TicketChannel.Phone, TicketChannel.Email, TicketChannel.App });
        var agents = Enumerable.Range(0, 20).Select(i =>
        {
            var skills = categories.Where((_, c) => c != i % 7).ToDictionary(c => "category:" + Router.Slug(c), _ => random.Next(1, 4));
            skills["lang:zh"] = 3;
            if (i % 4 == 0 || i % 8 == 1) skills["lang:en"] = 2;
            if (i % 4 == 1) skills["segment:merchant"] = 2;
            return new AgentState { Id = Guid.CreateVersion7(), Team = "front_desk", Skills = skills, LastAssignedAt = start };
        }).ToList();

        TicketChannel[] channels = [TicketChannel.Chat, TicketChannel.Phone, TicketChannel.Email, TicketChannel.App];
        var contacts = Enumerable.Range(0, 2000).Select(_ => new WorkItem(Guid.NewGuid(), categories[random.Next(categories.Length)],
                channels[random.Next(channels.Length)], "east", random.NextDouble() < 0.1 ? "en" : "zh", random.NextDouble() < 0.1,
                random.NextDouble() < 0.05 ? TicketPriority.Urgent : TicketPriority.Normal, false, start.AddSeconds(random.Next(0, 9 * 3600))))
            .OrderBy(c => c.ArrivedAt).ToList();
        TimeSpan Handle(WorkItem c) => TimeSpan.FromMinutes(c.Kind switch { WorkKind.Chat => random.Next(6, 21), WorkKind.Call => random.Next(2, 11), WorkKind.Ticket => random.Next(10, 41) });

        var cursor = new RoundRobinCursor();
        var waiting = new List<WorkItem>();
        var finishing = new PriorityQueue<(AgentState Agent, WorkItem Item), DateTime>();
        var waits = new List<TimeSpan>();
        var next = 0;
        while (next < contacts.Count || waiting.Count > 0 || finishing.Count > 0)
        {
            // The next moment something happens: a contact arrives or a piece of work ends.
            var now = new[] { next < contacts.Count ? contacts[next].ArrivedAt : DateTime.MaxValue, finishing.TryPeek(out _, out var end) ? end : DateTime.MaxValue }.Min();
            // Nothing left that could free an agent: whatever still waits can never be served by this team.
            Assert.True(now != DateTime.MaxValue, $"{waiting.Count} contacts have no qualified agent at all");
            while (finishing.TryPeek(out var done, out var at) && at <= now)
            {
                finishing.Dequeue();
                Router.Release(done.Agent, done.Item);
            }
            while (next < contacts.Count && contacts[next].ArrivedAt <= now) waiting.Add(contacts[next++]);

            foreach (var item in Router.Order(waiting).ToList())
            {
                if (Router.PickAgent(item, queue, agents, cursor) is not { } decision) continue;
                var agent = agents.Single(a => a.Id == decision.AgentId);
                Router.Assign(agent, item, now);
                waiting.Remove(item);
                waits.Add(now - item.ArrivedAt);
                finishing.Enqueue((agent, item), now + Handle(item));
            }

            Assert.All(agents, a => Assert.All(a.Capacity, c => Assert.True(a.Load[c.Key] <= c.Value, $"agent over capacity on {c.Key}")));
            Assert.All(waiting, w => Assert.DoesNotContain(agents, a => Router.Qualifies(a, w, queue)));
        }

        Assert.Equal(2000, waits.Count);
        var average = TimeSpan.FromTicks((long)waits.Average(w => w.Ticks));
        var max = waits.Max();
        output.WriteLine($"contacts=2000 agents=20 average_wait={average.TotalSeconds:F0}s max_wait={max.TotalMinutes:F1}min waited={waits.Count(w => w > TimeSpan.Zero)}");
    }
}
