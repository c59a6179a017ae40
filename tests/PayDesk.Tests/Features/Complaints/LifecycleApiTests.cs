using System.Net;
using System.Net.Http.Json;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>The complaint lifecycle through the API, on SQLite and on PostgreSQL.</summary>
public abstract class LifecycleApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private async Task<TicketDto> NewComplaintAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/tickets", body ?? new
        {
            channel = "app", customer = new { name = "张三", phone = TestData.NewPhone() }, subject = "重复扣款",
            description = "同一笔订单被扣款两次", category = "funds", amount = new { value = 199.00m, currency = "CNY" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
    }

    private static async Task<HttpResponseMessage> FireAsync(HttpClient client, Guid ticket, string trigger, string? reason = null, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["trigger"] = trigger, ["reason"] = reason };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return await client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", body);
    }

    [Fact]
    public async Task An_illegal_transition_is_409_with_the_allowed_triggers_and_changes_nothing()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var ticket = await NewComplaintAsync(agent);

        var response = await FireAsync(agent, ticket.Id, "close", extra: new { rootCause = "bank_delay", resolutionCode = "refunded" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Equal(["acknowledge", "start_work"], problem.Allowed);
        Assert.Equal("new", (await agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!.Status);
    }

    [Fact]
    public async Task A_complaint_walks_from_intake_to_closure_and_the_timeline_tells_it()
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "王芳");
        var ticket = await NewComplaintAsync(customer, new { subject = "退款未到账", description = "商家说已退款，一周了还没到账", category = "refund" });

        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "acknowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "start_work")).StatusCode);
        Assert.Equal(agentId, (await agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!.OwnerId);
        Assert.Equal(HttpStatusCode.BadRequest, (await FireAsync(agent, ticket.Id, "await_third_party")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "await_third_party", "已联系商户核实退款状态")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "resume")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "propose_solution", "退款已由银行处理，预计 3 个工作日内到账")).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await FireAsync(customer, ticket.Id, "close")).StatusCode);
        var rejected = await FireAsync(customer, ticket.Id, "reject_solution", "我要求今天到账");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var afterReject = (await rejected.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(("in_progress", 1), (afterReject.Status, afterReject.EscalationLevel));

        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "propose_solution", "已加急，今天 18:00 前到账")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(customer, ticket.Id, "accept_solution")).StatusCode);
        var noSummary = await FireAsync(agent, ticket.Id, "close");
        Assert.Equal(HttpStatusCode.BadRequest, noSummary.StatusCode);
        Assert.Equal(["resolutionCode", "rootCause"], (await noSummary.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());
        var closed = await FireAsync(agent, ticket.Id, "close", extra: new { rootCause = "merchant_error", resolutionCode = "refunded", summary = "商户退款延迟提交" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(("closed", "merchant_error", "refunded"), (await closed.Content.ReadFromJsonAsync<TicketDto>()) is { } c ? (c.Status, c.RootCause, c.ResolutionCode) : default);

        var staffTimeline = (await agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!;
        Assert.Equal(
            ["new", "acknowledged", "in_progress", "awaiting_third_party", "in_progress", "solution_proposed", "in_progress", "solution_proposed", "resolved", "closed"],
            staffTimeline.Items.Where(e => e.Kind is "created" or "transition").Select(e => e.ToStatus));
        Assert.Contains(staffTimeline.Items, e => e.Kind == "assignment");
        Assert.Equal("我要求今天到账", staffTimeline.Items.Single(e => e.Trigger == "reject_solution").Reason);

        var customerTimeline = (await customer.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!;
        Assert.DoesNotContain(customerTimeline.Items, e => e.Kind == "assignment");
        Assert.Equal(staffTimeline.Items.Count(e => e.Kind == "transition"), customerTimeline.Items.Count(e => e.Kind == "transition"));
    }

    [Fact]
    public async Task The_owner_stays_unless_a_supervisor_reassigns_with_a_reason()
    {
        var (first, firstId) = await host.NewStaffClientAsync("agent");
        var (second, secondId) = await host.NewStaffClientAsync("agent");
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        var ticket = await NewComplaintAsync(first);

        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"/api/v1/tickets/{ticket.Id}/take", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await second.PostAsync($"/api/v1/tickets/{ticket.Id}/take", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(second, ticket.Id, "start_work")).StatusCode);
        Assert.Equal(firstId, (await second.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!.OwnerId);

        var transfer = await second.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transfer", new { team = "back_office", reason = "需要后台调账" });
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        var transferred = (await transfer.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(("back_office", firstId), (transferred.Team, transferred.OwnerId));
        Assert.Equal(HttpStatusCode.BadRequest, (await second.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transfer", new { team = "marketing", reason = "x" })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await second.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/reassign", new { ownerId = secondId, reason = "我来" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/reassign", new { ownerId = secondId })).StatusCode);
        var reassigned = await supervisor.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/reassign", new { ownerId = secondId, reason = "原负责人休假" });
        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        Assert.Equal(secondId, (await reassigned.Content.ReadFromJsonAsync<TicketDto>())!.OwnerId);

        var escalated = await first.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/escalate", new { reason = "客户投诉升级至监管" });
        var e = (await escalated.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal((1, "high"), (e.EscalationLevel, e.Priority));
    }

    [Fact]
    public async Task Random_sequences_through_the_api_keep_the_lifecycle_owner_and_audit_consistent()
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var (agent, agentId) = await host.NewStaffClientAsync("agent");
        var (other, _) = await host.NewStaffClientAsync("agent");
        HttpClient[] clients = [agent, other, customer];
        string[] triggers = ["acknowledge", "start_work", "await_customer", "await_third_party", "resume", "propose_solution",
            "accept_solution", "reject_solution", "close", "reopen"];
        var seed = Environment.TickCount;
        var random = new Random(seed);

        for (var sequence = 0; sequence < 8; sequence++)
        {
            var ticket = await NewComplaintAsync(customer, new { subject = "支付失败但扣款", description = "提示失败但余额少了", category = "transaction_failure" });
            var accepted = 0;
            Guid? owner = null;
            for (var step = 0; step < 15; step++)
            {
                var client = clients[random.Next(clients.Length)];
                var trigger = triggers[random.Next(triggers.Length)];
                var before = (await agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
                var response = await FireAsync(client, ticket.Id, trigger, random.Next(4) == 0 ? null : "原因",
                    new { rootCause = "system_fault", resolutionCode = "explained" });
                var after = (await agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.BadRequest,
                    $"seed {seed}: {trigger} answered {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted++;
                    Assert.Contains(trigger, before.AllowedTriggers!);
                }
                else
                {
                    Assert.Equal(before.Status, after.Status);
                }
                if (owner is not null) Assert.Equal(owner, after.OwnerId);
                owner = after.OwnerId;
            }
            var timeline = (await agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!;
            Assert.Equal(accepted, timeline.Items.Count(e => e.Kind == "transition"));
            var audit = (await admin.GetFromJsonAsync<PageDto<AuditDto>>($"/api/v1/audit?entityType=Ticket&entityId={ticket.Id}&pageSize=100"))!;
            Assert.Equal(accepted, audit.Items.Count(a => a.Action == "updated" && a.Changes.Contains("\"status\"")));
        }
    }

    public sealed record AuditDto(long Id, string Action, string Changes);
}

public sealed class LifecycleApiSqliteTests(SqliteHost host) : LifecycleApiTests(host), IClassFixture<SqliteHost>;

public sealed class LifecycleApiPostgresTests(PostgresHost host) : LifecycleApiTests(host), IClassFixture<PostgresHost>;
