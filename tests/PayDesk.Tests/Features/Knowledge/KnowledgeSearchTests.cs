using System.Net;
using System.Net.Http.Json;
using PayDesk.Features.Complaints;
using PayDesk.Features.Knowledge;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Knowledge;

public abstract class KnowledgeSearchTests(HostFixture host)
{
    private static async Task<List<ArticleHit>> SearchAsync(HttpClient client, string q, string? locale = null)
    {
        var url = $"/api/v1/kb/search?q={Uri.EscapeDataString(q)}" + (locale is null ? "" : $"&locale={locale}");
        return (await client.GetFromJsonAsync<List<ArticleHit>>(url, ChatTests.Json))!;
    }

    [Fact]
    public async Task Chinese_queries_find_the_right_articles_first()
    {
        var anonymous = host.Factory.CreateClient();
        var refund = await SearchAsync(anonymous, "退款", "zh-CN");
        Assert.NotEmpty(refund);
        // The top three are all about refunds, most of them from the refunds category.
        Assert.All(refund.Take(3), h => Assert.Contains("退款", h.Title));
        Assert.True(refund.Take(3).Count(h => h.Category == "refunds") >= 2, string.Join(", ", refund.Select(h => h.Slug)));
        Assert.Contains("<mark>退款</mark>", refund[0].Snippet);

        var duplicate = await SearchAsync(anonymous, "银行卡 重复 扣款", "zh-CN");
        Assert.Equal("duplicate-debit", duplicate[0].Slug);
        Assert.Equal("zh-CN", duplicate[0].Locale);
    }

    [Fact]
    public async Task A_question_typed_with_a_homophones_character_finds_what_was_meant()
    {
        // 冻洁 is 冻结 (frozen) typed by sound: the index has no such word, and 账户 alone ranked the account-closing article first.
        var anonymous = host.Factory.CreateClient();
        var hits = await SearchAsync(anonymous, "账户冻洁了怎么办", "zh-CN");
        Assert.Contains(hits.Take(2), h => h.Slug is "account-frozen-why" or "account-unfreeze");
        Assert.Contains("<mark>冻结</mark>", hits[0].Snippet);

        var page = await anonymous.GetStringAsync("/help?q=" + Uri.EscapeDataString("账户冻洁了怎么办"));
        Assert.Contains("data-testid=\"help-also-searched\"", page);
        Assert.Contains("您要找的可能是“账户冻结了怎么办”", page);
        Assert.DoesNotContain("help-also-searched", await anonymous.GetStringAsync("/help?q=" + Uri.EscapeDataString("账户冻结了怎么办")));
    }

