using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Phone;
using PayDesk.Features.Channels.Social;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

public sealed class CallRulesTests
{
    private static CallRecord NewCall(DateTime at) => new() { CallId = "c1", StartedAt = at, State = CallState.Ringing };
    private static CallEventRequest E(string? recording = null) => new(null, null, null, null, null, null, "2", "refund", null, recording, null);

    [Fact]
    public void An_unanswered_call_that_ends_is_abandoned_and_a_late_event_does_not_revive_it()
    {
        var t = new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);
        var call = NewCall(t);
        CallRules.Apply(call, CallEventType.Queued, t.AddSeconds(10), E());
        CallRules.Apply(call, CallEventType.Ended, t.AddSeconds(70), E());
        CallRules.Apply(call, CallEventType.Queued, t.AddSeconds(12), E());
        Assert.Equal(CallState.Abandoned, call.State);
        Assert.Equal("2", call.IvrChoice);
    }

    [Fact]
    public void Speed_of_answer_counts_from_joining_the_queue()
    {
        var t = new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);
        var call = NewCall(t);
        CallRules.Apply(call, CallEventType.Answered, t.AddSeconds(45), E());
        CallRules.Apply(call, CallEventType.Queued, t.AddSeconds(20), E());
        CallRules.Apply(call, CallEventType.Ended, t.AddSeconds(300), E());
        Assert.Equal(CallState.Ended, call.State);
        Assert.Equal(25, call.WaitSeconds);
    }

    [Fact]
    public void Metrics_report_abandonment_and_the_share_answered_within_thirty_seconds()
    {
        var t = new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);
        var calls = new List<PhoneMetricsCalculator.CallFacts>
        {
            new(CallState.Ended, t, t, t.AddSeconds(10)),
            new(CallState.Ended, t, t, t.AddSeconds(20)),
            new(CallState.Ended, t, t, t.AddSeconds(60)),
            new(CallState.Abandoned, t, t, null),
            new(CallState.Queued, t, t, null),
        };
        var m = PhoneMetricsCalculator.Compute(calls, 30);
        Assert.Equal((4, 3, 1, 0.25, 0.5), (m.Offered, m.Answered, m.Abandoned, m.AbandonRate, m.AnsweredWithinTargetRate));
        Assert.Equal(30, m.AverageSpeedOfAnswerSeconds);
        Assert.Equal(1, m.Live);
    }
}

