using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>
/// Captured webhook deliveries cannot be used again: a signature from years ago is stale, and a fresh
/// one is taken once — by this instance, by another instance on the same database, and after a restart.
/// </summary>
public sealed class WebhookReplayTests(SqliteChannelHost shared) : IClassFixture<SqliteChannelHost>
{
    // Tests that only need "a SQLite host" share the class's: each sends its own ids, bodies and nonces, so they cannot
    // see each other. Tests that count or purge the replay table, or need a second instance, start their own.

    /// <summary>13 May 2014: a WeChat signature of that day was accepted before issue #15.</summary>
    private static readonly DateTimeOffset In2014 = DateTimeOffset.FromUnixTimeSeconds(1_400_000_000);

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    private static PayDeskFactory NewHost(Provider provider, string? dataDir = null)
    {
        if (provider == Provider.Postgres && PostgresServer.ConnectionString is null)
        {
            Assert.Skip("PostgreSQL tests need PAYDESK_TEST_POSTGRES; scripts/test starts a server and sets it.");
        }
        var settings = ChannelTestKit.Settings();
        if (dataDir is not null) settings["PAYDESK_DATA_DIR"] = dataDir;
        return new PayDeskFactory(provider, settings: settings);
    }

    public static TheoryData<string, string, string, HttpStatusCode> SignedWebhooks()
    {
        var phone = TestData.NewPhone();
        var id = Guid.NewGuid().ToString("N")[..12];
        return new()
        {
            { "/api/v1/channels/phone/events", ChannelTestKit.PhoneSecret, Json(new { eventId = "e-" + id, callId = "c-" + id, type = "ringing", from = phone }), HttpStatusCode.OK },
            { "/api/v1/channels/sms/inbound", ChannelTestKit.SmsSecret, Json(new { messageId = "s-" + id, from = phone, text = "退款还没到账" }), HttpStatusCode.OK },
            // A delivery report for an SMS this server never sent: past the signature, then "not found".
            { "/api/v1/channels/sms/status", ChannelTestKit.SmsSecret, Json(new { messageId = "gw-" + id, status = "delivered" }), HttpStatusCode.NotFound },
            { "/api/v1/channels/social/weibo", ChannelTestKit.SocialSecret, Json(new { messageId = "w-" + id, userId = "wb-" + id, text = "提现失败" }), HttpStatusCode.OK },
            { "/api/v1/channels/social/app", ChannelTestKit.SocialSecret, Json(new { messageId = "a-" + id, userId = "app-" + id, text = "提现失败" }), HttpStatusCode.OK },
        };
    }

    [Theory]
    [MemberData(nameof(SignedWebhooks))]
    public async Task A_signed_webhook_from_2014_is_refused_and_a_fresh_one_is_taken_once(string url, string secret, string body, HttpStatusCode accepted)
    {
        var host = shared.Factory;
        var client = host.CreateClient();
        var timestamp = DateTimeOffset.UtcNow;
        var stale = await ChannelTestKit.PostSignedAsync(client, url, body, secret, at: In2014);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);

