using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Analytics;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Analytics;

/// <summary>Reports and their CSV exports on both databases, over complaints walked through their lifecycle.</summary>
public abstract class ReportApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static Task<HttpResponseMessage> FireAsync(HttpClient client, Guid ticket, string trigger, string? reason = null, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["trigger"] = trigger, ["reason"] = reason };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", body);
    }

    [Fact]
    public async Task Reports_count_what_happened_and_export_csv()
    {
        var admin = await Factory.AdminClientAsync();
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "王芳");
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        // The first complaint is the portal customer's own, so they can rate it.
        var own = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "商家说已退款，一周了还没到账", category = "refund" });
        var ids = new List<Guid> { (await own.Content.ReadFromJsonAsync<TicketDto>())!.Id };
        foreach (var (channel, category) in new[] { ("app", "funds"), ("app", "refund"), ("email", "consultation") })
        {
            var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel, customer = new { name = "张三", phone = TestData.NewPhone() }, subject = "退款未到账", description = "商家说已退款，一周了还没到账", category,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await created.Content.ReadFromJsonAsync<TicketDto>())!.Id);
        }
        // One resolved at first contact and closed with a root cause, one escalated by a rejected solution.
        foreach (var trigger in new[] { "acknowledge", "start_work" })
        {
            Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ids[0], trigger)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ids[1], trigger)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ids[0], "propose_solution", "已解释扣款原因")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ids[0], "accept_solution")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ids[0], "close", extra: new { rootCause = "merchant_error", resolutionCode = "refunded", summary = "商户延迟" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ids[1], "propose_solution", "请等待")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ids[1], "reject_solution", "不接受")).StatusCode);

        var summary = (await admin.GetFromJsonAsync<SummaryDto>("/api/v1/reports/summary"))!;
        Assert.Equal((4, 1, 3, 1, 1), (summary.Complaints, summary.Resolved, summary.Open, summary.Escalated, summary.FirstContactResolved));
        Assert.Equal(1.0, summary.FirstContactResolutionRate);

        var byChannel = (await admin.GetFromJsonAsync<List<CountDto>>("/api/v1/reports/volume?by=channel"))!;
        Assert.Equal(("app", 2, 0.5), (byChannel[0].Key, byChannel[0].Count, byChannel[0].Share));
        var byCategory = (await admin.GetFromJsonAsync<List<CountDto>>("/api/v1/reports/volume?by=category&channel=app"))!;
        Assert.Equal(["funds", "refund"], byCategory.Select(c => c.Key).Order());

        var heat = (await admin.GetFromJsonAsync<HeatmapDto>("/api/v1/reports/heatmap"))!;
        Assert.Equal(4, heat.Counts.SelectMany(d => d).Sum());
        var sla = (await admin.GetFromJsonAsync<List<SlaDto>>("/api/v1/reports/sla"))!;
        Assert.Contains(sla, r => r.Kind == "first_response" && r.Met + r.Breached + r.Running >= 4);
        var durations = (await admin.GetFromJsonAsync<List<DurationDto>>("/api/v1/reports/durations"))!;
        Assert.Contains(durations, d => d.Kind == "first_response" && d.Count >= 1 && d.P50Minutes >= 1);
        var backlog = (await admin.GetFromJsonAsync<List<AgeingDto>>("/api/v1/reports/backlog"))!;
        Assert.Equal(3, backlog.Single(b => b.Bucket == "<1d").Count);
        var pareto = (await admin.GetFromJsonAsync<List<ParetoDto>>("/api/v1/reports/root-causes"))!;
        Assert.Equal(("merchant_error", 1, 1.0), (pareto[0].Cause, pareto[0].Count, pareto[0].CumulativeShare));

        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ids[0]}/survey", new { score = 5, firstContactResolved = true })).StatusCode);
        var satisfaction = (await admin.GetFromJsonAsync<List<SatisfactionDto>>("/api/v1/reports/satisfaction"))!;
        Assert.Equal((1, 5.0, 1.0), (satisfaction.Sum(s => s.CsatAnswers), satisfaction.Single(s => s.CsatAnswers > 0).CsatAverage!.Value, satisfaction.Single(s => s.CsatAnswers > 0).FirstContactResolvedShare!.Value));
        // A region no team belongs to has no answers.
        Assert.Equal(0, (await admin.GetFromJsonAsync<List<SatisfactionDto>>("/api/v1/reports/satisfaction?region=nowhere"))!.Sum(s => s.CsatAnswers));
        var cards = (await admin.GetFromJsonAsync<PageDto<ScorecardDto>>("/api/v1/reports/scorecards?by=agent"))!;
        var card = Assert.Single(cards.Items, c => c.Key == agentId.ToString());
        Assert.Equal(("王芳", 2, 1, 1, 5.0), (card.Name, card.Assigned, card.Resolved, card.Escalated, card.CsatAverage!.Value));

        var disclosure = (await admin.GetFromJsonAsync<List<DisclosureDto>>("/api/v1/reports/disclosure"))!;
        Assert.Equal(4, disclosure.Sum(d => d.Complaints));
        var refunds = disclosure.Single(d => d.Category == "refund");
        Assert.Equal((2, 1, 0.5), (refunds.Complaints, refunds.Resolved, refunds.ResolvedShare));
        Assert.NotNull(refunds.MedianResolutionHours);

        var csv = await admin.GetAsync("/api/v1/reports/volume?by=channel&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("key,count,share", text.TrimStart('\uFEFF'));
        Assert.Contains("app,2,0.5", text);
        foreach (var report in new[] { "summary", "disclosure", "heatmap", "sla", "durations", "backlog", "satisfaction", "root-causes", "scorecards?by=team" })
        {
            var export = await admin.GetAsync($"/api/v1/reports/{report}{(report.Contains('?') ? "&" : "?")}format=csv");
            Assert.True(export.IsSuccessStatusCode, report);
            Assert.True((await export.Content.ReadAsStringAsync()).Split('\n').Length >= 2, report);
        }
    }

    [Fact]
    public async Task Bad_filters_are_named_and_agents_cannot_read_reports()
    {
        var admin = await Factory.AdminClientAsync();
        var bad = await admin.GetAsync("/api/v1/reports/summary?from=2026-13-01&channel=fax&format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["channel", "format", "from"], (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());
        var reversed = await admin.GetAsync("/api/v1/reports/summary?from=2026-11-20&to=2026-11-01");
        Assert.Contains("to", (await reversed.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        var tooLong = await admin.GetAsync("/api/v1/reports/summary?from=2024-01-01&to=2026-11-01");
        Assert.Contains("from", (await tooLong.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/reports/summary")).StatusCode);
    }

    [Fact]
    public async Task The_supervisor_board_counts_today_by_channel_and_Beijing_hour_in_the_database()
    {
        // The board loaded every complaint filed today into memory, every five seconds for every open board: tens of
        // thousands of rows a time at a large centre. It now counts them in the database, by channel and UTC hour.
        var admin = await Factory.AdminClientAsync();
        var tag = "看板计数 " + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<Guid>();
        foreach (var channel in new[] { "app", "email", "app" })
        {
            var created = await admin.PostAsJsonAsync("/api/v1/tickets", new { channel, customer = new { name = "赵六", phone = TestData.NewPhone() }, subject = tag, description = "看板计数测试" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await created.Content.ReadFromJsonAsync<TicketDto>())!.Id);
        }
        // Moved to a day no other test files on (and out of the other reports' periods): 00:30 and 23:30 Beijing time on
        // 5 March 2020, and 23:59 the day before.
        var times = new[] { new DateTime(2020, 3, 4, 16, 30, 0, DateTimeKind.Utc), new DateTime(2020, 3, 5, 15, 30, 0, DateTimeKind.Utc), new DateTime(2020, 3, 4, 15, 59, 0, DateTimeKind.Utc) };
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i < ids.Count; i++)
            {
                var (id, at) = (ids[i], times[i]);
                await db.Tickets.Where(t => t.Id == id).ExecuteUpdateAsync(u => u.SetProperty(t => t.CreatedAt, at), TestContext.Current.CancellationToken);
            }
            // A refund waiting for its second person shows on the board too.
            db.ResolutionActions.Add(new ResolutionAction
            {
                TicketId = ids[0], Kind = ResolutionKind.Refund, Amount = 1309.52m, Currency = "CNY", Note = "重复扣款退款",
                Status = ResolutionStatus.PendingApproval, RequestedByName = "王芳", CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var board = await SupervisorBoardSource.ReadAsync(Factory.Services.GetRequiredService<IServiceScopeFactory>(),
            new FakeTimeProvider(new DateTimeOffset(2020, 3, 5, 15, 45, 0, TimeSpan.Zero)), TestContext.Current.CancellationToken);
        Assert.Equal([(TicketChannel.App, 1), (TicketChannel.Email, 1)], board.Today.OrderBy(c => c.Channel.ToString()).Select(c => (c.Channel, c.Count)));
        Assert.Equal(1, board.ByHour[0]);
        Assert.Equal(1, board.ByHour[23]);
        Assert.Equal(2, board.ByHour.Sum());
        Assert.True(board.PendingApprovals >= 1);
    }

    [Fact]
    public async Task Open_boards_share_one_read_every_few_seconds_and_a_failed_read_is_tried_again()
    {
        var scopes = new CountingScopes(Factory.Services.GetRequiredService<IServiceScopeFactory>()) { Failing = true };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = new SupervisorBoardSource(scopes, clock);
        // The database unreachable: the refresh fails, and the failure is not what the next board is given.
        await Assert.ThrowsAsync<InvalidOperationException>(source.GetAsync);
        scopes.Failing = false;
        var (first, second) = (source.GetAsync(), source.GetAsync());
        Assert.Same(await first, await second);
        Assert.Equal(2, scopes.Reads);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Same(await first, await source.GetAsync());
        clock.Advance(SupervisorBoardSource.FreshFor);
        Assert.NotSame(await first, await source.GetAsync());
        Assert.Equal(3, scopes.Reads);
    }

    private sealed class CountingScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private int _reads;
        public bool Failing { get; set; }
        public int Reads => _reads;

        public IServiceScope CreateScope()
        {
            Interlocked.Increment(ref _reads);
            return Failing ? throw new InvalidOperationException("The database is restarting.") : inner.CreateScope();
        }
    }

    public sealed record SummaryDto(int Complaints, int Resolved, int Open, int Escalated, int Reopened, int FirstContactResolved, double FirstContactResolutionRate);
    public sealed record CountDto(string Key, int Count, double Share);
    public sealed record HeatmapDto(int[][] Counts, int Max);
    public sealed record SlaDto(string Kind, int Met, int Breached, int Running, double Compliance);
    public sealed record DurationDto(string Kind, int Count, double P50Minutes, double P90Minutes);
    public sealed record AgeingDto(string Bucket, int Count);
    public sealed record ParetoDto(string Cause, int Count, double Share, double CumulativeShare);
    public sealed record SatisfactionDto(string WeekStarting, int CsatAnswers, double? CsatAverage, double? FirstContactResolvedShare, int NpsAnswers, double? Nps);
    public sealed record DisclosureDto(string Category, int Complaints, int Resolved, double ResolvedShare, double? RegulatoryCompliance, double? MedianResolutionHours);
    public sealed record ScorecardDto(string Key, string Name, int Assigned, int Resolved, int Open, int Escalated, double? CsatAverage);
}

public sealed class ReportApiSqliteTests(SqliteHost host) : ReportApiTests(host), IClassFixture<SqliteHost>;

public sealed class ReportApiPostgresTests(PostgresHost host) : ReportApiTests(host), IClassFixture<PostgresHost>;
