using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.FollowUps;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.FollowUps;

/// <summary>Follow-up visits (回访) through the API: planned at resolution, worked by the owner, problem back reopens, reports count them.</summary>
public abstract class FollowUpApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    public sealed record TaskDto(Guid Id, string TicketNumber, string CustomerName, string? CustomerPhoneMasked, List<string> Reasons, DateTime DueAt,
        string DueLocal, string TimeZone, Guid? AssigneeId, string Status, int Attempts, int MaxAttempts, string? FollowOnNumber);

    public sealed record FiguresDto(int Due, int Completed, int Satisfied, int ProblemBack, int Unreachable, int Open, double? CompletionRate, double? ProblemBackShare);

    private static async Task<HttpResponseMessage> FireAsync(HttpClient client, Guid ticket, string trigger, string? reason = null) =>
        await client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", new { trigger, reason });

    /// <summary>Rules without the random share, so only the rule a test means decides.</summary>
    private static async Task SetRulesAsync(HttpClient supervisor, decimal sampleShare = 0, int maxAttempts = 3)
    {
        var saved = await supervisor.PutAsJsonAsync("/api/v1/followups/rules", new
        {
            escalated = true, refundAbove = 200m, refundCurrency = "CNY", csatAtOrBelow = 3, sampleShare, delayWorkingDays = 3, maxAttempts, retryWorkingDays = 1,
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    /// <summary>A customer's complaint the agent takes on, (optionally escalates,) and the customer accepts the solution of.</summary>
    private async Task<(TicketDto Ticket, HttpClient Customer)> ResolvedComplaintAsync(HttpClient agent, bool escalate)
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var created = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "转账未到账", description = "转出 300 元，对方说没收到", category = "funds" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "start_work")).StatusCode);
        if (escalate)
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/escalate", new { reason = "客户多次来电" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "propose_solution", "款项已到对方账户，请对方刷新查看")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(customer, ticket.Id, "accept_solution")).StatusCode);
        return (ticket, customer);
    }

    private async Task<int> TasksOfAsync(Guid ticketId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<FollowUpTask>().CountAsync(t => t.TicketId == ticketId);
    }

    private static async Task<TaskDto?> MineAsync(HttpClient agent, string number) =>
        (await agent.GetFromJsonAsync<PageDto<TaskDto>>("/api/v1/followups?pageSize=100"))!.Items.FirstOrDefault(t => t.TicketNumber == number);

    [Fact]
    public async Task An_escalated_resolution_gets_one_visit_for_its_owner_due_on_the_team_calendar_and_only_once()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        await SetRulesAsync(supervisor);
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "回访坐席");
        var (plain, _) = await ResolvedComplaintAsync(agent, escalate: false);
        var (escalated, _) = await ResolvedComplaintAsync(agent, escalate: true);

        Assert.Null(await MineAsync(agent, plain.Number));
        var task = await MineAsync(agent, escalated.Number);
        Assert.NotNull(task);
        Assert.Equal((agentId, "open", 0), (task.AssigneeId, task.Status, task.Attempts));
        Assert.Equal(["escalated"], task.Reasons);
        Assert.Equal("Asia/Shanghai", task.TimeZone);
        // Due at the opening of a working day, three working days on: never sooner than two days, 09:00 Beijing.
        Assert.True(task.DueAt > DateTime.UtcNow.AddDays(2), task.DueAt.ToString("O"));
        Assert.EndsWith("09:00", task.DueLocal);
        Assert.Contains("*", task.CustomerPhoneMasked);

        // Evaluating again (the sweep, the demo's pass) plans nothing more for the same resolution.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var planner = scope.ServiceProvider.GetRequiredService<FollowUpPlanner>();
            await planner.PlanAllResolvedAsync(TestContext.Current.CancellationToken);
            await planner.PlanLowScoresAsync(30, 500, TestContext.Current.CancellationToken);
        }
        Assert.Equal(1, await TasksOfAsync(escalated.Id));
    }

    [Fact]
    public async Task A_visit_the_rules_did_not_plan_is_asked_for_once_through_the_api()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        await SetRulesAsync(supervisor);
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "回访申请坐席");
        var (plain, customer) = await ResolvedComplaintAsync(agent, escalate: false);
        Assert.Equal(0, await TasksOfAsync(plain.Id));

        var asked = await agent.PostAsJsonAsync("/api/v1/followups", new { ticketId = plain.Id });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var task = (await asked.Content.ReadFromJsonAsync<TaskDto>())!;
        Assert.Equal((plain.Number, "open", agentId), (task.TicketNumber, task.Status, task.AssigneeId));
        Assert.Equal(["requested"], task.Reasons);
        Assert.Equal($"/api/v1/followups/{task.Id}", asked.Headers.Location?.OriginalString);
        Assert.Equal(task.Id, (await MineAsync(agent, plain.Number))?.Id);

        // Asked again: one visit per resolution, and a clear refusal.
        var again = await agent.PostAsJsonAsync("/api/v1/followups", new { ticketId = plain.Id });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已经安排了回访", (await again.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
        Assert.Equal(1, await TasksOfAsync(plain.Id));

        // Not resolved, unknown, missing, or asked by the customer.
        var open = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "提现失败", description = "提现一直失败", category = "funds" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        var notResolved = await agent.PostAsJsonAsync("/api/v1/followups", new { ticketId = open.Id });
        Assert.Equal(HttpStatusCode.Conflict, notResolved.StatusCode);
        Assert.Contains("办结后", (await notResolved.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync("/api/v1/followups", new { ticketId = Guid.NewGuid() })).StatusCode);
        var missing = await agent.PostAsJsonAsync("/api/v1/followups", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("ticketId", (await missing.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/v1/followups", new { ticketId = plain.Id })).StatusCode);

        // At the time the customer asked for (after now, within 30 days); a time outside that is refused before anything is planned.
        var (another, _) = await ResolvedComplaintAsync(agent, escalate: false);
        foreach (var bad in new[] { DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(45) })
        {
            var refused = await agent.PostAsJsonAsync("/api/v1/followups", new { ticketId = another.Id, dueAt = bad });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("dueAt", (await refused.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        }
        Assert.Equal(0, await TasksOfAsync(another.Id));
        var monday = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(5).AddHours(2), TimeSpan.Zero);
        var booked = await agent.PostAsJsonAsync("/api/v1/followups", new { ticketId = another.Id, dueAt = monday });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(monday.UtcDateTime, (await booked.Content.ReadFromJsonAsync<TaskDto>())!.DueAt.ToUniversalTime());
    }

    [Fact]
    public async Task A_low_satisfaction_score_after_resolution_gets_a_visit_from_the_sweep()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        await SetRulesAsync(supervisor);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var (ticket, customer) = await ResolvedComplaintAsync(agent, escalate: false);
        Assert.Equal(0, await TasksOfAsync(ticket.Id));

        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/survey", new { score = 2, firstContactResolved = false })).StatusCode);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<FollowUpPlanner>().PlanLowScoresAsync(30, 500, TestContext.Current.CancellationToken) >= 1);
        }
        var task = await MineAsync(agent, ticket.Number);
        Assert.Equal(["low_csat"], task!.Reasons);
        // The score came after the resolution: the visit is due no earlier than when the rule matched.
        Assert.True(task.DueAt >= DateTime.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Problem_back_reopens_the_complaint_and_the_report_counts_it()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        await SetRulesAsync(supervisor);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var (ticket, _) = await ResolvedComplaintAsync(agent, escalate: true);
        var task = (await MineAsync(agent, ticket.Number))!;

        var unreachable = await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "unreachable" });
        Assert.Equal(HttpStatusCode.OK, unreachable.StatusCode);
        var retried = (await unreachable.Content.ReadFromJsonAsync<TaskDto>())!;
        Assert.Equal(("open", 1), (retried.Status, retried.Attempts));

        var noNote = await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "problem_back" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("note", (await noNote.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);

        var back = await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "problem_back", note = "对方又说没收到，账户里查不到这笔" });
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        var closed = (await back.Content.ReadFromJsonAsync<TaskDto>())!;
        Assert.Equal(("problem_back", 2, ticket.Number), (closed.Status, closed.Attempts, closed.FollowOnNumber));
        var reopened = (await agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
        Assert.Equal(("in_progress", 1), (reopened.Status, reopened.ReopenCount));
        var timeline = (await agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline?pageSize=100"))!;
        Assert.Contains(timeline.Items, e => e.Trigger == "reopen" && e.Reason == "对方又说没收到，账户里查不到这笔");

        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "satisfied" })).StatusCode);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = (await supervisor.GetFromJsonAsync<FiguresDto>($"/api/v1/reports/followups?from={today.AddDays(-2):yyyy-MM-dd}&to={today.AddDays(20):yyyy-MM-dd}"))!;
        Assert.True(report.ProblemBack >= 1 && report.Completed >= 1, report.ToString());
        Assert.NotNull(report.CompletionRate);
        var csv = await supervisor.GetAsync($"/api/v1/reports/followups?from={today.AddDays(-2):yyyy-MM-dd}&to={today.AddDays(20):yyyy-MM-dd}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("completion_rate", await csv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task After_the_last_unanswered_attempt_the_visit_closes_as_unreachable_and_a_message_goes_through_the_outbox()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        await SetRulesAsync(supervisor, maxAttempts: 2);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var (ticket, _) = await ResolvedComplaintAsync(agent, escalate: true);
        var task = (await MineAsync(agent, ticket.Number))!;

        var first = await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "message", result = "unreachable" });
        Assert.Equal("open", (await first.Content.ReadFromJsonAsync<TaskDto>())!.Status);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.True(await db.Notifications.AnyAsync(n => n.TicketId == ticket.Id && n.TemplateKey == "follow_up"));
        }
        var last = await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "unreachable" });
        Assert.Equal(("unreachable", 2), (await last.Content.ReadFromJsonAsync<TaskDto>()) is { } t ? (t.Status, t.Attempts) : default);
        await SetRulesAsync(supervisor);
    }

    [Fact]
    public async Task A_customer_who_asks_to_be_called_later_gets_the_visit_due_then_and_it_is_not_one_of_the_tries()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        await SetRulesAsync(supervisor, maxAttempts: 2);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var (ticket, _) = await ResolvedComplaintAsync(agent, escalate: true);
        var task = (await MineAsync(agent, ticket.Number))!;
        var url = $"/api/v1/followups/{task.Id}/attempts";

        // A call-back needs its time, after now and within 30 days; no other result takes one.
        foreach (var bad in new object[]
                 {
                     new { method = "call", result = "call_back" },
                     new { method = "call", result = "call_back", callBackAt = DateTimeOffset.UtcNow.AddHours(-1) },
                     new { method = "call", result = "call_back", callBackAt = DateTimeOffset.UtcNow.AddDays(31) },
                     new { method = "call", result = "satisfied", callBackAt = DateTimeOffset.UtcNow.AddDays(1) },
                 })
        {
            var refused = await agent.PostAsJsonAsync(url, bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("callBackAt", await refused.Content.ReadAsStringAsync());
        }

        // "Call me on Thursday at three": the visit is due then, and no try at reaching the customer was spent.
        var thursday = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(7), TimeSpan.Zero);
        var asked = await agent.PostAsJsonAsync(url, new { method = "call", result = "call_back", callBackAt = thursday, note = "客户开会，约周四下午三点再打" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var later = (await asked.Content.ReadFromJsonAsync<TaskDto>())!;
        Assert.Equal(("open", 0), (later.Status, later.Attempts));
        Assert.Equal(thursday.UtcDateTime, later.DueAt.ToUniversalTime());

        // Then two unanswered calls: the rules allow two tries, so the second closes the visit.
        Assert.Equal("open", (await (await agent.PostAsJsonAsync(url, new { method = "call", result = "unreachable" })).Content.ReadFromJsonAsync<TaskDto>())!.Status);
        var last = (await (await agent.PostAsJsonAsync(url, new { method = "call", result = "unreachable" })).Content.ReadFromJsonAsync<TaskDto>())!;
        Assert.Equal(("unreachable", 2), (last.Status, last.Attempts));
        var detail = (await agent.GetFromJsonAsync<DetailDto>($"/api/v1/followups/{task.Id}"))!;
        Assert.Equal(["1 call_back", "2 unreachable", "3 unreachable"], detail.Attempts.OrderBy(a => a.Number).Select(a => $"{a.Number} {a.Result}"));

        // Two outcomes recorded at once on one visit: one is kept, the other answered 409 — neither overwrites the other.
        var (second, _) = await ResolvedComplaintAsync(agent, escalate: true);
        var visit = (await MineAsync(agent, second.Number))!;
        var both = await Task.WhenAll(
            agent.PostAsJsonAsync($"/api/v1/followups/{visit.Id}/attempts", new { method = "call", result = "satisfied" }),
            agent.PostAsJsonAsync($"/api/v1/followups/{visit.Id}/attempts", new { method = "call", result = "problem_back", note = "又没到账" }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
        Assert.Single((await agent.GetFromJsonAsync<DetailDto>($"/api/v1/followups/{visit.Id}"))!.Attempts);
        await SetRulesAsync(supervisor);
    }

    [Fact]
    public async Task Roles_decide_who_sees_and_records_visits_and_bad_input_is_a_problem()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        await SetRulesAsync(supervisor);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var (other, _) = await host.NewStaffClientAsync("agent");
        var (ticket, customer) = await ResolvedComplaintAsync(agent, escalate: true);
        var task = (await MineAsync(agent, ticket.Number))!;

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/followups")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.GetAsync("/api/v1/followups?assignee=all")).StatusCode);
        Assert.Null(await MineAsync(other, ticket.Number));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "satisfied" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/followups/rules")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync($"/api/v1/followups/{Guid.NewGuid()}/attempts", new { method = "call", result = "satisfied" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/v1/followups?status=done")).StatusCode);

        var bad = await supervisor.PutAsJsonAsync("/api/v1/followups/rules", new { escalated = true, refundCurrency = "人民币", sampleShare = 2, delayWorkingDays = 0, maxAttempts = 3, retryWorkingDays = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["delayWorkingDays", "refundCurrency", "sampleShare"], (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());

        // A supervisor sees everyone's visits and exports them.
        Assert.NotNull((await supervisor.GetFromJsonAsync<PageDto<TaskDto>>("/api/v1/followups?pageSize=100&status=all"))!.Items);
        var csv = await supervisor.GetAsync("/api/v1/followups?status=all&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains(ticket.Number, text);
        Assert.Contains("due_local", text);

        var satisfied = await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "satisfied", note = "客户确认已到账 13812345678" });
        Assert.Equal("satisfied", (await satisfied.Content.ReadFromJsonAsync<TaskDto>())!.Status);
        var audit = (await (await Factory.AdminClientAsync()).GetFromJsonAsync<PageDto<AuditRow>>($"/api/v1/audit?entityType=FollowUpTask&entityId={task.Id}&pageSize=100"))!;
        Assert.Contains(audit.Items, a => a.Action == "updated" && a.Changes.Contains("satisfied"));
        var detail = (await agent.GetFromJsonAsync<DetailDto>($"/api/v1/followups/{task.Id}"))!;
        Assert.DoesNotContain("13812345678", detail.Attempts.Single().Note);
    }

    [Fact]
    public async Task A_supervisor_reassigns_a_visit_it_is_audited_and_the_complaint_page_shows_the_visits()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "回访主管");
        await SetRulesAsync(supervisor);
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "原回访坐席");
        var (other, otherId) = await host.NewStaffClientAsync("agent", "接手回访坐席");
        var (ticket, customer) = await ResolvedComplaintAsync(agent, escalate: true);
        var task = (await MineAsync(agent, ticket.Number))!;
        Assert.Equal(agentId, task.AssigneeId);

        // Only supervisors reassign; only to active staff who take calls; a missing or unknown visit is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/assignee", new { assigneeId = otherId })).StatusCode);
        var toNobody = await supervisor.PostAsJsonAsync($"/api/v1/followups/{task.Id}/assignee", new { });
        Assert.Equal(HttpStatusCode.BadRequest, toNobody.StatusCode);
        Assert.Contains("assigneeId", (await toNobody.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/v1/followups/{task.Id}/assignee", new { assigneeId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync($"/api/v1/followups/{Guid.NewGuid()}/assignee", new { assigneeId = otherId })).StatusCode);

        var moved = await supervisor.PostAsJsonAsync($"/api/v1/followups/{task.Id}/assignee", new { assigneeId = otherId });
        Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        Assert.Equal(otherId, (await moved.Content.ReadFromJsonAsync<TaskDto>())!.AssigneeId);
        // The new assignee has it in their queue and may record it; the former one neither sees nor records it.
        Assert.NotNull(await MineAsync(other, ticket.Number));
        Assert.Null(await MineAsync(agent, ticket.Number));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "satisfied" })).StatusCode);

        var audit = (await (await Factory.AdminClientAsync()).GetFromJsonAsync<PageDto<AuditRow>>($"/api/v1/audit?entityType=FollowUpTask&entityId={task.Id}&pageSize=100"))!;
        Assert.Contains(audit.Items, a => a.Action == "updated" && a.Changes.Contains(otherId.ToString()) && a.Changes.Contains(agentId.ToString()));

        // The complaint's page shows the visit (status, due, attempts, outcome) through the follow-up feature's service.
        var unreachable = await other.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "unreachable", note = "无人接听" });
        Assert.Equal(HttpStatusCode.OK, unreachable.StatusCode);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var visits = await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Complaints.IComplaintFollowUps>()
                .OfComplaintAsync(ticket.Id, TestContext.Current.CancellationToken);
            var visit = Assert.Single(visits);
            Assert.Equal(("Open", 1, "Unreachable", "无人接听", "接手回访坐席"), (visit.Status, visit.Attempts, visit.LastResult, visit.LastNote, visit.AssigneeName));
        }
        var page = await supervisor.GetStringAsync($"/tickets/{ticket.Number}");
        Assert.Contains("data-testid=\"complaint-followups\"", page);
        Assert.Contains("接手回访坐席", page);
        Assert.Contains("无人接听", page);

        // The outcome scores the agent who resolved it (not the one who made the call) on the follow-up scorecard.
        async Task<decimal> StayedSolvedAsync() => (await supervisor.GetFromJsonAsync<PageDto<ScorecardWeekDto>>($"/api/v1/quality/scorecards?agent={agentId}&kind=follow_up"))!
            .Items.Sum(w => w.Points);
        var before = await StayedSolvedAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync($"/api/v1/followups/{task.Id}/attempts", new { method = "call", result = "satisfied" })).StatusCode);
        Assert.Equal(before + 1, await StayedSolvedAsync());
        // A closed visit cannot be moved any more.
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsJsonAsync($"/api/v1/followups/{task.Id}/assignee", new { assigneeId = agentId })).StatusCode);
        _ = customer;
    }

    public sealed record AuditRow(long Id, string Action, string Changes);

    public sealed record ScorecardWeekDto(string Key, string Kind, decimal Points, decimal MaxPoints);

    public sealed record AttemptDto(int Number, string Method, string Result, string? Note);

    public sealed record DetailDto(TaskDto Task, List<AttemptDto> Attempts);
}

public sealed class FollowUpApiSqliteTests(SqliteHost host) : FollowUpApiTests(host), IClassFixture<SqliteHost>;

public sealed class FollowUpApiPostgresTests(PostgresHost host) : FollowUpApiTests(host), IClassFixture<PostgresHost>;
