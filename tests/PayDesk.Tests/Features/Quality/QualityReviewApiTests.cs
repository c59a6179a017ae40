using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Quality;

/// <summary>
/// The acceptance flow of quality reviews (issue 19): a supervisor builds a rubric, a sample is drawn for an agent, a
/// reviewer scores one complaint with comments on two messages, the agent disputes, a second reviewer settles, and the
/// manual score source the scorecards read changes accordingly. On both databases.
/// </summary>
public abstract class QualityReviewApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static Task<HttpResponseMessage> FireAsync(HttpClient client, Guid ticket, string trigger) =>
        client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", new { trigger });

    private async Task<IReadOnlyList<QualityItemTotal>> ManualTotalsAsync(Guid agent)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var source = scope.ServiceProvider.GetServices<IQualityScoreSource>().Single(s => s.Kind == QualityScoreKind.Manual);
        var now = DateTime.UtcNow;
        return (await source.TotalsAsync(now.AddDays(-8), now.AddDays(1), CancellationToken.None)).Where(t => t.AgentId == agent).ToList();
    }

    [Fact]
    public async Task Rubric_sample_review_comments_dispute_and_settlement_change_the_score_source()
    {
        var admin = await Factory.AdminClientAsync();
        var (reviewer, reviewerId) = await host.NewStaffClientAsync("supervisor", "质检甲");
        var (second, secondId) = await host.NewStaffClientAsync("supervisor", "质检乙");
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "王芳");
        var (customer, _) = await host.NewCustomerClientAsync(admin);

        // A supervisor builds a rubric: greeting 20, accuracy 0–5 points worth 50, forbidden phrases 30 and fatal.
        var bad = await reviewer.PostAsJsonAsync("/api/v1/quality/rubrics", new { name = "电话质检", items = new[] { new { key = "greeting", name = "开场问候", weight = 0, scale = "pass_partial_fail" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("items[0].weight", (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/quality/rubrics", new { name = "x" })).StatusCode);
        var items = new object[]
        {
            new { key = "greeting", name = "开场问候", nameEn = "Greeting", weight = 20, scale = "pass_partial_fail", fatal = false },
            new { key = "accurate_info", name = "信息准确", nameEn = "Accurate information", weight = 50, scale = "points", maxPoints = 5, fatal = false },
            new { key = "no_forbidden_phrases", name = "未使用禁用语", nameEn = "No forbidden phrases", weight = 30, scale = "pass_partial_fail", fatal = true },
        };
        var created = await reviewer.PostAsJsonAsync("/api/v1/quality/rubrics", new { name = "电话质检", items });
        Assert.True(created.StatusCode == HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        var rubric = (await created.Content.ReadFromJsonAsync<RubricDto>())!;
        Assert.Equal((1, 3), (rubric.Version, rubric.Items.Count));

        // The agent handles a complaint this week: a customer message, the agent's reply.
        var ticket = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "重复扣款", description = "同一笔订单被扣了两次款", category = "funds" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "acknowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "start_work")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "请尽快处理，谢谢" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "您好，已为您核实，重复扣款将在3个工作日内退回。" })).StatusCode);

        // A sample is drawn for the agent and dealt to the first reviewer.
        var sampleResponse = await reviewer.PostAsJsonAsync("/api/v1/quality/samples", new { agentId, perAgent = 2, reviewerIds = new[] { reviewerId }, rubricId = rubric.Id, seed = 1 });
        Assert.True(sampleResponse.StatusCode == HttpStatusCode.OK, await sampleResponse.Content.ReadAsStringAsync());
        var sample = (await sampleResponse.Content.ReadFromJsonAsync<SampleDto>())!;
        var drawn = Assert.Single(sample.Reviews);
        Assert.Equal((ticket.Number, agentId, reviewerId, "assigned", "random"), (drawn.TicketNumber, drawn.AgentId, drawn.ReviewerId, drawn.Status, drawn.Reason));
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostAsJsonAsync("/api/v1/quality/samples", new { perAgent = 99 })).StatusCode);
        // Drawing again leaves the complaint out: it is queued already.
        Assert.Empty((await (await reviewer.PostAsJsonAsync("/api/v1/quality/samples", new { agentId, perAgent = 2 })).Content.ReadFromJsonAsync<SampleDto>())!.Reviews);

        // Not scored yet: the agent sees nothing, cannot read the queue.
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/quality/reviews/{drawn.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/quality/reviews?scope=queue")).StatusCode);
        var queue = (await reviewer.GetFromJsonAsync<PageDto<ReviewDto>>("/api/v1/quality/reviews?scope=queue"))!;
        Assert.Contains(queue.Items, r => r.Id == drawn.Id);
        Assert.DoesNotContain((await second.GetFromJsonAsync<PageDto<ReviewDto>>("/api/v1/quality/reviews?scope=queue"))!.Items, r => r.Id == drawn.Id);

        // The reviewer opens the workspace: the complaint's messages are there; comments on two of them.
        var workspace = (await reviewer.GetFromJsonAsync<ReviewDetailDto>($"/api/v1/quality/reviews/{drawn.Id}"))!;
        Assert.True(workspace.CanScore && workspace.CanComment && !workspace.CanSettle);
        var asked = workspace.History.Single(h => h.Text == "请尽快处理，谢谢");
        var answered = workspace.History.Single(h => h.Text.StartsWith("您好，已为您核实", StringComparison.Ordinal));
        Assert.True(asked.FromCustomer);
        foreach (var (message, body) in new[] { (asked, "客户催促，坐席未先安抚，客户报卡号 4111 1111 1111 1111"), (answered, "时效说明准确") })
        {
            var comment = await reviewer.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/comments", new { messageRef = message.Ref, body });
            Assert.True(comment.StatusCode == HttpStatusCode.OK, await comment.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/comments", new { messageRef = "message:" + Guid.NewGuid(), body = "?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/submit", new { scores = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/submit",
            new { scores = new[] { new { itemKey = "accurate_info", value = 6 } } })).StatusCode);

        // Scored: greeting pass (20), accuracy 3 of 5 (30), no forbidden phrases pass (30) → 80.
        var submitted = await reviewer.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/submit", new
        {
            scores = new object[] { new { itemKey = "greeting", value = 2 }, new { itemKey = "accurate_info", value = 3, note = "未说明到账渠道，应回电 13712345678" }, new { itemKey = "no_forbidden_phrases", value = 2 } },
            summary = "整体规范，信息可更完整（身份证 11010519491231002X）",
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        Assert.Equal(80m, (await submitted.Content.ReadFromJsonAsync<ReviewDetailDto>())!.Review.Total);
        Assert.Equal(80m, (await ManualTotalsAsync(agentId)).Sum(t => t.Points));
        Assert.Equal(100m, (await ManualTotalsAsync(agentId)).Sum(t => t.MaxPoints));
        // The scorecard the supervisor and the agent read shows the reviewer's 80 of 100.
        async Task<(decimal Points, decimal Max)> ScorecardAsync(HttpClient client)
        {
            var weeks = (await client.GetFromJsonAsync<PageDto<ScorecardWeekDto>>($"/api/v1/quality/scorecards?agent={agentId}&kind=manual"))!.Items;
            return (weeks.Sum(w => w.Points), weeks.Sum(w => w.MaxPoints));
        }
        Assert.Equal((80m, 100m), await ScorecardAsync(reviewer));
        Assert.Equal((80m, 100m), await ScorecardAsync(agent));

        // The agent sees the review with both comments and disputes it.
        var mine = (await agent.GetFromJsonAsync<PageDto<ReviewDto>>("/api/v1/quality/reviews?scope=mine"))!;
        Assert.Equal(drawn.Id, Assert.Single(mine.Items).Id);
        var seen = (await agent.GetFromJsonAsync<ReviewDetailDto>($"/api/v1/quality/reviews/{drawn.Id}"))!;
        Assert.Equal(2, seen.Comments.Count);
        Assert.True(seen.CanAnswer && !seen.CanScore);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/dispute", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/dispute", new { reason = "不是我的" })).StatusCode);
        var disputed = await agent.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/dispute", new { reason = "已在回复中说明3个工作日退回原卡 6222020200112233446" });
        Assert.True(disputed.StatusCode == HttpStatusCode.OK, await disputed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/acknowledge", new { })).StatusCode);
        // Waiting for settlement it does not count.
        Assert.Empty(await ManualTotalsAsync(agentId));
        Assert.Equal((0m, 0m), await ScorecardAsync(reviewer));

        // The first reviewer may not settle; the agent may not either; the second reviewer changes accuracy to 5.
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/settle", new { outcome = "upheld", note = "维持" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/settle", new { outcome = "upheld", note = "维持" })).StatusCode);
        Assert.Contains((await second.GetFromJsonAsync<PageDto<ReviewDto>>("/api/v1/quality/reviews?scope=disputes"))!.Items, r => r.Id == drawn.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await second.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/settle", new { outcome = "changed", note = "改" })).StatusCode);
        var settled = await second.PostAsJsonAsync($"/api/v1/quality/reviews/{drawn.Id}/settle", new
        {
            outcome = "changed", scores = new[] { new { itemKey = "accurate_info", value = 5 } }, note = "回复中已说明退回时效，信息准确，客户电话 137 1234 5678",
        });
        Assert.True(settled.StatusCode == HttpStatusCode.OK, await settled.Content.ReadAsStringAsync());
        var final = (await settled.Content.ReadFromJsonAsync<ReviewDetailDto>())!;
        Assert.Equal(("settled", 100m, 80m), (final.Review.Status, final.Review.Total, final.SubmittedTotal));
        Assert.Equal((5, 3), (final.Scores.Single(s => s.ItemKey == "accurate_info").Value, final.Scores.Single(s => s.ItemKey == "accurate_info").SubmittedValue));

        var totals = await ManualTotalsAsync(agentId);
        Assert.Equal(100m, totals.Sum(t => t.Points));
        Assert.Equal((100m, 100m), await ScorecardAsync(agent));
        Assert.Equal(50m, totals.Single(t => t.ItemKey == "accurate_info").Points);
        Assert.All(totals, t => Assert.Equal((QualityScoreKind.Manual, 1), (t.Kind, t.Count)));

        // Editing the rubric afterwards leaves the settled review as it was.
        var edited = await reviewer.PutAsJsonAsync($"/api/v1/quality/rubrics/{rubric.FamilyId}", new { name = "电话质检", items = new object[] { items[0], items[1] } });
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        Assert.Equal(2, (await edited.Content.ReadFromJsonAsync<RubricDto>())!.Version);
        var after = (await agent.GetFromJsonAsync<ReviewDetailDto>($"/api/v1/quality/reviews/{drawn.Id}"))!;
        Assert.Equal((100m, 1, 3), (after.Review.Total!.Value, after.Review.RubricVersion, after.Scores.Count));
        Assert.Equal(100m, (await ManualTotalsAsync(agentId)).Sum(t => t.Points));

        // Every submit, dispute and settlement is in the audit log.
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = await db.AuditEntries.Where(a => a.EntityType == "QualityReview" && a.EntityId == drawn.Id).OrderBy(a => a.Id).Select(a => new { a.Action, a.ActorId }).ToListAsync();
        Assert.Equal(["submitted", "disputed", "settled"], audit.Select(a => a.Action));
        // Card, ID and phone numbers typed into comments, notes, the summary, the dispute and the settlement are masked as they
        // are kept: in the review people read and in the audit log's copies of the reasons.
        var typed = await agent.GetStringAsync($"/api/v1/quality/reviews/{drawn.Id}")
            + string.Join("\n", await db.AuditEntries.Where(a => a.EntityType == "QualityReview" && a.EntityId == drawn.Id).Select(a => a.Changes).ToListAsync());
        foreach (var full in new[] { "4111 1111 1111 1111", "13712345678", "11010519491231002X", "6222020200112233446", "137 1234 5678" }) Assert.DoesNotContain(full, typed);
        foreach (var masked in new[] { "411111******1111", "137****5678", "622202*********3446" }) Assert.Contains(masked, typed);
        Assert.Equal([reviewerId, agentId, secondId], audit.Select(a => a.ActorId!.Value));
    }

    [Fact]
    public async Task Reviewers_do_not_pick_their_own_work_and_calibrations_show_the_spread_once_all_submitted()
    {
        var admin = await Factory.AdminClientAsync();
        var (one, oneId) = await host.NewStaffClientAsync("supervisor", "校准甲");
        var (two, twoId) = await host.NewStaffClientAsync("supervisor", "校准乙");
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var ticket = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "提现未到账", description = "提现两天未到账", category = "funds" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(one, ticket.Id, "acknowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(one, ticket.Id, "start_work")).StatusCode);

        // "one" owns it: may not pick it for review, nor calibrate on it.
        Assert.Equal(HttpStatusCode.Forbidden, (await one.PostAsJsonAsync("/api/v1/quality/reviews", new { ticket = ticket.Number })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await two.PostAsJsonAsync("/api/v1/quality/reviews", new { ticket = "PD-1999-000000" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await two.PostAsJsonAsync("/api/v1/quality/calibrations", new { ticket = ticket.Number, reviewerIds = new[] { oneId, twoId } })).StatusCode);
        var picked = await two.PostAsJsonAsync("/api/v1/quality/reviews", new { ticket = ticket.Number });
        Assert.True(picked.StatusCode == HttpStatusCode.OK, await picked.Content.ReadAsStringAsync());

        var (three, threeId) = await host.NewStaffClientAsync("supervisor", "校准丙");
        var started = await two.PostAsJsonAsync("/api/v1/quality/calibrations", new { ticket = ticket.Number, reviewerIds = new[] { twoId, threeId } });
        Assert.True(started.StatusCode == HttpStatusCode.OK, await started.Content.ReadAsStringAsync());
        var calibration = (await started.Content.ReadFromJsonAsync<CalibrationDto>())!;
        Assert.False(calibration.Complete);
        var defaultItems = DefaultRubric.Items.Select(i => i.Key).ToList();
        async Task ScoreAsync(HttpClient client, Guid review, int greeting, int accuracy)
        {
            var scores = defaultItems.Select(k => new { itemKey = k, value = k == "greeting" ? greeting : k == "accurate_info" ? accuracy : k is "empathy" ? 5 : 2 }).ToArray();
            var r = await client.PostAsJsonAsync($"/api/v1/quality/reviews/{review}/submit", new { scores });
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        var mine = calibration.MyReviewId!.Value;
        // The other reviewer's calibration review stays hidden until everyone has submitted.
        var theirs = (await three.GetFromJsonAsync<CalibrationDto>($"/api/v1/quality/calibrations/{calibration.Id}"))!.MyReviewId!.Value;
        Assert.Equal(HttpStatusCode.NotFound, (await two.GetAsync($"/api/v1/quality/reviews/{theirs}")).StatusCode);
        await ScoreAsync(two, mine, 2, 5);
        Assert.Empty((await two.GetFromJsonAsync<CalibrationDto>($"/api/v1/quality/calibrations/{calibration.Id}"))!.Items);
        await ScoreAsync(three, theirs, 0, 3);
        var result = (await two.GetFromJsonAsync<CalibrationDto>($"/api/v1/quality/calibrations/{calibration.Id}"))!;
        Assert.True(result.Complete);
        var accuracy = result.Items.Single(i => i.ItemKey == "accurate_info");
        Assert.Equal((3m, 5m, 2m), (accuracy.Spread!.Min, accuracy.Spread.Max, accuracy.Spread.Range));
        Assert.Equal(5m + 8m, result.Total!.Range); // greeting 5 points apart, accuracy 2/5 of 20
        // Calibration reviews never reach the agent's list or the scorecards.
        Assert.DoesNotContain((await one.GetFromJsonAsync<PageDto<ReviewDto>>("/api/v1/quality/reviews?scope=mine"))!.Items, r => r.CalibrationId is not null);
    }

    public sealed record ScorecardWeekDto(string Key, string Kind, decimal Points, decimal MaxPoints);
    public sealed record RubricItemDto(string Key, string Name, decimal Weight, string Scale, int MaxPoints, bool Fatal);
    public sealed record RubricDto(Guid Id, Guid FamilyId, int Version, string Name, List<RubricItemDto> Items);
    public sealed record ReviewDto(Guid Id, string TicketNumber, Guid AgentId, Guid? ReviewerId, string Status, string Reason, decimal? Total, int RubricVersion, Guid? CalibrationId);
    public sealed record SampleDto(Guid Id, int Drawn, List<ReviewDto> Reviews);
    public sealed record HistoryDto(string Ref, string Kind, string Author, bool FromCustomer, string Text);
    public sealed record ScoreDto(string ItemKey, int? Value, int? SubmittedValue, decimal Points);
    public sealed record CommentDto(Guid Id, string MessageRef, string Body);
    public sealed record ReviewDetailDto(ReviewDto Review, decimal? SubmittedTotal, List<ScoreDto> Scores, List<CommentDto> Comments, List<HistoryDto> History,
        bool CanScore, bool CanComment, bool CanAnswer, bool CanSettle);
    public sealed record SpreadDto(decimal Min, decimal Max, decimal Mean, decimal Range);
    public sealed record CalibrationItemDto(string ItemKey, List<int?> Values, SpreadDto? Spread);
    public sealed record CalibrationDto(Guid Id, bool Complete, List<CalibrationItemDto> Items, SpreadDto? Total, Guid? MyReviewId);
}

public sealed class QualityReviewApiSqliteTests(SqliteHost host) : QualityReviewApiTests(host), IClassFixture<SqliteHost>;

public sealed class QualityReviewApiPostgresTests(PostgresHost host) : QualityReviewApiTests(host), IClassFixture<PostgresHost>;
