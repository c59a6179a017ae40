using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Features.Knowledge;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Knowledge;

public sealed class KnowledgeApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task A_reader_votes_once_and_may_change_their_mind()
    {
        var reader = host.Factory.CreateClient();
        var article = (await reader.GetFromJsonAsync<ArticleResponse>("/api/v1/kb/articles/refund-timing?locale=zh-CN", ChatTests.Json))!;
        Assert.Contains("<h2", article.Html);
        Assert.Contains("en", article.Translations);
        var first = (await (await reader.PostAsJsonAsync($"/api/v1/kb/articles/{article.Id}/votes", new { helpful = true })).Content.ReadFromJsonAsync<ArticleSummary>(ChatTests.Json))!;
        var again = (await (await reader.PostAsJsonAsync($"/api/v1/kb/articles/{article.Id}/votes", new { helpful = true })).Content.ReadFromJsonAsync<ArticleSummary>(ChatTests.Json))!;
        var changed = (await (await reader.PostAsJsonAsync($"/api/v1/kb/articles/{article.Id}/votes", new { helpful = false })).Content.ReadFromJsonAsync<ArticleSummary>(ChatTests.Json))!;
        Assert.Equal(first.HelpfulYes, again.HelpfulYes);
        Assert.Equal((first.HelpfulYes - 1, first.HelpfulNo + 1), (changed.HelpfulYes, changed.HelpfulNo));
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.PostAsJsonAsync($"/api/v1/kb/articles/{article.Id}/votes", new { })).StatusCode);
    }

    [Fact]
    public async Task A_voter_cookie_the_server_did_not_issue_is_a_stranger_not_a_new_voter_each_time()
    {
        var article = (await host.Factory.CreateClient().GetFromJsonAsync<ArticleResponse>("/api/v1/kb/articles/refund-timing?locale=zh-CN", ChatTests.Json))!;
        async Task<ArticleSummary> VoteAsync(string? cookie)
        {
            var client = host.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/kb/articles/{article.Id}/votes") { Content = JsonContent.Create(new { helpful = false }) };
            if (cookie is not null) request.Headers.Add("Cookie", cookie);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<ArticleSummary>(ChatTests.Json))!;
        }
        // Made-up cookies (the stuffing the old check allowed: "pd_voter=stuff1", "stuff2", …, or a staff member's id) each
        // count as a reader without a cookie — one new vote per request, as for anyone who clears cookies — and never
        // change a signed-in reader's vote.
        var admin = await host.Factory.AdminClientAsync();
        var me = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/auth/me")).GetProperty("id").GetString();
        var before = (await VoteAsync(null)).HelpfulNo;
        var staffVote = await admin.PostAsJsonAsync($"/api/v1/kb/articles/{article.Id}/votes", new { helpful = true });
        Assert.Equal(HttpStatusCode.OK, staffVote.StatusCode);
        var afterStaff = (await staffVote.Content.ReadFromJsonAsync<ArticleSummary>(ChatTests.Json))!;
        var forged = await VoteAsync($"pd_voter={me}");
        // The staff member's "yes" stands: the forged cookie added a separate "no" instead of turning it.
        Assert.Equal(afterStaff.HelpfulYes, forged.HelpfulYes);
        Assert.Equal(afterStaff.HelpfulNo + 1, forged.HelpfulNo);
        Assert.True(before >= 1);
    }

    [Fact]
    public async Task An_internal_article_cannot_be_voted_on_from_outside()
    {
        var admin = await host.Factory.AdminClientAsync();
        var slug = "internal-" + Guid.NewGuid().ToString("N")[..6];
        var created = (await (await admin.PostAsJsonAsync("/api/v1/kb/manage/articles", new
        {
            slug, locale = "zh-CN", title = "内部流程", category = "service", visibility = "internal", body = "仅供坐席",
        })).Content.ReadFromJsonAsync<ArticleResponse>(ChatTests.Json))!;
        await admin.PostAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}/workflow", new { action = "publish" });
        Assert.Equal(HttpStatusCode.NotFound, (await host.Factory.CreateClient().PostAsJsonAsync($"/api/v1/kb/articles/{created.Id}/votes", new { helpful = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/kb/articles/{created.Id}/votes", new { helpful = true })).StatusCode);
    }

    [Fact]
    public async Task Article_html_is_sanitised()
    {
        var admin = await host.Factory.AdminClientAsync();
        var slug = "xss-" + Guid.NewGuid().ToString("N")[..6];
        var created = (await (await admin.PostAsJsonAsync("/api/v1/kb/manage/articles", new
        {
            slug, locale = "en", title = "Links", category = "service", visibility = "public",
            body = "Hello <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)> [ok](https://example.com)",
        })).Content.ReadFromJsonAsync<ArticleResponse>(ChatTests.Json))!;
        await admin.PostAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}/workflow", new { action = "publish" });
        var html = (await host.Factory.CreateClient().GetFromJsonAsync<ArticleResponse>($"/api/v1/kb/articles/{slug}", ChatTests.Json))!.Html!;
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("https://example.com", html);
        var bad = await admin.PostAsJsonAsync("/api/v1/kb/manage/articles", new { slug = "Bad Slug!", locale = "fr", title = "", body = "", category = "nope", visibility = "public" });
        var problem = (await bad.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["body", "category", "locale", "slug", "title"], problem.Errors!.Keys.Order().ToArray());
    }

    [Fact]
    public async Task Agents_get_suggested_articles_and_macros_filled_from_the_complaint()
    {
        var admin = await host.Factory.AdminClientAsync();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "郑十一", phone = TestData.NewPhone() }, subject = "同一笔订单扣了两次钱", description = "超市付款被重复扣款",
            amount = new { value = 88.50, currency = "CNY" }, transactionId = "T202611250042",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;
        var suggested = (await admin.GetFromJsonAsync<List<ArticleHit>>($"/api/v1/tickets/{ticket.Id}/suggested-articles", ChatTests.Json))!;
        Assert.Contains(suggested.Take(3), a => a.Slug is "duplicate-debit" or "agent-duplicate-debit-procedure");
        var macro = (await admin.GetFromJsonAsync<RenderedMacro>($"/api/v1/tickets/{ticket.Id}/macros/ack-refund", ChatTests.Json))!;
        Assert.Contains("郑十一", macro.Text);
        Assert.Contains("T202611250042", macro.Text);
        Assert.Contains("88.50", macro.Text);
        Assert.Contains(ticket.Number, macro.Text);
        Assert.DoesNotContain("{{", macro.Text);

        var assist = (await admin.GetFromJsonAsync<PayDesk.Features.Assistant.AssistSuggestion>($"/api/v1/tickets/{ticket.Id}/assist", ChatTests.Json))!;
        Assert.Equal(("duplicate_debit", PayDesk.Features.Complaints.TicketCategory.Funds), (assist.Intent, assist.SuggestedCategory));
        Assert.Contains("郑十一", assist.Draft);
        Assert.Contains("T202611250042", assist.Draft);
        Assert.Contains("88.50", assist.Draft);
        Assert.Contains("/help/articles/duplicate-debit", assist.Draft);
    }

    [Fact]
    public async Task Deflections_are_recorded_and_checked()
    {
        var (customer, customerId) = await host.NewCustomerClientAsync(await host.Factory.AdminClientAsync());
        var ok = await customer.PostAsJsonAsync("/api/v1/kb/deflections", new { query = "退款多久到账", suggested = new[] { "refund-timing" }, outcome = "solved" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsJsonAsync("/api/v1/kb/deflections", new { query = "x", suggested = Array.Empty<string>() })).StatusCode);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(DeflectionOutcome.Solved, (await db.Deflections.SingleAsync(d => d.CustomerId == customerId)).Outcome);
    }

    [Fact]
    public async Task Complaints_stored_before_the_index_existed_are_indexed_at_start()
    {
        var admin = await host.Factory.AdminClientAsync();
        var word = "回填" + Guid.NewGuid().ToString("N")[..6];
        await admin.PostAsJsonAsync("/api/v1/tickets", new { channel = "web", customer = new { name = "冯十二", phone = TestData.NewPhone() }, subject = word, description = "旧数据" });
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            // As if the database came from a version without the index.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM search_tickets; DELETE FROM search_keys WHERE doc_type <> 'article';");
            await db.AppSettings.Where(s => s.Key == "search.index.version").ExecuteDeleteAsync();
        }
        Assert.Empty((await admin.GetFromJsonAsync<List<TicketHit>>($"/api/v1/search/tickets?q={Uri.EscapeDataString(word)}", ChatTests.Json))!);
        await SearchBackfill.EnsureAsync(host.Factory.Services, TextWriter.Null, CancellationToken.None);
        Assert.Single((await admin.GetFromJsonAsync<List<TicketHit>>($"/api/v1/search/tickets?q={Uri.EscapeDataString(word)}", ChatTests.Json))!);
    }
}
