using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Quality;

/// <summary>
/// The reviews export (every row, filtered like the list, disputed and settled columns) and claiming an unassigned
/// review when several reviewers try at the same moment: exactly one wins, the others get 409 problem details.
/// </summary>
public abstract class ReviewExportAndClaimTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    public sealed record ReviewDto(Guid Id, string TicketNumber, Guid AgentId, Guid? ReviewerId, string? ReviewerName, string Status);

    /// <summary>A complaint the agent owns (taken on and being worked), filed by a new customer.</summary>
    private async Task<TicketDto> OwnedComplaintAsync(HttpClient agent, string subject)
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var ticket = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject, description = subject + "，请尽快处理", category = "funds" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" })).StatusCode);
        return (await agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
    }

    /// <summary>A review nobody has been dealt (what a sample leaves when no other reviewer can take a pick).</summary>
    private async Task<Guid> UnassignedReviewAsync(TicketDto ticket, string agentName)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rubric = (await AssignReview.CurrentRubricAsync(db, null, CancellationToken.None))!;
        var review = AssignReview.NewReview(rubric, new AssignReview.TicketFacts(ticket.Id, ticket.Number, ticket.OwnerId, DateTime.UtcNow, null),
            agentName, null, null, SampleReason.Random, null, null, DateTime.UtcNow);
        db.Set<QualityReview>().Add(review);
        await db.SaveChangesAsync();
        return review.Id;
    }

    private static List<List<string>> Rows(string csv) =>
        csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(Csv.SplitLine).ToList();

    [Fact]
    public async Task Only_one_of_several_reviewers_claiming_an_unassigned_review_at_once_wins_the_others_get_409()
    {
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "被抽检坐席");
        var ticket = await OwnedComplaintAsync(agent, "重复扣款");
        Assert.Equal(agentId, ticket.OwnerId);
        var reviewers = new List<(HttpClient Client, Guid Id)>();
        for (var i = 0; i < 6; i++) reviewers.Add(await host.NewStaffClientAsync("supervisor", $"抢单质检{i}"));

        // Everyone may see it in their queue until someone takes it.
        var id = await UnassignedReviewAsync(ticket, "被抽检坐席");
        foreach (var (client, _) in reviewers.Take(2))
            Assert.Contains((await client.GetFromJsonAsync<PageDto<ReviewDto>>("/api/v1/quality/reviews?scope=queue&pageSize=100"))!.Items, r => r.Id == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"/api/v1/quality/reviews/{id}/claim", null)).StatusCode);

        var answers = await Task.WhenAll(reviewers.Select(r => r.Client.PostAsync($"/api/v1/quality/reviews/{id}/claim", null)));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) == 1, string.Join(" ", answers.Select(a => (int)a.StatusCode)));
        Assert.Equal(reviewers.Count - 1, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        foreach (var lost in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("application/problem+json", lost.Content.Headers.ContentType!.MediaType);
            Assert.Equal(409, (await lost.Content.ReadFromJsonAsync<ProblemDto>())!.Status);
        }
        var winner = reviewers[Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.OK)];
        var claimed = (await answers.Single(a => a.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<ReviewDto>())!;
        Assert.Equal(winner.Id, claimed.ReviewerId);
        // Claiming again is harmless for the winner; the others no longer see it in their queue.
        Assert.Equal(HttpStatusCode.OK, (await winner.Client.PostAsync($"/api/v1/quality/reviews/{id}/claim", null)).StatusCode);
        var loser = reviewers.First(r => r.Id != winner.Id);
        Assert.DoesNotContain((await loser.Client.GetFromJsonAsync<PageDto<ReviewDto>>("/api/v1/quality/reviews?scope=queue&pageSize=100"))!.Items, r => r.Id == id);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(winner.Id, (await db.Set<QualityReview>().AsNoTracking().SingleAsync(r => r.Id == id)).ReviewerId);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityType == "QualityReview" && a.EntityId == id && a.Action == "claimed"));
        }

        // Two reviewers submitting the same unassigned review at once: one scores it, the other is told it is taken.
        var second = await UnassignedReviewAsync(ticket, "被抽检坐席");
        var scores = DefaultRubric.Items.Select(i => new { itemKey = i.Key, value = 1 }).ToArray();
        var submits = await Task.WhenAll(reviewers.Take(2).Select(r => r.Client.PostAsJsonAsync($"/api/v1/quality/reviews/{second}/submit", new { scores })));
        // (The loser reads either a review claimed by someone else, 403, or one already scored or lost in the claim, 409.)
        Assert.Equal(1, submits.Count(s => s.StatusCode == HttpStatusCode.OK));
        Assert.Contains(submits.Single(s => s.StatusCode != HttpStatusCode.OK).StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.Forbidden });

        // Several reviewers picking the same complaint into their queue at once: one review is queued, the rest get 409.
        var other = await OwnedComplaintAsync(agent, "提现失败");
        var picks = await Task.WhenAll(reviewers.Select(r => r.Client.PostAsJsonAsync("/api/v1/quality/reviews", new { ticket = other.Number })));
        Assert.Equal(1, picks.Count(p => p.StatusCode == HttpStatusCode.OK));
        Assert.Equal(reviewers.Count - 1, picks.Count(p => p.StatusCode == HttpStatusCode.Conflict));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<QualityReview>().CountAsync(r => r.TicketId == other.Id));
        }
    }

    [Fact]
    public async Task The_reviews_csv_has_every_row_of_the_filtered_list_with_dispute_and_settlement()
    {
        var (agent, agentId) = await host.NewStaffClientAsync("agent", "导出坐席");
        var (reviewer, _) = await host.NewStaffClientAsync("supervisor", "导出质检甲");
        var (second, secondId) = await host.NewStaffClientAsync("supervisor", "导出质检乙");
        var ticket = await OwnedComplaintAsync(agent, "提现未到账");

        // One review goes the whole way: picked, scored, disputed, settled.
        var picked = await reviewer.PostAsJsonAsync("/api/v1/quality/reviews", new { ticket = ticket.Number });
        Assert.True(picked.StatusCode == HttpStatusCode.OK, await picked.Content.ReadAsStringAsync());
        var review = (await picked.Content.ReadFromJsonAsync<ReviewDto>())!;
        var scores = DefaultRubric.Items.Select(i => new { itemKey = i.Key, value = 1 }).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/v1/quality/reviews/{review.Id}/submit", new { scores })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/quality/reviews/{review.Id}/dispute", new { reason = "已按流程核实身份" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync($"/api/v1/quality/reviews/{review.Id}/settle", new { outcome = "upheld", note = "维持原评分" })).StatusCode);

        // And more reviews of the same agent than one page holds (dealt to the second reviewer), so "every row" means more than a page.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rubric = (await AssignReview.CurrentRubricAsync(db, null, CancellationToken.None))!;
            for (var i = 0; i < 130; i++)
            {
                db.Set<QualityReview>().Add(AssignReview.NewReview(rubric, new AssignReview.TicketFacts(Guid.NewGuid(), $"PD-2026-9{i:D5}", agentId, DateTime.UtcNow, null),
                    "导出坐席", secondId, "导出质检乙", SampleReason.Random, null, null, DateTime.UtcNow.AddMinutes(-i)));
            }
            await db.SaveChangesAsync();
        }

        var list = (await reviewer.GetFromJsonAsync<PageDto<ReviewDto>>($"/api/v1/quality/reviews?scope=all&agent={agentId}&pageSize=100"))!;
        Assert.Equal((131, 100), (list.Total, list.Items.Count));
        var response = await reviewer.GetAsync($"/api/v1/quality/reviews?scope=all&agent={agentId}&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Rows(Encoding.UTF8.GetString(bytes));
        var header = rows[0];
        Assert.Equal(["complaint", "agent", "reviewer", "rubric", "rubric_version", "reason", "status", "total", "fatal_failed", "submitted_total", "disputed",
            "dispute_reason", "settlement", "settler", "week", "assigned_at", "submitted_at", "answered_at", "settled_at"], header);
        Assert.Equal(131, rows.Count - 1);
        string Cell(List<string> row, string column) => row[header.IndexOf(column)];
        var settled = rows.Skip(1).Single(r => Cell(r, "complaint") == ticket.Number);
        Assert.Equal(("导出坐席", "导出质检甲", "settled", "True", "已按流程核实身份", "upheld", "导出质检乙"),
            (Cell(settled, "agent"), Cell(settled, "reviewer"), Cell(settled, "status"), Cell(settled, "disputed"), Cell(settled, "dispute_reason"),
                Cell(settled, "settlement"), Cell(settled, "settler")));
        Assert.EndsWith("Z", Cell(settled, "settled_at"));
        Assert.NotEqual("", Cell(settled, "total"));
        Assert.All(rows.Skip(1).Where(r => r != settled), r => Assert.Equal(("assigned", "False"), (Cell(r, "status"), Cell(r, "disputed"))));

        // Filtered like the list: only the settled one.
        var onlySettled = Rows(await reviewer.GetStringAsync($"/api/v1/quality/reviews?scope=all&agent={agentId}&status=settled&format=csv"));
        Assert.Equal(ticket.Number, Assert.Single(onlySettled.Skip(1))[0]);

        // The agent exports their own reviews only; asking for everyone's is refused before anything streams.
        var mine = Rows(await agent.GetStringAsync("/api/v1/quality/reviews?format=csv"));
        Assert.Equal(ticket.Number, Assert.Single(mine.Skip(1))[0]);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/quality/reviews?scope=all&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.GetAsync("/api/v1/quality/reviews?scope=all&format=xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.GetAsync("/api/v1/quality/reviews?scope=all&agent=nobody&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.GetAsync("/api/v1/quality/reviews?scope=all&status=done")).StatusCode);
    }
}

public sealed class ReviewExportAndClaimSqliteTests(SqliteHost host) : ReviewExportAndClaimTests(host), IClassFixture<SqliteHost>;

public sealed class ReviewExportAndClaimPostgresTests(PostgresHost host) : ReviewExportAndClaimTests(host), IClassFixture<PostgresHost>;
