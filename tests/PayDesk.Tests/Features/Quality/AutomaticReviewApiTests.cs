using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Quality;

/// <summary>The automatic review end to end: complaints worked through the API, the job, its API, the scorecards and the phrase lists.</summary>
public abstract class AutomaticReviewApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static Task<HttpResponseMessage> FireAsync(HttpClient client, Guid ticket, string trigger, string? reason = null) =>
        client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", new { trigger, reason });

    private Task<int> ReviewAsync() => Factory.Services.GetRequiredService<AutomaticReviewJob>().RunAsync(CancellationToken.None);

    /// <summary>A complaint the agent answers with <paramref name="reply"/> and resolves; returns its id.</summary>
    private static async Task<Guid> ResolvedComplaintAsync(HttpClient agent, string reply, string category = "funds")
    {
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "张三", phone = TestData.NewPhone() }, subject = "重复扣款", description = "同一笔订单扣了两次钱", category,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<TicketDto>())!.Id;
        foreach (var trigger in new[] { "acknowledge", "start_work" }) Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, id, trigger)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = reply, visibility = "public" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, id, "propose_solution", "已向您说明扣款原因")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, id, "accept_solution")).StatusCode);
        return id;
    }

    [Fact]
    public async Task A_resolved_complaint_is_scored_once_labelled_automatic_and_re_scored_when_reopened()
    {
        var admin = await Factory.AdminClientAsync();
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "质检坐席甲");
        var (other, _) = await host.NewStaffClientAsync("agent", "质检坐席乙");
        var rude = await ResolvedComplaintAsync(agent, "这个不归我管，你自己去查。");
        // The category was wrong at intake and corrected before resolving.
        var polite = await ResolvedComplaintAsync(agent, "您好，已为您核实扣款情况，感谢您的耐心。", "other");
        Assert.Equal(HttpStatusCode.OK, (await agent.PatchAsJsonAsync($"/api/v1/tickets/{polite}", new { category = "funds" })).StatusCode);

        Assert.True(await ReviewAsync() >= 2);
        var review = (await admin.GetFromJsonAsync<ReviewDto>($"/api/v1/quality/automatic-reviews/complaint/{rude}"))!;
        Assert.Equal(agentId, review.AgentId);
        var forbidden = review.Items.Single(i => i.Key == "forbidden_phrases");
        Assert.Equal(0m, forbidden.Points);
        Assert.Contains("不归我管", forbidden.Detail);
        Assert.Contains("你自己去查", forbidden.Detail);
        Assert.Equal(0m, review.Items.Single(i => i.Key == "required_phrases").Points);
        Assert.Equal(5m, review.Items.Single(i => i.Key == "category_corrected").Points);
        var good = (await admin.GetFromJsonAsync<ReviewDto>($"/api/v1/quality/automatic-reviews/complaint/{polite}"))!;
        Assert.Equal(0m, good.Items.Single(i => i.Key == "category_corrected").Points);
        Assert.Equal(15m, good.Items.Single(i => i.Key == "forbidden_phrases").Points);
        Assert.True(good.Score > review.Score);

        // Idempotent: nothing changed, nothing is reviewed again.
        Assert.Equal(0, await ReviewAsync());

        // Sampling finds the rude one first among this agent's work.
        var lowest = (await admin.GetFromJsonAsync<List<ReviewDto>>($"/api/v1/quality/automatic-reviews/lowest?agent={agentId}&count=5"))!;
        Assert.Equal([rude, polite], lowest.Select(r => r.SubjectId));

        // The scorecard shows the agent's automatic score, labelled as such.
        var cards = (await admin.GetFromJsonAsync<PageDto<WeekDto>>($"/api/v1/quality/scorecards?by=agent&agent={agentId}"))!;
        var week = Assert.Single(cards.Items);
        Assert.Equal(("automatic", "质检坐席甲", 2), (week.Kind, week.Name, week.Scored));
        Assert.Equal("自动评分", week.KindLabel);
        Assert.Equal(Math.Round((double)((review.Points + good.Points) / (review.MaxPoints + good.MaxPoints)) * 100, 1), week.Score);
        var items = (await admin.GetFromJsonAsync<List<LossDto>>($"/api/v1/quality/scorecards/items?agent={agentId}"))!;
        Assert.Equal("forbidden_phrases", items[0].ItemKey);
        Assert.Equal(15m, items[0].LostPoints);
        Assert.Contains(items, i => i.ItemKey == "category_corrected" && i.LostPoints == 5m);
        var csv = await admin.GetStringAsync($"/api/v1/quality/scorecards?agent={agentId}&format=csv");
        Assert.StartsWith("\uFEFFkey,name,team,week_start,kind,kind_label,points,max_points,score,scored", csv);
        Assert.Contains("质检坐席甲", csv);

        // Reopened: reviewed again at once, the reopen costs points.
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, rude, "reopen", "客户说钱还没退回")).StatusCode);
        Assert.Equal(1, await ReviewAsync());
        var again = (await admin.GetFromJsonAsync<ReviewDto>($"/api/v1/quality/automatic-reviews/complaint/{rude}"))!;
        Assert.Equal((5m, "1"), (again.Items.Single(i => i.Key == "reopens").Points, again.Items.Single(i => i.Key == "reopens").Detail));
        Assert.True(again.Score < review.Score);

        // An agent sees only their own card, whatever they ask for.
        var own = (await other.GetFromJsonAsync<PageDto<WeekDto>>($"/api/v1/quality/scorecards?agent={agentId}&by=team"))!;
        Assert.Empty(own.Items);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/v1/quality/automatic-reviews/complaint/{rude}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/quality/automatic-reviews/complaint/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/quality/scorecards?by=month", "by")]
    [InlineData("/api/v1/quality/scorecards?from=2026-05-01&to=2026-04-01", "to")]
    [InlineData("/api/v1/quality/scorecards?from=2020-01-01&to=2026-04-01", "from")]
    [InlineData("/api/v1/quality/scorecards?kind=gut_feeling", "kind")]
    [InlineData("/api/v1/quality/scorecards?agent=nobody", "agent")]
    [InlineData("/api/v1/quality/scorecards?pageSize=1000", "pageSize")]
    [InlineData("/api/v1/quality/scorecards?format=xml", "format")]
    [InlineData("/api/v1/quality/scorecards/items?from=yesterday", "from")]
    [InlineData("/api/v1/quality/automatic-reviews/lowest?count=0", "count")]
    [InlineData("/api/v1/quality/automatic-reviews/ticket/00000000-0000-0000-0000-000000000001", "subject")]
    public async Task Bad_filters_are_validation_problems(string url, string field)
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
    }

    [Fact]
    public async Task Supervisors_edit_the_phrase_lists_and_the_next_round_uses_them()
    {
        var admin = await Factory.AdminClientAsync();
        var (agent, _) = await host.NewStaffClientAsync("agent", "质检坐席丙");
        var lists = (await admin.GetFromJsonAsync<ListsDto>("/api/v1/quality/phrases"))!;
        Assert.Contains(lists.Forbidden, e => e.Text == "不归我管");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/v1/quality/phrases", new { forbidden = new[] { new { text = "x" } } })).StatusCode);

        var bad = await admin.PutAsJsonAsync("/api/v1/quality/phrases", new { forbidden = new[] { new { text = "稍后再说" }, new { text = "稍后再说" }, new { text = " " } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["forbidden[1].text", "forbidden[2].text"], (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());

        var forbidden = lists.Forbidden.Select(e => new { text = e.Text, note = e.Note }).Append(new { text = "稍后再说", note = (string?)"拖延" }).ToArray();
        var saved = await admin.PutAsJsonAsync("/api/v1/quality/phrases", new { forbidden });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains((await saved.Content.ReadFromJsonAsync<ListsDto>())!.Forbidden, e => e.Text == "稍后再说" && e.Note == "拖延");
        // The required list was left out, so it stayed.
        Assert.Equal(lists.Required.Count, (await admin.GetFromJsonAsync<ListsDto>("/api/v1/quality/phrases"))!.Required.Count);

        var id = await ResolvedComplaintAsync(agent, "您好，这个稍后再说吧，谢谢。");
        await ReviewAsync();
        var review = (await admin.GetFromJsonAsync<ReviewDto>($"/api/v1/quality/automatic-reviews/complaint/{id}"))!;
        Assert.Equal("稍后再说", review.Items.Single(i => i.Key == "forbidden_phrases").Detail);
    }

    [Fact]
    public async Task Two_instances_reviewing_at_once_review_each_complaint_exactly_once()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "质检坐席丁");
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add(await ResolvedComplaintAsync(agent, "您好，已处理，谢谢。"));
        // Two jobs with their own scopes stand for two nodes sharing the database.
        var job = Factory.Services.GetRequiredService<AutomaticReviewJob>();
        var counts = await Task.WhenAll(job.RunAsync(CancellationToken.None), job.RunAsync(CancellationToken.None));
        Assert.True(counts.Sum() >= ids.Count - counts.Length, $"reviewed {counts[0]} + {counts[1]}");

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Set<AutomaticReview>().AsNoTracking().Where(r => ids.Contains(r.SubjectId)).ToListAsync();
        Assert.Equal(ids.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.ReviewedAt is not null && r.LeaseOwner is null && r.Score is not null, r.Reference));
        var reviewIds = rows.Select(r => r.Id).ToList();
        var items = await db.Set<AutomaticReviewItem>().AsNoTracking().Where(i => reviewIds.Contains(i.ReviewId)).ToListAsync();
        // Each review's items written once: no item twice, none missing.
        Assert.All(items.GroupBy(i => i.ReviewId), g => Assert.Equal(g.Count(), g.Select(i => i.ItemKey).Distinct().Count()));
        Assert.All(items.GroupBy(i => i.ReviewId), g => Assert.Contains(g, i => i.ItemKey == "reopens"));
        Assert.Equal(ids.Count, items.Select(i => i.ReviewId).Distinct().Count());
    }

    public sealed record ItemDto(string Key, decimal Points, decimal MaxPoints, string? Detail);
    public sealed record ReviewDto(string Subject, Guid SubjectId, string Reference, Guid? AgentId, string? Team, DateTime WorkAt, double Score, List<ItemDto> Items)
    {
        public decimal Points => Items.Sum(i => i.Points);
        public decimal MaxPoints => Items.Sum(i => i.MaxPoints);
    }
    public sealed record WeekDto(string Key, string Name, string? Team, string WeekStart, string Kind, string KindLabel, decimal Points, decimal MaxPoints, double? Score, int Scored);
    public sealed record LossDto(string Kind, string KindLabel, string ItemKey, string ItemName, decimal LostPoints, decimal MaxPoints, int Count);
    public sealed record EntryDto(string Text, string? Note);
    public sealed record ListsDto(List<EntryDto> Forbidden, List<EntryDto> Required);
}

public sealed class AutomaticReviewApiSqliteTests(SqliteHost host) : AutomaticReviewApiTests(host), IClassFixture<SqliteHost>;

public sealed class AutomaticReviewApiPostgresTests(PostgresHost host) : AutomaticReviewApiTests(host), IClassFixture<PostgresHost>;
