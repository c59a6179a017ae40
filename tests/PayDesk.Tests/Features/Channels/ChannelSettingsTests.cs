using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using PayDesk.Features.Channels;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>What a channel setting accepts and how it is written.</summary>
public sealed class ChannelSettingRulesTests
{
    private static ChannelSettingField Field(string id) => ChannelSettingFields.Find(id)!;

    [Theory]
    [InlineData("smtp.host", " smtp.example.com ", "smtp.example.com")]
    [InlineData("smtp.host", "10.0.0.5", "10.0.0.5")]
    [InlineData("smtp.port", "2525", "2525")]
    [InlineData("smtp.security", "sslonconnect", "SslOnConnect")]
    [InlineData("smtp.fromAddress", "kefu@paydesk.example", "kefu@paydesk.example")]
    [InlineData("sms.url", "https://sms.example.com/send", "https://sms.example.com/send")]
    [InlineData("chat.allowedOrigins", "https://www.example.com/\nhttps://m.example.com:8443, https://www.example.com", "https://www.example.com\nhttps://m.example.com:8443")]
    public void A_good_value_is_kept_normalised(string id, string input, string expected)
    {
        Assert.Equal(expected, ChannelSettingFields.Check(Field(id), input, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("smtp.host", "smtp example.com", "ChannelConfig.BadHost")]
    [InlineData("smtp.host", "https://smtp.example.com", "ChannelConfig.BadHost")]
    [InlineData("smtp.port", "0", "ChannelConfig.BadPort")]
    [InlineData("smtp.port", "65536", "ChannelConfig.BadPort")]
    [InlineData("smtp.port", "-1", "ChannelConfig.BadPort")]
    [InlineData("smtp.port", "25a", "ChannelConfig.BadPort")]
    [InlineData("smtp.security", "7", "ChannelConfig.BadSecurity")]
    [InlineData("smtp.security", "tls-please", "ChannelConfig.BadSecurity")]
    [InlineData("smtp.fromAddress", "kefu", "ChannelConfig.BadEmail")]
    [InlineData("sms.url", "sms.example.com/send", "ChannelConfig.BadUrl")]
    [InlineData("sms.url", "ftp://sms.example.com", "ChannelConfig.BadUrl")]
    [InlineData("wechat.apiBase", "https://user:pw@api.example.com", "ChannelConfig.BadUrl")]
    [InlineData("chat.allowedOrigins", "https://www.example.com/shop", "ChannelConfig.BadOrigin")]
    [InlineData("chat.allowedOrigins", "www.example.com", "ChannelConfig.BadOrigin")]
    [InlineData("chat.allowedOrigins", "https://www.example.com?x=1", "ChannelConfig.BadOrigin")]
    [InlineData("smtp.user", "a\u0001b", "ChannelConfig.BadText")]
    public void A_bad_value_is_refused_with_its_reason(string id, string input, string reason)
    {
        Assert.Null(ChannelSettingFields.Check(Field(id), input, out var problem));
        Assert.Equal(reason, problem);
    }

    [Fact]
    public void Every_secret_field_is_marked_secret()
    {
        var secrets = ChannelSettingFields.All.Where(f => f.Secret).Select(f => f.Id).ToHashSet();
        Assert.Equal(["smtp.password", "sms.apiKey", "wechat.token", "wechat.appSecret", "webhooks.phoneSecret", "webhooks.smsSecret", "webhooks.socialSecret"], secrets);
    }
}

/// <summary>GET/PUT /api/v1/settings/channels: admin only, validated, secrets encrypted and never returned, applied at once.</summary>
public sealed class ChannelSettingsApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private const string Url = "/api/v1/settings/channels";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private PayDeskFactory Factory => host.Factory;

    private static JsonElement FieldOf(JsonElement body, string id) =>
        body.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Only_an_administrator_reads_or_changes_channel_settings()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PutAsJsonAsync(Url, new { values = new Dictionary<string, string> { ["smtp.host"] = "x.example.com" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync(Url)).StatusCode);
    }

    [Theory]
    [InlineData("smtp.host", "not a host")]
    [InlineData("smtp.port", "70000")]
    [InlineData("sms.url", "gateway.example.com")]
    [InlineData("chat.allowedOrigins", "https://shop.example.com/widget")]
    [InlineData("no.such", "x")]
    public async Task A_bad_value_is_a_400_problem_naming_the_field(string id, string value)
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.PutAsJsonAsync(Url, new { values = new Dictionary<string, string> { [id] = value } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Web);
        Assert.True(problem.GetProperty("errors").TryGetProperty(id, out _));
    }

    [Fact]
    public async Task A_secret_is_stored_encrypted_never_returned_nor_audited_and_in_force_at_once()
    {
        const string secret = "Sms-Key-7f3c9b1e!";
        var admin = await Factory.AdminClientAsync();
        var saved = await admin.PutAsJsonAsync(Url, new { values = new Dictionary<string, string> { ["sms.apiKey"] = secret, ["sms.sender"] = "支付客服" } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.DoesNotContain(secret, await saved.Content.ReadAsStringAsync());

        var text = await admin.GetStringAsync(Url);
        Assert.DoesNotContain(secret, text);
        var body = JsonDocument.Parse(text).RootElement;
        var key = FieldOf(body, "sms.apiKey");
        Assert.Equal(JsonValueKind.Null, key.GetProperty("value").ValueKind);
        Assert.True(key.GetProperty("isSet").GetBoolean());
        Assert.Equal("saved", key.GetProperty("source").GetString());
        Assert.Equal("支付客服", FieldOf(body, "sms.sender").GetProperty("value").GetString());
        Assert.Equal("default", FieldOf(body, "sms.url").GetProperty("source").GetString());

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.AppSettings.AsNoTracking().SingleAsync(s => s.Key == "channel.sms.apiKey");
        Assert.DoesNotContain(secret, row.Value);
        Assert.DoesNotContain("Sms-Key", row.Value);
        // The round trip: only the channel settings' purpose opens it.
        var protection = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>();
        Assert.Equal(secret, protection.CreateProtector(ChannelSettingsStore.Purpose).Unprotect(row.Value));
        Assert.ThrowsAny<CryptographicException>(() => protection.CreateProtector("PayDesk.SomethingElse").Unprotect(row.Value));
        Assert.Equal("支付客服", (await db.AppSettings.AsNoTracking().SingleAsync(s => s.Key == "channel.sms.sender")).Value);

        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "ChannelSettings").OrderByDescending(a => a.Id).FirstAsync();
        Assert.Contains("sms.apiKey", audit.Changes);
        Assert.Contains("sms.sender", audit.Changes);
        Assert.DoesNotContain(secret, audit.Changes);

        // IOptionsMonitor consumers see the saved values without a restart.
        var sms = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<PayDesk.Features.Channels.Sms.SmsGatewayOptions>>().CurrentValue;
        Assert.Equal((secret, "支付客服"), (sms.ApiKey, sms.Sender));

        // Clearing puts the default back and removes the row.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(Url, new { values = new Dictionary<string, string?> { ["sms.apiKey"] = null, ["sms.sender"] = "" } })).StatusCode);
        var after = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<PayDesk.Features.Channels.Sms.SmsGatewayOptions>>().CurrentValue;
        Assert.Equal((null, "PayDesk"), (after.ApiKey, after.Sender));
        Assert.False(await db.AppSettings.AnyAsync(s => s.Key == "channel.sms.apiKey"));
        Assert.False(FieldOf(await admin.GetFromJsonAsync<JsonElement>(Url, Web), "sms.apiKey").GetProperty("isSet").GetBoolean());
    }

    [Fact]
    public async Task A_saved_secret_is_not_sent_to_a_new_address_unless_it_is_typed_again()
    {
        // An outside review: saving only a new gateway URL sent the saved API key to it with the next SMS.
        var admin = await host.Factory.AdminClientAsync();
        async Task<HttpResponseMessage> SaveAsync(Dictionary<string, string> values) => await admin.PutAsJsonAsync(Url, new { values });
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(new() { ["sms.url"] = "https://gw.example.com/send", ["sms.apiKey"] = "gw-key-0001" })).StatusCode);
        var refused = await SaveAsync(new() { ["sms.url"] = "https://collector.example.net/send" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("sms.url", await refused.Content.ReadAsStringAsync());
        Assert.Equal("https://gw.example.com/send", host.Factory.Services.GetRequiredService<IOptionsMonitor<PayDesk.Features.Channels.Sms.SmsGatewayOptions>>().CurrentValue.Url);
        // With the key typed again, or the same address saved again, or another field: taken.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(new() { ["sms.url"] = "https://gw2.example.com/send", ["sms.apiKey"] = "gw-key-0002" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(new() { ["sms.url"] = "https://gw2.example.com/send", ["sms.sender"] = "支付客服" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(Url, new { values = new Dictionary<string, string?> { ["sms.url"] = null, ["sms.apiKey"] = null, ["sms.sender"] = null } })).StatusCode);
    }

    [Fact]
    public async Task Saved_widget_origins_decide_the_chat_cors_answer_without_a_restart()
    {
        var admin = await Factory.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(Url, new { values = new Dictionary<string, string> { ["chat.allowedOrigins"] = "https://shop.example.com" } })).StatusCode);
        var client = Factory.CreateClient();

        async Task<bool> AllowedAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/chat/status");
            request.Headers.Add("Origin", origin);
            using var response = await client.SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Contains(origin);
        }

