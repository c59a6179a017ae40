using System.Net;
using System.Net.Http.Json;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>
/// The complaint page on PostgreSQL, where database calls really are asynchronous: the top bar's presence switch and the
/// page load at the same time, and must not share one DbContext (a CI run of 2026-12-03 had one 500 on this page).
/// </summary>
public sealed class TicketPageOnPostgresTests(PostgresHost host) : IClassFixture<PostgresHost>
{
    [Fact]
    public async Task The_complaint_page_answers_every_time_for_an_agent_with_a_profile_and_a_supervisor()
    {
        var admin = await host.Factory.AdminClientAsync();
        var (agent, agentId) = await host.NewStaffClientAsync(Roles.Agent, "页面坐席");
        var (supervisor, _) = await host.NewStaffClientAsync(Roles.Supervisor, "页面主管");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/agents/{agentId}/profile",
            new { team = "front_desk", skills = new Dictionary<string, int> { ["category:funds"] = 3 } })).StatusCode);
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "页面客户", phone = TestData.NewPhone() }, subject = "转账未到账",
            description = "转账显示成功但对方没收到", category = "funds",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.Content.ReadFromJsonAsync<TicketDto>())!.Number;

        var failures = new List<string>();
        foreach (var client in new[] { agent, supervisor })
        {
            for (var round = 0; round < 5; round++)
            {
                var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetAsync($"/tickets/{number}")));
                failures.AddRange(answers.Where(a => a.StatusCode != HttpStatusCode.OK).Select(a => $"{(int)a.StatusCode}"));
                Assert.All(answers, a => a.Dispose());
            }
        }
        Assert.Empty(failures);
        var page = await agent.GetStringAsync($"/tickets/{number}");
        Assert.Contains("data-testid=\"presence\"", page);
        Assert.Contains(number, page);
    }
}