    [Fact]
    public async Task English_queries_find_english_articles()
    {
        var hits = await SearchAsync(host.Factory.CreateClient(), "my refund has not arrived", "en");
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("en", h.Locale));
        Assert.Contains(hits.Take(3), h => h.Slug is "refund-not-received" or "refund-timing");
        Assert.Equal("account-frozen-why", (await SearchAsync(host.Factory.CreateClient(), "why is my account frozen", "en"))[0].Slug);
    }

    [Fact]
    public async Task Drafts_and_internal_articles_never_appear_publicly()
    {
        var admin = await host.Factory.AdminClientAsync();
        var anonymous = host.Factory.CreateClient();
        var word = "zqx" + Guid.NewGuid().ToString("N")[..6];
        var draft = await admin.PostAsJsonAsync("/api/v1/kb/manage/articles", new
        {
            slug = "draft-" + word, locale = "en", title = $"Draft about {word}", body = $"Secret {word} procedure.", category = "service", visibility = "public",
        });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Empty(await SearchAsync(anonymous, word));
        Assert.Empty(await SearchAsync(admin, word));

        var created = (await draft.Content.ReadFromJsonAsync<ArticleResponse>(ChatTests.Json))!;
        var update = await admin.PutAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}", new
        {
            slug = created.Slug, locale = "en", title = $"Internal {word}", body = $"Agents only: {word} checklist.", category = "service", visibility = "internal",
        });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}/workflow", new { action = "publish" })).StatusCode);
        Assert.Empty(await SearchAsync(anonymous, word));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/kb/articles/{created.Slug}")).StatusCode);
        Assert.Equal(created.Id, Assert.Single(await SearchAsync(admin, word)).Id);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}/workflow", new { action = "archive" })).StatusCode);
        Assert.Empty(await SearchAsync(admin, word));
        var revisions = (await admin.GetFromJsonAsync<List<RevisionResponse>>($"/api/v1/kb/manage/articles/{created.Id}/revisions", ChatTests.Json))!;
        Assert.Equal(["archive", "publish", "edited", "created"], revisions.Select(r => r.Action).ToArray());
    }

    [Fact]
    public async Task A_published_article_stays_live_while_its_edit_waits_for_review()
    {
        var admin = await host.Factory.AdminClientAsync();
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var anonymous = host.Factory.CreateClient();
        var first = "alpha" + Guid.NewGuid().ToString("N")[..6];
        var second = "omega" + Guid.NewGuid().ToString("N")[..6];
        var article = (await (await agent.PostAsJsonAsync("/api/v1/kb/manage/articles", new
        {
            slug = "live-" + first, locale = "en", title = $"About {first}", body = $"Text {first}.", category = "service", visibility = "public",
        })).Content.ReadFromJsonAsync<ArticleResponse>(ChatTests.Json))!;
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/kb/manage/articles/{article.Id}/workflow", new { action = "submit" })).StatusCode);
        // Agents write and submit; supervisors publish.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/kb/manage/articles/{article.Id}/workflow", new { action = "publish" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/kb/manage/articles/{article.Id}/workflow", new { action = "publish" })).StatusCode);
        Assert.Single(await SearchAsync(anonymous, first));

        await agent.PutAsJsonAsync($"/api/v1/kb/manage/articles/{article.Id}", new
        {
            slug = article.Slug, locale = "en", title = $"About {second}", body = $"Text {second}.", category = "service", visibility = "public",
        });
        Assert.Single(await SearchAsync(anonymous, first));
        Assert.Empty(await SearchAsync(anonymous, second));
        await admin.PostAsJsonAsync($"/api/v1/kb/manage/articles/{article.Id}/workflow", new { action = "publish" });
        Assert.Empty(await SearchAsync(anonymous, first));
        Assert.Single(await SearchAsync(anonymous, second));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/v1/kb/manage/articles/{article.Id}/workflow", new { action = "reject" })).StatusCode);
    }

    [Fact]
    public async Task Staff_find_complaints_by_words_in_their_messages()
    {
        var admin = await host.Factory.AdminClientAsync();
        var serial = "2026" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "吴十", phone = TestData.NewPhone() }, subject = "商户结算延迟", description = "结算款三天没有到账",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;
        await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = $"客户补充交易流水号 {serial}，金额 5000 元", visibility = "internal" });

        var hits = (await admin.GetFromJsonAsync<List<TicketHit>>($"/api/v1/search/tickets?q={serial}", ChatTests.Json))!;
        Assert.Equal(ticket.Id, Assert.Single(hits).Id);
        Assert.Contains($"<mark>{serial}</mark>", hits[0].Snippet);
        var byWords = (await admin.GetFromJsonAsync<List<TicketHit>>($"/api/v1/search/tickets?q={Uri.EscapeDataString("结算 延迟")}", ChatTests.Json))!;
        Assert.Contains(byWords, h => h.Id == ticket.Id);

        var (customer, _) = await host.NewCustomerClientAsync(admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/v1/search/tickets?q={serial}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/search/tickets?q=")).StatusCode);
    }

    [Fact]
    public async Task Short_half_typed_queries_fall_back_to_prefix_matching()
    {
        var hits = await SearchAsync(host.Factory.CreateClient(), "chargeb", "en");
        Assert.Contains(hits, h => h.Slug == "chargeback-and-disputes");
    }
}

public sealed class SqliteKnowledgeSearchTests(SqliteHost host) : KnowledgeSearchTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresKnowledgeSearchTests(PostgresHost host) : KnowledgeSearchTests(host), IClassFixture<PostgresHost>;

/// <summary>
/// Recall@3 and the first hit over the queries we wrote for the seed articles (content/knowledge/relevance.tsv). The
/// first hit is what the chat assistant answers with.
/// </summary>
public sealed class RelevanceTests(SqliteHost host, ITestOutputHelper output) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Recall_at_three_is_at_least_ninety_percent()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "content", "knowledge", "relevance.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(p => p.Length == 3).ToList();
        Assert.True(lines.Count >= 50, $"only {lines.Count} relevance queries");
        var client = host.Factory.CreateClient();
        var misses = new List<string>();
        var firstMisses = new List<string>();
        foreach (var (locale, query, expected) in lines.Select(p => (p[0], p[1], p[2])))
        {
            var hits = (await client.GetFromJsonAsync<List<ArticleHit>>($"/api/v1/kb/search?q={Uri.EscapeDataString(query)}&locale={locale}&limit=3", ChatTests.Json))!;
            var said = $"{locale} {query} → {string.Join(", ", hits.Select(h => h.Slug))} (want {expected})";
            if (!hits.Any(h => h.Slug == expected)) misses.Add(said);
            if (hits.FirstOrDefault()?.Slug != expected) firstMisses.Add(said);
        }
        var recall = 1 - (double)misses.Count / lines.Count;
        var first = 1 - (double)firstMisses.Count / lines.Count;
        output.WriteLine($"[figure] search recall@3={recall:F4} first-hit={first:F4} over {lines.Count} queries ({misses.Count} / {firstMisses.Count} misses)");
        output.WriteLine(string.Join("\n", firstMisses));
        Assert.True(recall >= 0.9, $"recall@3={recall:F4}; misses:\n{string.Join("\n", misses)}");
        // 0.9529 when written (0.9294 before dates, amounts and filler words such as 没 and 一直 were left out of queries).
        Assert.True(first >= 0.93, $"first hit={first:F4}; misses:\n{string.Join("\n", firstMisses)}");
    }
}

internal static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PayDesk.slnx"))) return dir.FullName;
            }
            throw new InvalidOperationException("Repository root not found.");
        }
    }
}