        Assert.True(await AllowedAsync("https://shop.example.com"));
        Assert.False(await AllowedAsync("https://evil.example.net"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(Url, new { values = new Dictionary<string, string?> { ["chat.allowedOrigins"] = null } })).StatusCode);
        Assert.True(await AllowedAsync("https://evil.example.net"));
    }
}

/// <summary>The environment wins: a field set there is shown with its source, cannot be saved, and saved values fill only the rest.</summary>
public sealed class ChannelSettingsEnvironmentTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "relay.env.example.com",
            ["Channels:Webhooks:PhoneSecret"] = "env-phone-secret-123",
            ["Channels:WeChat:AppSecret"] = "env-wechat-secret-456",
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Environment_beats_saved_which_beats_default()
    {
        var admin = await _factory.AdminClientAsync();
        var refused = await admin.PutAsJsonAsync("/api/v1/settings/channels", new { values = new Dictionary<string, string> { ["smtp.host"] = "saved.example.com" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/settings/channels",
            new { values = new Dictionary<string, string> { ["smtp.port"] = "2525", ["smtp.password"] = "pw-saved-1" } })).StatusCode);

        var smtp = _factory.Services.GetRequiredService<IOptionsMonitor<SmtpOptions>>().CurrentValue;
        Assert.Equal("relay.env.example.com", smtp.Host); // environment
        Assert.Equal(2525, smtp.Port); // saved
        Assert.Equal("pw-saved-1", smtp.Password); // saved secret, decrypted
        Assert.Equal("PayDesk 客服中心", smtp.FromName); // default
        Assert.Equal("env-phone-secret-123", _factory.Services.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue.PhoneSecret);

        // The deployment's AppSecret goes only where the deployment says: its API base cannot be moved here.
        var moved = await admin.PutAsJsonAsync("/api/v1/settings/channels", new { values = new Dictionary<string, string> { ["wechat.apiBase"] = "https://collector.example.net" } });
        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Contains("wechat.apiBase", await moved.Content.ReadAsStringAsync());

        var text = await admin.GetStringAsync("/api/v1/settings/channels");
        Assert.DoesNotContain("env-phone-secret-123", text);
        Assert.DoesNotContain("pw-saved-1", text);
        var fields = JsonDocument.Parse(text).RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(("environment", "relay.env.example.com"), (fields["smtp.host"].GetProperty("source").GetString(), fields["smtp.host"].GetProperty("value").GetString()));
        Assert.Equal(("environment", true), (fields["webhooks.phoneSecret"].GetProperty("source").GetString(), fields["webhooks.phoneSecret"].GetProperty("isSet").GetBoolean()));
        Assert.Equal(("saved", "2525"), (fields["smtp.port"].GetProperty("source").GetString(), fields["smtp.port"].GetProperty("value").GetString()));
        Assert.Equal(("default", "PayDesk 客服中心"), (fields["smtp.fromName"].GetProperty("source").GetString(), fields["smtp.fromName"].GetProperty("value").GetString()));
    }
}