        Assert.Equal(accepted, (await ChannelTestKit.PostSignedAsync(client, url, body, secret, at: timestamp)).StatusCode);
        var replay = await ChannelTestKit.PostSignedAsync(client, url, body, secret, at: timestamp);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_same_signature_cannot_be_replayed_to_a_sibling_endpoint_under_the_same_secret()
    {
        // The signature covers timestamp and body, not the path: weibo and app share the social secret.
        var host = shared.Factory;
        var client = host.CreateClient();
        var at = DateTimeOffset.UtcNow;
        var body = Json(new { messageId = "x-" + Guid.NewGuid().ToString("N")[..8], userId = "u-1", text = "提现失败" });
        Assert.Equal(HttpStatusCode.OK, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/weibo", body, ChannelTestKit.SocialSecret, at: at)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/app", body, ChannelTestKit.SocialSecret, at: at)).StatusCode);
    }

    [Fact]
    public async Task Simultaneous_copies_of_one_delivery_are_taken_exactly_once()
    {
        var host = shared.Factory;
        var client = host.CreateClient();
        var at = DateTimeOffset.UtcNow;
        var body = Json(new { messageId = "race-" + Guid.NewGuid().ToString("N")[..8], from = TestData.NewPhone(), text = "同一条短信" });
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound", body, ChannelTestKit.SmsSecret, at: at)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    private static string WeChatUrl(DateTimeOffset at, string nonce, string? echo = null)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString();
        return $"/api/v1/channels/wechat?signature={ChannelTestKit.WeChatSignature(timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}"
            + (echo is null ? "" : "&echostr=" + echo);
    }

    private static StringContent WeChatText(string openId, string text, long msgId) => new(
        $"<xml><ToUserName><![CDATA[gh_paydesk]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>1764036000</CreateTime>" +
        $"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content><MsgId>{msgId}</MsgId></xml>", Encoding.UTF8, "text/xml");

    [Fact]
    public async Task WeChat_server_check_refuses_a_2014_signature_and_a_replayed_nonce()
    {
        var host = shared.Factory;
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(WeChatUrl(In2014, "1234567890", "old-echo"))).StatusCode);
        var fresh = WeChatUrl(DateTimeOffset.UtcNow, "2345678901", "echo-1");
        Assert.Equal("echo-1", await client.GetStringAsync(fresh));
        var replay = await client.GetAsync(fresh);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.DoesNotContain("echo-1", await replay.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task WeChat_messages_signed_in_2014_or_with_a_used_nonce_are_not_taken(Provider provider)
    {
        await using var own = provider == Provider.Sqlite ? null : NewHost(provider);
        var host = own ?? shared.Factory;
        var client = host.CreateClient();
        var openId = "oReplay" + Guid.NewGuid().ToString("N")[..10];
        var stale = await client.PostAsync(WeChatUrl(In2014, "3456789012"), WeChatText(openId, "2014 年的签名", Random.Shared.NextInt64()));
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);

        var url = WeChatUrl(DateTimeOffset.UtcNow, "4567890123");
        var first = await client.PostAsync(url, WeChatText(openId, "付款失败但是钱被扣了", Random.Shared.NextInt64()));
        Assert.Matches(@"PD-\d{4}-\d{6}", await first.Content.ReadAsStringAsync());
        // WeChat's signature does not cover the body: a captured query string must not carry a forged message.
        var forgedMsgId = Random.Shared.NextInt64();
        var replay = await client.PostAsync(url, WeChatText("oAttacker" + Guid.NewGuid().ToString("N")[..8], "伪造的投诉", forgedMsgId));
        Assert.Equal("success", await replay.Content.ReadAsStringAsync());
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.InboundReceipts.AnyAsync(r => r.ExternalId == forgedMsgId.ToString()));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_used_signature_is_refused_by_another_instance_on_the_same_database(Provider provider)
    {
        // Replay keys live in the database, not in a process: a second instance (or this one after a restart) knows them.
        var at = DateTimeOffset.UtcNow;
        var body = Json(new { messageId = "other-" + Guid.NewGuid().ToString("N")[..8], from = TestData.NewPhone(), text = "换一台服务器再发一次" });
        await using var first = NewHost(provider);
        Assert.Equal(HttpStatusCode.OK,
            (await ChannelTestKit.PostSignedAsync(first.CreateClient(), "/api/v1/channels/sms/inbound", body, ChannelTestKit.SmsSecret, at: at)).StatusCode);
        var shared = first.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var settings = ChannelTestKit.Settings();
        settings["PAYDESK_DATA_DIR"] = first.DataDir;
        settings["PAYDESK_POSTGRES"] = shared["PAYDESK_POSTGRES"];
        // Constructed as SQLite so that disposing it leaves the first host's PostgreSQL database alone; the setting above decides.
        await using var second = new PayDeskFactory(Provider.Sqlite, settings: settings);
        var replay = await ChannelTestKit.PostSignedAsync(second.CreateClient(), "/api/v1/channels/sms/inbound", body, ChannelTestKit.SmsSecret, at: at);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
    }

    [Fact]
    public async Task Replay_keys_are_forgotten_once_their_timestamps_are_stale_anyway()
    {
        await using var host = NewHost(Provider.Sqlite);
        var client = host.CreateClient();
        var body = Json(new { messageId = "purge-" + Guid.NewGuid().ToString("N")[..8], from = TestData.NewPhone(), text = "清理" });
        Assert.Equal(HttpStatusCode.OK, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound", body, ChannelTestKit.SmsSecret)).StatusCode);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await WebhookNoncePurge.PurgeAsync(db, DateTime.UtcNow, CancellationToken.None));
        Assert.Equal(1, await WebhookNoncePurge.PurgeAsync(db, DateTime.UtcNow.AddMinutes(20), CancellationToken.None));
        Assert.False(await db.Set<WebhookNonce>().AnyAsync());
    }
}
