using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Settings;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Settings;

/// <summary>The rules of the public address: what is accepted, how it is written, which source wins.</summary>
public sealed class PublicAddressRulesTests
{
    [Theory]
    [InlineData("https://kefu.example.com", "https://kefu.example.com")]
    [InlineData("  https://kefu.example.com/  ", "https://kefu.example.com")]
    [InlineData("https://KEFU.Example.com//", "https://kefu.example.com")]
    [InlineData("http://10.1.2.3:8080/paydesk/", "http://10.1.2.3:8080/paydesk")]
    [InlineData("https://kefu.example.com:443/", "https://kefu.example.com")]
    public void A_usable_address_is_kept_without_its_trailing_slash(string input, string expected) =>
        Assert.Equal(expected, PublicAddress.Normalise(input, out _));

    [Theory]
    [InlineData("", "Validation.Required")]
    [InlineData("kefu.example.com", "PublicAddress.NotHttp")]
    [InlineData("/relative/path", "PublicAddress.NotHttp")]
    [InlineData("ftp://kefu.example.com", "PublicAddress.NotHttp")]
    [InlineData("javascript:alert(1)", "PublicAddress.NotHttp")]
    [InlineData("https://kefu example.com", "PublicAddress.NotHttp")]
    [InlineData("https://kefu.example.com/?from=sms", "PublicAddress.NoQuery")]
    [InlineData("https://kefu.example.com/#top", "PublicAddress.NoQuery")]
    [InlineData("https://admin:secret@kefu.example.com", "PublicAddress.NoUser")]
    public void An_unusable_address_is_refused_with_its_reason(string input, string reason)
    {
        Assert.Null(PublicAddress.Normalise(input, out var problem));
        Assert.Equal(reason, problem);
    }

