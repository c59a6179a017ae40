using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Routing;
using Microsoft.EntityFrameworkCore;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Routing;

/// <summary>Routing against the database: profiles, presence, the dispatcher and the supervisor's overview.</summary>
public sealed class RoutingApiTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        // Routing rounds are run by the test, not by the timer.
        _factory = new PayDeskFactory(Provider.Sqlite, services: s =>
        {
            var timer = s.Single(d => d.ImplementationType == typeof(RoutingDispatchService));
            s.Remove(timer);
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private Task<int> RouteAsync() => _factory.Services.GetRequiredService<RoutingDispatcher>().RunAsync(CancellationToken.None);

    [Fact]
    public async Task Waiting_complaints_go_to_qualified_online_agents_and_wait_when_nobody_fits()
    {
        var admin = await _factory.AdminClientAsync();
        var host = new SqliteDirectHost(_factory);
        var (alice, aliceId) = await host.StaffAsync("agent", "艾丽");
        var (bob, bobId) = await host.StaffAsync("agent", "鲍勃");

        // Alice handles funds only; Bob handles consultations only. Both start offline.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/agents/{aliceId}/profile", new { team = "front_desk", skills = new Dictionary<string, int> { ["category:funds"] = 3, ["lang:zh"] = 3 } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/agents/{bobId}/profile", new { team = "front_desk", skills = new Dictionary<string, int> { ["category:consultation"] = 3, ["lang:zh"] = 3 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/v1/agents/{bobId}/profile", new { team = "front_desk", skills = new Dictionary<string, int> { ["category:funds"] = 9 } })).StatusCode);

        var funds = await host.ComplaintAsync(admin, "funds");
        var question = await host.ComplaintAsync(admin, "consultation");
        var frozen = await host.ComplaintAsync(admin, "account_frozen");
        Assert.Equal(0, await RouteAsync());          // nobody online

        Assert.Equal(HttpStatusCode.OK, (await alice.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" })).StatusCode);
        Assert.Equal(2, await RouteAsync());

        Assert.Equal(aliceId, (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{funds}"))!.OwnerId);
        Assert.Equal(bobId, (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{question}"))!.OwnerId);
        Assert.Null((await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{frozen}"))!.OwnerId);
        var timeline = (await admin.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{funds}/timeline"))!.Items;
        Assert.Contains(timeline, e => e.Kind == "assignment" && e.Reason!.Contains("skill"));
        // The complaint page says why in its own language and time (it showed "skill 6, load 0 %, idle since 13:47", in UTC).
        var page = await admin.GetStringAsync($"/tickets/{funds}");
        Assert.Contains("按技能与负载分派：技能分", page);
        Assert.DoesNotContain("idle since", page);

        var overview = (await admin.GetFromJsonAsync<OverviewDto>("/api/v1/routing/overview"))!;
        var desk = overview.Queues.Single(q => q.Team == "front_desk");
        Assert.Equal((1, 2), (desk.Waiting, desk.Online));
        Assert.Contains(overview.Agents, a => a.UserId == aliceId && a.OpenTickets == 1);

        // Away: nothing more for Bob.
        Assert.Equal(HttpStatusCode.OK, (await bob.PutAsJsonAsync("/api/v1/me/presence", new { presence = "away" })).StatusCode);
        await host.ComplaintAsync(admin, "consultation");
        Assert.Equal(0, await RouteAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await bob.PutAsJsonAsync("/api/v1/me/presence", new { presence = "busy" })).StatusCode);
    }

    [Fact]
    public async Task Signing_out_or_being_deactivated_takes_an_agent_out_of_routing()
    {
        var admin = await _factory.AdminClientAsync();
        var host = new SqliteDirectHost(_factory);
        var skills = new Dictionary<string, int> { ["category:funds"] = 3, ["lang:zh"] = 3 };
        var agents = new List<(HttpClient Client, Guid Id)>();
        foreach (var name in new[] { "签退甲", "停用乙", "旧停用丙" })
        {
            var agent = await host.StaffAsync("agent", name);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/agents/{agent.Item2}/profile", new { team = "front_desk", skills })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await agent.Item1.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" })).StatusCode);
            agents.Add(agent);
        }
        async Task<string> PresenceAsync(Guid id) =>
            (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/agents/{id}/profile")).GetProperty("presence").GetString()!;

        // Signed out: offline, not left online for work nobody will take.
        Assert.Equal(HttpStatusCode.NoContent, (await agents[0].Client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        Assert.Equal("offline", await PresenceAsync(agents[0].Id));
        // Deactivated by an administrator: offline too.
        Assert.True((await admin.PostAsync($"/api/v1/users/{agents[1].Id}/deactivate", null)).IsSuccessStatusCode);
        Assert.Equal("offline", await PresenceAsync(agents[1].Id));
        // An account deactivated while its profile stayed online (before presence followed it) gets no work either.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Id == agents[2].Id);
            user.DeactivatedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }
        Assert.Equal("online", await PresenceAsync(agents[2].Id));
        var funds = await host.ComplaintAsync(admin, "funds");
        await RouteAsync();
        var owner = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{funds}"))!.OwnerId;
        Assert.DoesNotContain(owner ?? Guid.Empty, agents.Select(a => a.Id));
    }

    [Fact]
    public async Task Admins_create_and_change_teams_and_bad_teams_are_refused()
    {
        var admin = await _factory.AdminClientAsync();
        var created = await admin.PutAsJsonAsync("/api/v1/teams/south_desk", new
        {
            region = "south", calendar = "extended", categories = new[] { "funds", "refund" }, channels = new[] { "phone", "chat" }, strategy = "round_robin",
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var teams = (await admin.GetFromJsonAsync<List<TeamDto>>("/api/v1/teams"))!;
        var south = teams.Single(t => t.Name == "south_desk");
        Assert.Equal(("south", "round_robin", 2), (south.Region, south.Strategy, south.Categories.Count));

        var bad = await admin.PutAsJsonAsync("/api/v1/teams/South Desk", new { calendar = "lunar", categories = Array.Empty<string>(), channels = new[] { "phone" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["calendar", "categories", "name"], (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());
    }

    [Fact]
    public async Task An_english_speaking_merchant_waits_for_an_agent_who_can_serve_them()
    {
        var admin = await _factory.AdminClientAsync();
        var host = new SqliteDirectHost(_factory);
        var (chinese, chineseId) = await host.StaffAsync("agent", "中文坐席");
        var (bilingual, bilingualId) = await host.StaffAsync("agent", "双语坐席");
        await admin.PutAsJsonAsync($"/api/v1/agents/{chineseId}/profile", new { team = "front_desk", skills = new Dictionary<string, int> { ["category:refund"] = 5, ["lang:zh"] = 3, ["segment:merchant"] = 3 } });
        await admin.PutAsJsonAsync($"/api/v1/agents/{bilingualId}/profile", new { team = "front_desk", skills = new Dictionary<string, int> { ["category:refund"] = 1, ["lang:zh"] = 3, ["lang:en"] = 3, ["segment:merchant"] = 1 } });
        await chinese.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" });

        var ticket = await host.ComplaintAsync(admin, "refund");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            var customer = await db.Tickets.Where(t => t.Id == ticket).Select(t => t.Customer!).SingleAsync();
            customer.Locale = "en";
            customer.Kind = PayDesk.Features.Customers.CustomerKind.Merchant;
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, await RouteAsync());
        await bilingual.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" });
        Assert.Equal(1, await RouteAsync());
        Assert.Equal(bilingualId, (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket}"))!.OwnerId);
    }

    [Fact]
    public async Task A_transfer_to_back_office_gets_an_expert_and_the_owner_stays()
    {
        var admin = await _factory.AdminClientAsync();
        var host = new SqliteDirectHost(_factory);
        var (agent, agentId) = await host.StaffAsync("agent", "前台");
        var (expert, expertId) = await host.StaffAsync("expert", "后台专家");
        await admin.PutAsJsonAsync($"/api/v1/agents/{expertId}/profile", new { team = "back_office", skills = new Dictionary<string, int> { ["category:funds"] = 5, ["lang:zh"] = 3 } });
        await expert.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" });

        var ticket = await host.ComplaintAsync(agent, "funds");
        await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", new { trigger = "start_work" });
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transfer", new { team = "back_office", reason = "需要后台退款" })).StatusCode);
        Assert.Equal(1, await RouteAsync());

        Assert.Equal(agentId, (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket}"))!.OwnerId);
        var timeline = (await admin.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket}/timeline"))!.Items;
        Assert.Contains(timeline, e => e.Kind == "transfer" && e.Data!.Contains(expertId.ToString()));
        var overview = (await admin.GetFromJsonAsync<OverviewDto>("/api/v1/routing/overview"))!;
        Assert.Equal(1, overview.Agents.Single(a => a.UserId == expertId).OpenTickets);
    }

    [Fact]
    public async Task A_regional_team_serves_its_region_and_the_front_desk_everyone_else()
    {
        var admin = await _factory.AdminClientAsync();
        var host = new SqliteDirectHost(_factory);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/teams/south_desk", new
        {
            region = "south", categories = new[] { "funds", "refund", "consultation" }, channels = new[] { "web", "app", "phone" },
        })).StatusCode);
        var (south, southId) = await host.StaffAsync("agent", "华南坐席");
        var (desk, deskId) = await host.StaffAsync("agent", "总部坐席");
        var skills = new Dictionary<string, int> { ["category:funds"] = 3, ["lang:zh"] = 3 };
        await admin.PutAsJsonAsync($"/api/v1/agents/{southId}/profile", new { team = "south_desk", skills });
        await admin.PutAsJsonAsync($"/api/v1/agents/{deskId}/profile", new { team = "front_desk", skills });
        await south.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" });
        await desk.PutAsJsonAsync("/api/v1/me/presence", new { presence = "online" });

        var southern = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "广州客户", phone = TestData.NewPhone(), region = "south" }, subject = "未到账", description = "转账未到账", category = "funds",
        })).Content.ReadFromJsonAsync<TicketDto>())!.Id;
        var other = await host.ComplaintAsync(admin, "funds");
        Assert.Equal(2, await RouteAsync());
        Assert.Equal(southId, (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{southern}"))!.OwnerId);
        Assert.Equal(deskId, (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{other}"))!.OwnerId);
    }

    public sealed record TeamDto(string Name, string? Region, string Calendar, List<string> Categories, List<string> Channels, string Strategy);

    /// <summary>Small helpers on a host without the shared fixtures.</summary>
    private sealed class SqliteDirectHost(PayDeskFactory factory)
    {
        public async Task<(HttpClient Client, Guid Id)> StaffAsync(string role, string name)
        {
            var email = $"{role}{TestData.NewPhone()}@paydesk.local";
            await using var scope = factory.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<PayDesk.Features.Identity.UserAccounts>();
            var (user, _) = await accounts.CreateAsync(email, name, role, PayDeskFactory.AdminPassword);
            return (await factory.ClientForAsync(email, PayDeskFactory.AdminPassword), user!.Id);
        }

        public async Task<Guid> ComplaintAsync(HttpClient client, string category) =>
            (await (await client.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "web", customer = new { name = "客户", phone = TestData.NewPhone() }, subject = "问题", description = "详情", category,
            })).Content.ReadFromJsonAsync<TicketDto>())!.Id;
    }

    public sealed record QueueDto(string Team, int Waiting, double OldestWaitMinutes, int AtRisk, int Online);

    public sealed record AgentDto(Guid UserId, string Name, string Team, string Presence, int OpenTickets);

    public sealed record OverviewDto(List<QueueDto> Queues, List<AgentDto> Agents);
}
