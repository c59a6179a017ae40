using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Cases;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Training;

/// <summary>Training on simulated customers over the API: scenarios, assignments, a whole session, review, progress, isolation. On both databases.</summary>
public abstract partial class TrainingApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    public sealed record ScenarioDto(Guid Id, string Title, string Category, string Mood, string OpeningMessage, int FactCount, int AskOnlyCount, int LedgerCount,
        Guid? SourceCaseId = null);
    public sealed record FactDto(string Topic, string Answer, bool AskOnly);
    public sealed record DraftDto(string Title, string Category, string Mood, string OpeningMessage, string ExpectedOutcome, List<FactDto> Facts,
        List<System.Text.Json.JsonElement> Secrets, List<TxDto> Ledger, string CustomerName, string MaskedPhone, Guid? SourceCaseId);
    public sealed record LineDto(int Sequence, DateTime At, string Kind, string Text);
    public sealed record ItemDto(string Key, decimal Points, decimal MaxPoints, bool Automatic, string? Name, int? Value, int? MaxValue);
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
        var scenario = Assert.Single(scenarios.Items, s => s.Title.Contains("重复扣款") && s.SourceCaseId is null);
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
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "请问还有其他可以帮您的吗？谢谢。" }));
        Assert.Null(session.ExpectedOutcome);

        session = await OkAsync(await agent.PostAsync(url + "/end", null));
        Assert.Equal("ended", session.State);
        var score = session.Score!;
        // Everything right except "verified first": the card number was asked for before verification. Phrases by Quality's lists.
        Assert.Equal(0, score.Items.Single(i => i.Key == "verified_first").Points);
        Assert.Equal((15m, 10m), (score.Items.Single(i => i.Key == "no_forbidden").Points, score.Items.Single(i => i.Key == "required_phrases").Points));
        Assert.Equal((90m, 110m), (score.AutoPoints, score.AutoMaxPoints));
        // The standard rubric's items that cannot be measured automatically wait for the reviewer.
        Assert.Equal(["accurate_info", "empathy", "next_steps"], score.Items.Where(i => !i.Automatic).Select(i => i.Key));
        Assert.All(score.Items.Where(i => !i.Automatic), i => Assert.Null(i.Value));
        Assert.Equal((90m, 150m), (score.Total, score.MaxPoints));
        Assert.False(score.Reviewed);
        Assert.NotNull(session.ExpectedOutcome);
        var afterEnd = await agent.PostAsJsonAsync(url + "/messages", new { text = "还在吗" });
        Assert.True(afterEnd.StatusCode == HttpStatusCode.Conflict, $"{afterEnd.StatusCode}: {await afterEnd.Content.ReadAsStringAsync()}");

        // Training touches no live data: no complaint, no notice in the outbox.
        Assert.Equal(outbox, await OutboxCountAsync());
        Assert.Equal(complaints, await ComplaintCountAsync());

        // Only supervisors review, on the rubric's scale: accuracy 0–5 points (weight 20), empathy 0–5 (10), next steps pass 2 / partial 1 / fail 0 (10).
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync(url + "/review", new { points = new { accurate_info = 4, empathy = 5, next_steps = 1 } })).StatusCode);
        var outOfRange = await supervisor.PostAsJsonAsync(url + "/review", new { points = new { accurate_info = 4, empathy = 5, next_steps = 3, greeting = 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Superset(new HashSet<string> { "points.next_steps", "points.greeting" }, (await outOfRange.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ToHashSet());
        var reviewed = await OkAsync(await supervisor.PostAsJsonAsync(url + "/review", new { points = new { accurate_info = 4, empathy = 5, next_steps = 1 }, comment = "先核实再要卡号" }));
        Assert.Equal((121m, 150m, true), (reviewed.Score!.Total, reviewed.Score.MaxPoints, reviewed.Score.Reviewed));
        Assert.Equal((16m, 4), (reviewed.Score.Items.Single(i => i.Key == "accurate_info").Points, reviewed.Score.Items.Single(i => i.Key == "accurate_info").Value!.Value));

        var mine = (await agent.GetFromJsonAsync<PageDto<AssignmentDto>>("/api/v1/training/assignments"))!;
        var assignment = Assert.Single(mine.Items);
        Assert.Equal((session.Id, 121m), (assignment.SessionId!.Value, assignment.Score!.Value));
        var progress = (await supervisor.GetFromJsonAsync<List<ProgressDto>>("/api/v1/training/progress"))!;
        var row = Assert.Single(progress, p => p.AgentId == agentId);
        Assert.Equal((1, 1, 0, 1, 80.7m), (row.Assigned, row.Completed, row.Overdue, row.SessionsEnded, row.AverageScorePercent!.Value));
        var csv = await supervisor.GetStringAsync("/api/v1/training/progress?format=csv");
        Assert.Contains("agent_name,assigned,completed", csv);
        Assert.Contains("培训学员,1,1,0,1,80.7", csv);
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
            title = "退款未到账", category = "refund", mood = "calm", openingMessage = "商家说退款了，我还没收到。我的手机 13800138000。", expectedOutcome = "查询退款进度并说明到账时间。",
            facts = new object[] { new { topic = "amount", answer = "退了 199 元。", askOnly = true }, new { topic = "merchant", answer = "在星辰书店。", askOnly = false } },
            secrets = new object[] { new { topic = "card_number", value = "6222020200112233" } },
            ledger = new object[] { new { serial = "T1", occurredAt = "2026-11-30T02:00:00Z", amount = 199m, currency = "CNY", merchant = "星辰书店", status = "refunded" } },
            customerName = "周先生", maskedPhone = "136****7788",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scenario = (await created.Content.ReadFromJsonAsync<ScenarioDto>())!;
        Assert.Equal(("refund", 2, 1, 1), (scenario.Category, scenario.FactCount, scenario.AskOnlyCount, scenario.LedgerCount));
        // A real customer's number pasted into a scenario every trainee reads is masked, as any typed text is.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            var opening = await db.Set<PayDesk.Features.Training.TrainingScenario>().Where(x => x.Id == scenario.Id).Select(x => x.OpeningMessage).SingleAsync();
            Assert.Contains("138****8000", opening);
            Assert.DoesNotContain("13800138000", opening);
        }

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

    [Fact]
    public async Task A_supervisor_builds_a_scenario_from_a_published_case_edits_it_and_a_trainee_is_answered_from_the_case_in_Chinese_or_English()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "孙主管");
        var (agent, _) = await host.NewStaffClientAsync("agent", "案例学员");
        var published = ScenarioFromCaseTests.DoubleDebitCase();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // The case library's own tests make cases from complaints; here one published case is enough.
            db.Set<ServiceCase>().Add(new ServiceCase
            {
                Id = published.Id, TicketId = Guid.NewGuid(), TicketNumber = "C-TRAIN-1", Status = CaseStatus.Published, Title = published.Title,
                Problem = published.Problem, Cause = published.Cause, Actions = published.Resolution, CustomerWords = published.CustomerWords,
                Lessons = published.Lessons, Category = published.Category, RootCause = published.RootCause, Channel = published.Channel,
                CreatedAt = DateTime.UtcNow, CreatedBy = "孙主管", UpdatedAt = DateTime.UtcNow, UpdatedBy = "孙主管", PublishedAt = DateTime.UtcNow, PublishedBy = "孙主管",
            });
            db.Set<ServiceCase>().Add(new ServiceCase
            {
                TicketId = Guid.NewGuid(), TicketNumber = "C-TRAIN-2", Status = CaseStatus.Draft, Title = "草稿", Problem = "x", Cause = "x", Actions = "x",
                CustomerWords = "x", Lessons = "x", CreatedBy = "孙主管", UpdatedBy = "孙主管",
            });
            await db.SaveChangesAsync();
        }
        var draftId = await DraftCaseIdAsync();

        var response = await supervisor.GetAsync($"/api/v1/training/scenarios/draft?caseId={published.Id}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var draft = (await response.Content.ReadFromJsonAsync<DraftDto>())!;
        Assert.Equal((published.Id, "funds"), (draft.SourceCaseId!.Value, draft.Category));
        Assert.Contains(draft.Facts, f => f.Topic == "amount" && f.AskOnly && f.Answer.Contains("88.50"));
        Assert.Equal(2, draft.Ledger.Count(t => t.Amount == 88.50m));
        // Drafts and unknown cases are not the library's; agents do not build scenarios; a case is required.
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/training/scenarios/draft?caseId={draftId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/training/scenarios/draft?caseId={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/v1/training/scenarios/draft")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/v1/training/scenarios/draft?caseId={published.Id}")).StatusCode);

        // The supervisor edits the draft before saving it: an angrier customer, one fact re-worded.
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body["mood"] = "angry";
        body["title"] = "案例练习：重复扣款 88.50 元";
        foreach (var fact in body["facts"]!.AsArray())
        {
            if ((string?)fact!["topic"] == "merchant") fact["answer"] = "就是在悦家超市的收银台付的。";
        }
        var created = await supervisor.PostAsJsonAsync("/api/v1/training/scenarios", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scenario = (await created.Content.ReadFromJsonAsync<ScenarioDto>())!;
        Assert.Equal(("angry", published.Id), (scenario.Mood, scenario.SourceCaseId!.Value));
        body["sourceCaseId"] = draftId.ToString();
        var notPublished = await supervisor.PostAsJsonAsync("/api/v1/training/scenarios", body);
        Assert.Equal(HttpStatusCode.BadRequest, notPublished.StatusCode);
        Assert.Contains("sourceCaseId", (await notPublished.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);

        var started = await agent.PostAsJsonAsync("/api/v1/training/sessions", new { scenarioId = scenario.Id });
        var session = await OkAsync(started);
        Assert.Contains("重复扣款", LastCustomerLine(session));
        var url = $"/api/v1/training/sessions/{session.Id}";
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "请问每笔扣了多少钱？" }));
        Assert.Contains("88.50", LastCustomerLine(session));
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "您是在哪个商户消费的？" }));
        Assert.Contains("收银台", LastCustomerLine(session));
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "What is your card number?" }));
        Assert.Contains("verify my identity", LastCustomerLine(session));
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "I understand, sorry for the trouble." }));
        Assert.Contains("Sorry doesn't help", LastCustomerLine(session));
    }

    private async Task<Guid> DraftCaseIdAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ServiceCase>().Where(c => c.TicketNumber == "C-TRAIN-2").Select(c => c.Id).SingleAsync();
    }

    [Fact]
    public async Task A_seeded_scenario_answers_in_English_on_an_English_screen()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "English trainee");
        agent.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var scenarios = (await agent.GetFromJsonAsync<PageDto<ScenarioDto>>("/api/v1/training/scenarios"))!;
        var scenario = Assert.Single(scenarios.Items, s => s.Title.Contains("重复扣款") && s.SourceCaseId is null);
        var session = await OkAsync(await agent.PostAsJsonAsync("/api/v1/training/sessions", new { scenarioId = scenario.Id }));
        Assert.Contains("charged twice", LastCustomerLine(session));
        var url = $"/api/v1/training/sessions/{session.Id}";
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "How much was each charge?" }));
        Assert.Contains("1,309.52 yuan", LastCustomerLine(session));
        // Chinese words get a Chinese answer, whatever the screen.
        session = await OkAsync(await agent.PostAsJsonAsync(url + "/messages", new { text = "您是在哪个商户消费的？" }));
        Assert.Contains("悦家生活超市的网店", LastCustomerLine(session));
    }
}

public sealed class TrainingApiSqliteTests(SqliteHost host) : TrainingApiTests(host), IClassFixture<SqliteHost>;

public sealed class TrainingApiPostgresTests(PostgresHost host) : TrainingApiTests(host), IClassFixture<PostgresHost>;
