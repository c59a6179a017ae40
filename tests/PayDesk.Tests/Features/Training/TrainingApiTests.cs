using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Training;

/// <summary>Training on simulated customers over the API: scenarios, assignments, a whole session, review, progress, isolation. On both databases.</summary>
public abstract partial class TrainingApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    public sealed record ScenarioDto(Guid Id, string Title, string Category, string Mood, string OpeningMessage, int FactCount, int AskOnlyCount, int LedgerCount);
    public sealed record LineDto(int Sequence, DateTime At, string Kind, string Text);
    public sealed record ItemDto(string Key, decimal Points, decimal MaxPoints, bool Automatic);
    public sealed record ScoreDto(List<ItemDto> Items, decimal AutoPoints, decimal AutoMaxPoints, decimal? ManualPoints, decimal Total, decimal MaxPoints, bool Reviewed);
    public sealed record TxDto(string Serial, decimal Amount, string Currency);
    public sealed record SessionDto(Guid Id, string State, bool CodeSent, bool Verified, bool LedgerLookedUp, DateTime? FirstResponseAt,
        List<LineDto> Transcript, List<TxDto>? Ledger, ScoreDto? Score, string? ExpectedOutcome);
    public sealed record AssignmentDto(Guid Id, Guid ScenarioId, Guid AgentId, string DueOn, DateTime? CompletedAt, Guid? SessionId, decimal? Score, bool Overdue);
    public sealed record ProgressDto(Guid AgentId, string AgentName, int Assigned, int Completed, int Overdue, int SessionsEnded, decimal? AverageScorePercent);

    [GeneratedRegex(@"验证码是 (\d{6})")]
    private static partial Regex Code();

    private static async Task<SessionDto> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SessionDto>())!;
    }

    private static string LastCustomerLine(SessionDto s) => s.Transcript.Last(l => l.Kind == "customer_message").Text;

    private async Task<int> OutboxCountAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Notifications.CountAsync();
    }

    private async Task<int> ComplaintCountAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tickets.CountAsync();
    }

    [Fact]
    public async Task An_assigned_agent_completes_the_double_debit_scenario_and_the_supervisor_reviews_it_without_touching_live_data()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "赵主管");
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "培训学员");
        var scenarios = (await agent.GetFromJsonAsync<PageDto<ScenarioDto>>("/api/v1/training/scenarios"))!;
        var scenario = Assert.Single(scenarios.Items, s => s.Title.Contains("重复扣款"));
        Assert.Contains(scenarios.Items, s => s.Title.Contains("账户冻结") && s.Category == "account_frozen");
        Assert.True(scenario.AskOnlyCount >= 5 && scenario.LedgerCount == 3);

        var due = DateTime.UtcNow.AddHours(8).AddDays(3).ToString("yyyy-MM-dd");
        var assigned = await supervisor.PostAsJsonAsync("/api/v1/training/assignments", new { scenarioId = scenario.Id, agentIds = new[] { agentId }, dueOn = due });
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/training/assignments", new { scenarioId = scenario.Id, agentIds = new[] { agentId }, dueOn = due })).StatusCode);

        var outbox = await OutboxCountAsync();
        var complaints = await ComplaintCountAsync();
        var started = await agent.PostAsJsonAsync("/api/v1/training/sessions", new { scenarioId = scenario.Id });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var session = (await started.Content.ReadFromJsonAsync<SessionDto>())!;
        Assert.Equal("running", session.State);
        Assert.Contains("扣了两次", LastCustomerLine(session));
        var url = $"/api/v1/training/sessions/{session.Id}";

        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "您好，我是客服小王，请问有什么可以帮您？" }));
        Assert.NotNull(session.FirstResponseAt);
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "请问每笔扣了多少钱？" }));
        Assert.Contains("1,309.52", LastCustomerLine(session));
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "请提供一下您的银行卡号" }));
        Assert.Contains("请先核实", LastCustomerLine(session));

        // Looking up before verifying is refused, as on a real complaint.
        var early = await agent.PostAsync(url + "/lookup", null);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("verification", (await early.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);

        session = await OkAsync(await agent.PostAsJsonAsync(url + "/verify", new { }));
        Assert.True(session.CodeSent);
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "请告诉我您收到的验证码" }));
        var code = Code().Match(LastCustomerLine(session)).Groups[1].Value;
        Assert.Equal(6, code.Length);
        var wrong = code == "000000" ? "111111" : "000000";
        Assert.False((await OkAsync(await agent.PostAsJsonAsync(url + "/verify", new { code = wrong }))).Verified);
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/verify", new { code }));
        Assert.True(session.Verified);
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "请提供一下您的银行卡号" }));
        Assert.Contains("0418", LastCustomerLine(session));
        Assert.DoesNotContain("6225880212340418", LastCustomerLine(session));

        session = await OkAsync(await agent.PostAsync(url + "/lookup", null));
        Assert.Equal(2, session.Ledger!.Count(t => t.Amount == 1309.52m && t.Currency == "CNY"));
        var bad = await agent.PostAsJsonAsync(url + "/solution", new { solution = "", category = "nonsense" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("category", (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/solution", new { solution = "流水 T20261201200457 为重复扣款，将原路退回，1–3 个工作日到账。", category = "funds" }));
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "请问还有其他可以帮您的吗？感谢您的耐心。" }));
        Assert.Null(session.ExpectedOutcome);

        session = await OkAsync(await agent.PostAsync(url + "/end", null));
        Assert.Equal("ended", session.State);
        var score = session.Score!;
        // Everything right except "verified first": the card number was asked for before verification.
        Assert.Equal(0, score.Items.Single(i => i.Key == "verified_first").Points);
        Assert.Equal(80, score.AutoPoints);
        Assert.False(score.Reviewed);
        Assert.NotNull(session.ExpectedOutcome);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync(url + "/messages", new { text = "还在吗" })).StatusCode);

        // Training touches no live data: no complaint, no notice in the outbox.
        Assert.Equal(outbox, await OutboxCountAsync());
        Assert.Equal(complaints, await ComplaintCountAsync());

        // Only supervisors review; points outside the item's range are refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync(url + "/review", new { points = new { empathy = 8, accuracy = 9, explanation = 7 } })).StatusCode);
        var outOfRange = await supervisor.PostAsJsonAsync(url + "/review", new { points = new { empathy = 11, accuracy = 9, explanation = 7 } });
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        var reviewed = await OkAsync(await supervisor.PostAsJsonAsync(url + "/review", new { points = new { empathy = 8, accuracy = 9, explanation = 7 }, comment = "先核实再要卡号" }));
        Assert.Equal((104m, 130m, true), (reviewed.Score!.Total, reviewed.Score.MaxPoints, reviewed.Score.Reviewed));

        var mine = (await agent.GetFromJsonAsync<PageDto<AssignmentDto>>("/api/v1/training/assignments"))!;
        var assignment = Assert.Single(mine.Items);
        Assert.Equal((session.Id, 104m), (assignment.SessionId!.Value, assignment.Score!.Value));
        var progress = (await supervisor.GetFromJsonAsync<List<ProgressDto>>("/api/v1/training/progress"))!;
        var row = Assert.Single(progress, p => p.AgentId == agentId);
        Assert.Equal((1, 1, 0, 1, 80.0m), (row.Assigned, row.Completed, row.Overdue, row.SessionsEnded, row.AverageScorePercent!.Value));
        var csv = await supervisor.GetStringAsync("/api/v1/training/progress?format=csv");
        Assert.Contains("agent_name,assigned,completed", csv);
        Assert.Contains("培训学员,1,1,0,1,80", csv);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/training/progress")).StatusCode);

        // Another agent cannot see or act on the session.
        var (other, _) = await host.NewStaffClientAsync("agent", "别人");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync(url + "/messages", new { text = "你好" })).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_writes_a_scenario_from_plain_facts_and_bad_input_is_a_problem()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "钱主管");
        var created = await supervisor.PostAsJsonAsync("/api/v1/training/scenarios", new
        {
            title = "退款未到账", category = "refund", mood = "calm", openingMessage = "商家说退款了，我还没收到。", expectedOutcome = "查询退款进度并说明到账时间。",
            facts = new object[] { new { topic = "amount", answer = "退了 199 元。", askOnly = true }, new { topic = "merchant", answer = "在星辰书店。", askOnly = false } },
            secrets = new object[] { new { topic = "card_number", value = "6222020200112233" } },
            ledger = new object[] { new { serial = "T1", occurredAt = "2026-11-30T02:00:00Z", amount = 199m, currency = "CNY", merchant = "星辰书店", status = "refunded" } },
            customerName = "周先生", maskedPhone = "136****7788", sourceCaseId = Guid.NewGuid(),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scenario = (await created.Content.ReadFromJsonAsync<ScenarioDto>())!;
        Assert.Equal(("refund", 2, 1, 1), (scenario.Category, scenario.FactCount, scenario.AskOnlyCount, scenario.LedgerCount));

        var bad = await supervisor.PostAsJsonAsync("/api/v1/training/scenarios", new
        {
            title = "", category = "nope", mood = "furious", openingMessage = "x", expectedOutcome = "y",
            facts = new object[] { new { topic = "weather", answer = "晴", askOnly = false } },
            secrets = new object[] { new { topic = "card_number", value = "12" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Superset(new HashSet<string> { "title", "category", "mood", "facts", "secrets" }, problem.Errors!.Keys.ToHashSet());

        var (agent, _) = await host.NewStaffClientAsync("agent", "学员");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/training/scenarios", new { title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync("/api/v1/training/sessions", new { scenarioId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.GetAsync("/api/v1/training/scenarios?pageSize=1000")).StatusCode);
        var (customer, _) = await host.NewCustomerClientAsync(await Factory.AdminClientAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/training/scenarios")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/v1/training/assignments", new { scenarioId = scenario.Id, agentIds = new[] { Guid.NewGuid() }, dueOn = "2001-01-01" })).StatusCode);
    }
}

public sealed class TrainingApiSqliteTests(SqliteHost host) : TrainingApiTests(host), IClassFixture<SqliteHost>;

public sealed class TrainingApiPostgresTests(PostgresHost host) : TrainingApiTests(host), IClassFixture<PostgresHost>;