    [Fact]
    public void An_address_longer_than_200_characters_is_refused()
    {
        Assert.Null(PublicAddress.Normalise("https://kefu.example.com/" + new string('a', 200), out var problem));
        Assert.Equal("PublicAddress.TooLong", problem);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", true)]
    [InlineData("https://kefu.example.com", false)]
    [InlineData("http://10.1.2.3", false)]
    public void Loopback_addresses_are_recognised(string url, bool loopback) => Assert.Equal(loopback, PublicAddress.IsLoopback(url));

    [Theory]
    [InlineData("http://10.1.2.3", true)]
    [InlineData("https://172.20.0.5:8443", true)]
    [InlineData("https://172.32.0.5", false)]
    [InlineData("http://192.168.1.20", true)]
    [InlineData("http://[fd00::5]", true)]
    [InlineData("https://kefu", true)]
    [InlineData("https://kefu.corp", true)]
    [InlineData("https://paydesk.lan", true)]
    [InlineData("https://kefu.example.cn", false)]
    [InlineData("https://203.0.113.7", false)]
    [InlineData("http://127.0.0.1:5080", false)]
    public void Addresses_only_the_company_network_reaches_are_recognised(string url, bool isPrivate) =>
        Assert.Equal(isPrivate, PublicAddress.IsPrivate(url));

    [Fact]
    public void Configuration_wins_over_the_database_which_wins_over_the_default()
    {
        var stored = new AppSetting { Key = PublicAddress.SettingKey, Value = "https://saved.example.com", UpdatedAt = DateTime.UtcNow, UpdatedBy = "王芳" };

        var both = PublicAddress.Resolve("https://env.example.com/", stored);
        Assert.Equal(("https://env.example.com", PublicAddressSource.Configuration, "https://saved.example.com"), (both.Url, both.Source, both.SavedUrl));
        var saved = PublicAddress.Resolve(null, stored);
        Assert.Equal(("https://saved.example.com", PublicAddressSource.Database), (saved.Url, saved.Source));
        Assert.False(saved.NeedsAttention);
        var none = PublicAddress.Resolve("", null);
        Assert.Equal((PublicAddress.DefaultUrl, PublicAddressSource.Default), (none.Url, none.Source));
        Assert.True(none.NeedsAttention);
    }

    [Theory]
    // A newcomer started PayDesk on 5095 and the survey links went to 5080: the default is where the server listens.
    [InlineData("http://127.0.0.1:5095", "http://127.0.0.1:5095")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://[::]:80", "http://127.0.0.1")]
    [InlineData("http://+:5000", "http://127.0.0.1:5000")]
    [InlineData("https://kefu.example.com:8443", "https://kefu.example.com:8443")]
    public void Without_a_configured_or_saved_address_links_follow_the_listening_one(string listening, string expected)
    {
        Assert.Equal(expected, PublicAddress.ListeningUrl(listening));
        var none = PublicAddress.Resolve(null, null, PublicAddress.ListeningUrl(listening)!);
        Assert.Equal((expected, PublicAddressSource.Default), (none.Url, none.Source));
    }
}

/// <summary>GET/PUT /api/v1/settings/public-address, and the links customers receive.</summary>
public sealed class PublicAddressApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private PayDeskFactory Factory => host.Factory;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Only_an_administrator_reads_or_changes_the_address()
    {
        var (agent, _) = await host.NewStaffClientAsync("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/settings/public-address")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/v1/settings/public-address", new { url = "https://x.example.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync("/api/v1/settings/public-address")).StatusCode);
    }

    [Theory]
    [InlineData("kefu.example.com")]
    [InlineData("https://kefu.example.com/?a=1")]
    [InlineData("")]
    public async Task A_bad_address_is_a_400_problem_naming_the_url_field(string url)
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.PutAsJsonAsync("/api/v1/settings/public-address", new { url });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Web);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
    }

    [Fact]
    public async Task A_saved_address_is_normalised_audited_and_used_in_the_solution_sms()
    {
        var admin = await Factory.AdminClientAsync();
        var saved = await admin.PutAsJsonAsync("/api/v1/settings/public-address", new { url = "https://kefu.example.com/" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>(Web);
        Assert.Equal("https://kefu.example.com", body.GetProperty("url").GetString());
        Assert.Equal("database", body.GetProperty("source").GetString());
        Assert.False(body.GetProperty("needsAttention").GetBoolean());
        var read = await admin.GetFromJsonAsync<JsonElement>("/api/v1/settings/public-address", Web);
        Assert.Equal("https://kefu.example.com", read.GetProperty("url").GetString());

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var entry = await db.AuditEntries.Where(a => a.EntityType == "PublicAddress").OrderByDescending(a => a.Id).FirstAsync();
            Assert.Contains("https://kefu.example.com", entry.Changes);
            Assert.Equal("updated", entry.Action);
        }

        var (agent, _) = await host.NewStaffClientAsync("agent");
        var phone = TestData.NewPhone();
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "李娜", phone }, subject = "扣款明细不清楚",
            description = "账单里有一笔不认识的扣款", category = "funds", amount = new { value = 58.00m, currency = "CNY" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions",
            new { trigger = "propose_solution", reason = "经核实该笔为您订阅的会员自动续费，已向您说明扣款明细" })).StatusCode);
        await Factory.DispatchNotificationsAsync();

        // The outbox masks the destination; the notice names the complaint.
        var sms = Factory.Outbox("sms").Last(m => m.Body.Contains(ticket.Number));
        Assert.Matches(@"https://kefu\.example\.com/confirm/\S+", sms.Body);
        Assert.DoesNotContain("127.0.0.1", sms.Body);
    }

    [Fact]
    public async Task An_article_link_in_an_agents_draft_uses_the_saved_address_not_the_agents_browser()
    {
        var admin = await Factory.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/settings/public-address", new { url = "https://kefu.example.com" })).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "陈晨", phone = TestData.NewPhone() }, subject = "退款什么时候到账",
            description = "商户说已经退款了", category = "refund",
        });
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;

        await using var scope = Factory.Services.CreateAsyncScope();
        var drafts = scope.ServiceProvider.GetRequiredService<PayDesk.Features.Complaints.IReplyDraftSource>();
        var draft = await drafts.DraftAsync("article:refund-timing", ticket.Id, "王芳", CancellationToken.None);
        Assert.NotNull(draft);
        Assert.Contains("https://kefu.example.com/help/articles/refund-timing", draft);
    }

    [Fact]
    public async Task The_settings_page_is_offered_once_to_the_first_administrator()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var address = scope.ServiceProvider.GetRequiredService<PublicAddress>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.AppSettings.Where(s => s.Key == PublicAddress.AskedKey || s.Key == PublicAddress.SettingKey).ExecuteDeleteAsync();
        await address.ReloadAsync(CancellationToken.None);

        Assert.True(await address.AskOnceAsync("admin@paydesk.local", DateTime.UtcNow, CancellationToken.None));
        Assert.False(await address.AskOnceAsync("admin@paydesk.local", DateTime.UtcNow, CancellationToken.None));
        Assert.False(await address.AskOnceAsync("second.admin@paydesk.local", DateTime.UtcNow, CancellationToken.None));
    }
}

/// <summary>With PublicBaseUrl in the environment, the saved address is kept but the environment's is used.</summary>
public sealed class PublicAddressEnvironmentTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://env.example.com/" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task The_environment_wins_over_the_saved_address()
    {
        var admin = await _factory.AdminClientAsync();
        var saved = await admin.PutAsJsonAsync("/api/v1/settings/public-address", new { url = "https://saved.example.com" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var read = await admin.GetFromJsonAsync<JsonElement>("/api/v1/settings/public-address", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("https://env.example.com", read.GetProperty("url").GetString());
        Assert.Equal("configuration", read.GetProperty("source").GetString());
        Assert.Equal("https://saved.example.com", read.GetProperty("savedUrl").GetString());
        Assert.Equal("https://env.example.com/confirm/x", _factory.Services.GetRequiredService<PublicAddress>().Link("/confirm/x"));
    }

    [Fact]
    public void A_bad_address_in_the_environment_stops_the_start()
    {
        using var bad = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["PublicBaseUrl"] = "kefu.example.com" });
        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        Assert.Contains("PublicBaseUrl", error.ToString());
    }
}