/// <summary>Phone events, SMS and social webhooks over HTTP with real signatures.</summary>
public sealed class PhoneSmsSocialTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: ChannelTestKit.Settings());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    [Fact]
    public async Task Call_events_need_a_valid_fresh_signature()
    {
        var client = _factory.CreateClient();
        var body = Json(new { eventId = "sig-1", callId = "call-sig", type = "ringing", from = "13800138000" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/phone/events", body, "wrong-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/phone/events", body, ChannelTestKit.PhoneSecret,
            at: DateTimeOffset.UtcNow.AddMinutes(-30))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/channels/phone/events", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        var bad = await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/phone/events", Json(new { eventId = "x", callId = "y", type = "exploded" }), ChannelTestKit.PhoneSecret);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/phone/events", body, ChannelTestKit.PhoneSecret)).StatusCode);
    }

    [Fact]
    public async Task A_call_is_tracked_on_the_callers_timeline_and_counted_in_the_metrics()
    {
        var admin = await _factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var customer = (await (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "赵六", phone })).Content.ReadFromJsonAsync<CustomerDto>(ChatTests.Json))!;
        var client = _factory.CreateClient();
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        var callId = "call-" + Guid.NewGuid().ToString("N")[..12];
        async Task Event(string id, string type, int seconds, object? extra = null, DateTimeOffset? signedAt = null)
        {
            var payload = new Dictionary<string, object?> { ["eventId"] = id, ["callId"] = callId, ["type"] = type, ["at"] = t.AddSeconds(seconds), ["from"] = phone };
            if (extra is not null) foreach (var p in extra.GetType().GetProperties()) payload[p.Name] = p.GetValue(extra);
            var response = await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/phone/events", Json(payload), ChannelTestKit.PhoneSecret, at: signedAt);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await Event(callId + "-1", "ringing", 0);
        await Event(callId + "-2", "queued", 5, new { ivr = "2", queue = "refund" });
        await Event(callId + "-3", "answered", 17, new { agent = PayDeskFactory.AdminEmail });
        // The PBX re-sends the event (re-signed, so not a replay): it counts once.
        await Event(callId + "-3", "answered", 17, new { agent = PayDeskFactory.AdminEmail }, signedAt: DateTimeOffset.UtcNow.AddSeconds(-2));
        await Event(callId + "-4", "ended", 200);

        var calls = (await admin.GetFromJsonAsync<PageDto<CallResponse>>("/api/v1/calls?state=ended", ChatTests.Json))!;
        var call = calls.Items.Single(c => c.CallId == callId);
        Assert.Equal((customer.Id, 12.0, "2"), (call.CustomerId!.Value, call.WaitSeconds!.Value, call.IvrChoice!));
        Assert.DoesNotContain(phone, JsonSerializer.Serialize(call));

        var ticket = await admin.PostAsJsonAsync($"/api/v1/calls/{call.Id}/ticket", new { subject = "来电投诉退款", description = "客户来电催退款", category = "refund" });
        Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
        var timeline = (await admin.GetFromJsonAsync<PageDto<Interaction>>($"/api/v1/customers/{customer.Id}/timeline", ChatTests.Json))!;
        Assert.Contains(timeline.Items, i => i.Kind == InteractionKind.Call);
        Assert.Contains(timeline.Items, i => i.Kind == InteractionKind.Complaint && i.Title == "来电投诉退款");

        var metrics = (await admin.GetFromJsonAsync<PhoneMetrics>("/api/v1/calls/metrics", ChatTests.Json))!;
        Assert.True(metrics.Answered >= 1 && metrics.TargetSeconds == 30);
    }

    [Fact]
    public async Task A_voicemail_becomes_a_complaint()
    {
        var phone = TestData.NewPhone();
        var client = _factory.CreateClient();
        var body = Json(new { eventId = "vm-" + phone, callId = "vm-call-" + phone, type = "voicemail", from = phone, recordingUrl = "https://pbx.example.cn/rec/1.wav" });
        var call = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/phone/events", body, ChannelTestKit.PhoneSecret)).Content.ReadFromJsonAsync<CallResponse>(ChatTests.Json))!;
        Assert.NotNull(call.TicketId);
        var admin = await _factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{call.TicketId}", ChatTests.Json))!;
        Assert.Equal("phone", ticket.Channel);
        Assert.Contains("https://pbx.example.cn/rec/1.wav", ticket.Description);
    }

    [Fact]
    public async Task Sms_replies_continue_the_customers_open_complaint_and_resends_count_once()
    {
        var phone = TestData.NewPhone();
        var client = _factory.CreateClient();
        var signedAt = DateTimeOffset.UtcNow;
        var first = await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound",
            Json(new { messageId = "sms-a-" + phone, from = phone, text = "我的账户被冻结了，怎么解冻？" }), ChannelTestKit.SmsSecret, at: signedAt);
        var created = (await first.Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        Assert.Equal(InboundOutcome.Created, created.Outcome);
        // The gateway re-sends the message (re-signed with a timestamp of its own, so not a replay): it counts once.
        var again = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound",
            Json(new { messageId = "sms-a-" + phone, from = phone, text = "我的账户被冻结了，怎么解冻？" }), ChannelTestKit.SmsSecret,
            at: signedAt.AddSeconds(-2))).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        Assert.Equal((InboundOutcome.Duplicate, created.TicketId), (again.Outcome, again.TicketId));
        var reply = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound",
            Json(new { messageId = "sms-b-" + phone, from = phone, text = "身份证后六位 12345X" }), ChannelTestKit.SmsSecret)).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        Assert.Equal((InboundOutcome.Appended, created.TicketId), (reply.Outcome, reply.TicketId));
        var admin = await _factory.AdminClientAsync();
        Assert.Equal("account_frozen", (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{created.TicketId}", ChatTests.Json))!.Category);
        Assert.Equal(HttpStatusCode.BadRequest, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound",
            Json(new { messageId = "sms-c", from = "not a phone", text = "x" }), ChannelTestKit.SmsSecret)).StatusCode);
    }

    private static string WeChatSignature(string timestamp, string nonce) => ChannelTestKit.WeChatSignature(timestamp, nonce);

    [Fact]
    public async Task WeChat_messages_with_a_valid_signature_get_a_passive_reply_and_forged_ones_are_refused()
    {
        var client = _factory.CreateClient();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        const string nonce = "n0nce42";
        var signature = WeChatSignature(timestamp, nonce);
        Assert.Equal("echo-123", await client.GetStringAsync(
            $"/api/v1/channels/wechat?signature={WeChatSignature(timestamp, "ech0nce")}&timestamp={timestamp}&nonce=ech0nce&echostr=echo-123"));

        var openId = "oAbCdEf" + Guid.NewGuid().ToString("N")[..10];
        var xml = $"<xml><ToUserName><![CDATA[gh_paydesk]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>1764036000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[付款失败但是钱被扣了，交易流水号 2026112400001111]]></Content><MsgId>{Random.Shared.NextInt64()}</MsgId></xml>";
        var url = $"/api/v1/channels/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}&openid={openId}";
        var response = await client.PostAsync(url, new StringContent(xml, Encoding.UTF8, "text/xml"));
        var reply = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(openId, (string?)reply.Element("ToUserName"));
        Assert.Equal("gh_paydesk", (string?)reply.Element("FromUserName"));
        Assert.Matches(@"PD-\d{4}-\d{6}", (string?)reply.Element("Content"));

        // WeChat retries the same MsgId when we are slow: the second delivery is not a second message.
        const string retryNonce = "r3try42";
        var retryUrl = $"/api/v1/channels/wechat?signature={WeChatSignature(timestamp, retryNonce)}&timestamp={timestamp}&nonce={retryNonce}&openid={openId}";
        var retry = XElement.Parse(await (await client.PostAsync(retryUrl, new StringContent(xml, Encoding.UTF8, "text/xml"))).Content.ReadAsStringAsync());
        Assert.Equal((string?)reply.Element("Content"), (string?)retry.Element("Content"));

        var forged = await client.PostAsync($"/api/v1/channels/wechat?signature={new string('0', 40)}&timestamp={timestamp}&nonce={nonce}",
            new StringContent(xml, Encoding.UTF8, "text/xml"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

        const string brokenNonce = "br0ken42";
        var broken = await client.PostAsync($"/api/v1/channels/wechat?signature={WeChatSignature(timestamp, brokenNonce)}&timestamp={timestamp}&nonce={brokenNonce}",
            new StringContent("<xml><FromUserName>oops", Encoding.UTF8, "text/xml"));
        Assert.Equal("success", await broken.Content.ReadAsStringAsync());
        var admin = await _factory.AdminClientAsync();
        Assert.Contains((await admin.GetFromJsonAsync<PageDto<QuarantineItem>>("/api/v1/channels/quarantine?pageSize=100", ChatTests.Json))!.Items,
            q => q.Channel == PayDesk.Features.Complaints.TicketChannel.WeChat && q.Reason == "unparseable");
    }

    [Fact]
    public async Task Generic_social_webhook_finds_the_same_customer_by_their_channel_id()
    {
        var client = _factory.CreateClient();
        var user = "weibo-" + Guid.NewGuid().ToString("N")[..8];
        var one = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/weibo",
            Json(new { messageId = user + "-1", userId = user, userName = "微博网友", text = "提现三天还没到银行卡" }), ChannelTestKit.SocialSecret)).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        var two = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/weibo",
            Json(new { messageId = user + "-2", userId = user, text = "还在等" }), ChannelTestKit.SocialSecret)).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        Assert.Equal((InboundOutcome.Created, InboundOutcome.Appended, one.TicketId), (one.Outcome, two.Outcome, two.TicketId));
        Assert.Equal(HttpStatusCode.BadRequest, (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/myspace",
            Json(new { messageId = "m", userId = "u", text = "t" }), ChannelTestKit.SocialSecret)).StatusCode);
    }

    [Fact]
    public async Task Sms_leaves_through_the_http_gateway_and_its_delivery_report_is_recorded()
    {
        // A stand-in gateway on loopback, speaking the documented contract.
        var received = new List<JsonElement>();
        var gateway = WebApplication.CreateSlimBuilder();
        gateway.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = gateway.Build();
        app.MapPost("/send", async (HttpRequest r) =>
        {
            if (r.Headers.Authorization != "Bearer gw-key") return Results.Unauthorized();
            var doc = await JsonSerializer.DeserializeAsync<JsonElement>(r.Body);
            lock (received) received.Add(doc);
            return Results.Ok(new { messageId = "gw-" + received.Count });
        });
        await app.StartAsync();
        var url = app.Urls.First() + "/send";

        var settings = ChannelTestKit.Settings();
        settings["Channels:Sms:Gateway:Url"] = url;
        settings["Channels:Sms:Gateway:ApiKey"] = "gw-key";
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        var admin = await factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "钱七", phone }, subject = "退款未到账", description = "退款未到账", category = "refund",
        })).Content.ReadFromJsonAsync<TicketDto>(ChatTests.Json))!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "acknowledge" })).StatusCode);
        await factory.DispatchNotificationsAsync();

        var sent = Assert.Single(received);
        Assert.Equal(phone, sent.GetProperty("to").GetString());
        Assert.Contains(ticket.Number, sent.GetProperty("text").GetString());
        var report = await ChannelTestKit.PostSignedAsync(factory.CreateClient(), "/api/v1/channels/sms/status",
            Json(new { messageId = "gw-1", status = "delivered" }), ChannelTestKit.SmsSecret);
        Assert.Contains("delivered", await report.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_records_of_one_person_merge_into_one_timeline_with_an_audit_entry()
    {
        var client = _factory.CreateClient();
        var phone = TestData.NewPhone();
        var user = "app-" + Guid.NewGuid().ToString("N")[..8];
        // The same person writes from the app (known only by the app's user id) and texts from their phone.
        var fromApp = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/app",
            Json(new { messageId = user + "-1", userId = user, userName = "孙八", text = "提现失败" }), ChannelTestKit.SocialSecret)).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        var fromSms = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound",
            Json(new { messageId = "sms-m-" + phone, from = phone, text = "提现失败了，钱去哪了" }), ChannelTestKit.SmsSecret)).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        var admin = await _factory.AdminClientAsync();
        var appCustomer = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{fromApp.TicketId}", ChatTests.Json))!.Customer.Id;
        var smsCustomer = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{fromSms.TicketId}", ChatTests.Json))!.Customer.Id;
        Assert.NotEqual(appCustomer, smsCustomer);

        var agentEmail = $"agent{TestData.NewPhone()}@paydesk.local";
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var (staffUser, problems) = await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Identity.UserAccounts>()
                .CreateAsync(agentEmail, "坐席", PayDesk.Infrastructure.Security.Roles.Agent, PayDeskFactory.AdminPassword);
            Assert.True(staffUser is not null, string.Join(" ", problems));
        }
        var agent = await _factory.ClientForAsync(agentEmail, PayDeskFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/customers/{appCustomer}/merge", new { intoId = smsCustomer, reason = "同一人" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/customers/{appCustomer}/merge", new { intoId = appCustomer, reason = "同一人多渠道" })).StatusCode);
        var merged = await admin.PostAsJsonAsync($"/api/v1/customers/{appCustomer}/merge", new { intoId = smsCustomer, reason = "同一人，app 与短信" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/customers/{appCustomer}")).StatusCode);
        var timeline = (await admin.GetFromJsonAsync<PageDto<Interaction>>($"/api/v1/customers/{smsCustomer}/timeline", ChatTests.Json))!;
        Assert.Contains(timeline.Items, i => i.TicketId == fromApp.TicketId);
        Assert.Contains(timeline.Items, i => i.TicketId == fromSms.TicketId);
        // The app user id now leads to the merged customer.
        var again = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/app",
            Json(new { messageId = user + "-2", userId = user, text = "还是失败" }), ChannelTestKit.SocialSecret)).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;
        Assert.Equal(fromApp.TicketId, again.TicketId);
        var audit = await admin.GetStringAsync($"/api/v1/audit?entityId={smsCustomer}");
        Assert.Contains("merged", audit);
        Assert.Contains("同一人，app 与短信", audit);
    }

    [Fact]
    public async Task Agents_replies_go_back_to_wechat_and_app_users_through_the_outbox()
    {
        // Stand-ins for WeChat's API and the app's reply webhook, on loopback.
        var wechat = new List<JsonElement>();
        var app = new List<(string Signature, string Body)>();
        var stub = WebApplication.CreateSlimBuilder();
        stub.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = stub.Build();
        var tokens = 0;
        server.MapGet("/cgi-bin/token", (string appid, string secret) =>
        {
            Interlocked.Increment(ref tokens);
            return appid == "wx-app" && secret == "wx-secret" ? Results.Ok(new { access_token = "tok-1", expires_in = 7200 }) : Results.Ok(new { errcode = 40013 });
        });
        server.MapPost("/cgi-bin/message/custom/send", async (HttpRequest r) =>
        {
            if (r.Query["access_token"] != "tok-1") return Results.Ok(new { errcode = 40001 });
            var message = await JsonSerializer.DeserializeAsync<JsonElement>(r.Body);
            lock (wechat) wechat.Add(message);
            return Results.Ok(new { errcode = 0, errmsg = "ok" });
        });
        server.MapPost("/replies", async (HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            var text = await reader.ReadToEndAsync();
            lock (app) app.Add((r.Headers[WebhookSignature.SignatureHeader].ToString(), text));
            return Results.Ok();
        });
        await server.StartAsync();
        var baseUrl = server.Urls.First();

        var settings = ChannelTestKit.Settings();
        settings["Channels:WeChat:AppId"] = "wx-app";
        settings["Channels:WeChat:AppSecret"] = "wx-secret";
        settings["Channels:WeChat:ApiBase"] = baseUrl;
        settings["Channels:Social:ReplyUrl"] = baseUrl + "/replies";
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        var client = factory.CreateClient();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var openId = "oReply" + Guid.NewGuid().ToString("N")[..10];
        var xml = $"<xml><ToUserName>gh_paydesk</ToUserName><FromUserName>{openId}</FromUserName><CreateTime>1764036000</CreateTime><MsgType>text</MsgType><Content>验证码一直收不到</Content><MsgId>{Random.Shared.NextInt64()}</MsgId></xml>";
        await client.PostAsync($"/api/v1/channels/wechat?signature={WeChatSignature(timestamp, "n1")}&timestamp={timestamp}&nonce=n1", new StringContent(xml, Encoding.UTF8, "text/xml"));
        var appUser = "u-" + Guid.NewGuid().ToString("N")[..8];
        var fromApp = (await (await ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/social/app",
            Json(new { messageId = appUser, userId = appUser, text = "绑卡失败" }), ChannelTestKit.SocialSecret)).Content.ReadFromJsonAsync<InboundResult>(ChatTests.Json))!;

        var admin = await factory.AdminClientAsync();
        var wechatTicket = (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>("/api/v1/tickets?channel=wechat", ChatTests.Json))!.Items.Single();
        await admin.PostAsJsonAsync($"/api/v1/tickets/{wechatTicket.Id}/messages", new { body = "您好，请检查手机是否拦截了短信。" });
        await admin.PostAsJsonAsync($"/api/v1/tickets/{fromApp.TicketId}/messages", new { body = "请确认银行卡预留手机号。" });
        await factory.DispatchNotificationsAsync();

        var sent = Assert.Single(wechat);
        Assert.Equal(openId, sent.GetProperty("touser").GetString());
        Assert.Contains("拦截", sent.GetProperty("text").GetProperty("content").GetString());
        var (signature, body) = Assert.Single(app);
        var reply = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((appUser, "app"), (reply.GetProperty("userId").GetString(), reply.GetProperty("source").GetString()));
        Assert.Contains("预留手机号", reply.GetProperty("text").GetString());
        Assert.StartsWith("sha256=", signature);
        Assert.Equal(1, tokens);
    }
}