/// <summary>An SMTP relay saved through the API carries the very next e-mail notice, without a restart.</summary>
public sealed class ChannelSettingsSmtpTests : IAsyncLifetime
{
    private readonly SmtpTestRelay _inbox = new();
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        // No Email:Smtp in the configuration: e-mail starts in the development outbox.
        _factory = new PayDeskFactory(Provider.Sqlite);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _inbox.DisposeAsync();
    }

    private async Task<TicketDto> AcknowledgedEmailComplaintAsync(HttpClient admin, string email)
    {
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "email", customer = new { name = "张三", email }, subject = "退款未到账", description = "退款一周未到账", category = "refund",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "acknowledge" })).StatusCode);
        await _factory.DispatchNotificationsAsync();
        return ticket;
    }

    [Fact]
    public async Task Saving_an_smtp_relay_sends_the_next_email_through_it()
    {
        var admin = await _factory.AdminClientAsync();
        var first = $"before{TestData.NewPhone()}@example.cn";
        var before = await AcknowledgedEmailComplaintAsync(admin, first);
        Assert.Empty(_inbox.Messages);
        Assert.Contains(_factory.Outbox("email"), m => m.Subject?.Contains(before.Number) == true);

        var saved = await admin.PutAsJsonAsync("/api/v1/settings/channels", new
        {
            values = new Dictionary<string, string>
            {
                ["smtp.host"] = "127.0.0.1", ["smtp.port"] = _inbox.Port.ToString(), ["smtp.security"] = "None", ["smtp.fromAddress"] = "kefu@paydesk.example",
            },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var email = $"after{TestData.NewPhone()}@example.cn";
        var ticket = await AcknowledgedEmailComplaintAsync(admin, email);
        var mail = Assert.Single(_inbox.Messages);
        Assert.Equal(email, mail.To.Mailboxes.Single().Address);
        Assert.Equal("kefu@paydesk.example", mail.From.Mailboxes.Single().Address);
        Assert.Contains(ticket.Number, mail.Subject);
    }
}
