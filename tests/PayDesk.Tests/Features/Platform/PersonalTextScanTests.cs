using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// Issue 15, item 6: card, ID and phone numbers written through every channel are masked on the
/// way in. Afterwards the database file, its WAL, the logs, the search index and the outbox are
/// scanned byte by byte for the full numbers; only the encrypted originals may hold them.
/// </summary>
public sealed class PersonalTextScanTests
{
    private const string Card16 = "4111111111111111";
    private const string Card16Grouped = "4111 1111 1111 1111";
    private const string Card19 = "6222020200112233446";
    private const string Card19Grouped = "6222 0202 0011 2233 446";
    private const string IdNumber = "11010519491231002X";
    private const string Phone = "13712345678";
    private const string PhoneGrouped = "+86 137 1234 5678";
    private const string FullWidthCard = "４１１１１１１１１１１１１１１１";

    /// <summary>What must appear nowhere: each number as written and as digits only (the ID without its check character too).</summary>
    private static readonly string[] Needles =
    [
        Card16, Card16Grouped, Card19, Card19Grouped, IdNumber[..17], Phone, PhoneGrouped, "137 1234 5678", FullWidthCard,
        // Escaped in JSON (\uFF14…), as a log or outbox line might carry it.
        "\\uFF14\\uFF11\\uFF11\\uFF11", "\\uff14\\uff11\\uff11\\uff11",
    ];

    private static string Text(string channel) =>
        $"[{channel}] 我的卡号 {Card16Grouped} 被重复扣款，身份证 {IdNumber}，请回电 {PhoneGrouped} 或 {Phone}，另一张卡 {Card19}，也可以是 {Card19Grouped}。";

    // 10:00 in Beijing on a working Wednesday: chat is in service hours.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Numbers_written_through_every_channel_are_found_only_in_the_encrypted_originals()
    {
        var logs = new CapturedLogs();
        var port = ChannelTestKit.FreePort();
        await using var factory = Host(ChannelTestKit.Settings(port), logs);
        factory.StartServer();
        await ChannelTestKit.WaitForPortAsync(port);
        var admin = await factory.AdminClientAsync();
        var anonymous = factory.CreateClient();

        // 1. API intake by an agent, then a public reply (sent by e-mail and SMS), an internal note and an edit.
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app",
            customer = new { name = "张三", phone = TestData.NewPhone(), email = $"zs{Guid.NewGuid():N}@example.cn" },
            subject = $"请回电 {Phone}",
            description = Text("api"),
            category = "other",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var ticketId = ticket.GetProperty("id").GetString()!;
        Assert.Equal("请回电 137****5678", ticket.GetProperty("subject").GetString());
        var description = ticket.GetProperty("description").GetString()!;
        Assert.Contains("411111******1111", description);
        Assert.Contains("622202*********3446", description);
        Assert.Contains("110***********002X", description);
        Assert.Contains("137****5678", description);

        var reply = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body = Text("reply"), visibility = "public", notify = new[] { "email", "sms" } });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var replyMessage = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("411111******1111", replyMessage.GetProperty("body").GetString());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body = Text("note"), visibility = "internal" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/tickets/{ticketId}", new { description = Text("edit") })).StatusCode);

        // 2. The customer portal: a customer files for themself.
        var customer = await CustomerClientAsync(factory, admin);
        var portal = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = $"卡号 {Card16}", description = Text("portal"), category = "other" });
        Assert.Equal(HttpStatusCode.Created, portal.StatusCode);
        Assert.Equal("卡号 411111******1111", (await portal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString());

        // 3. Chat over SignalR: the visitor, then the agent, then the chat becomes a complaint.
        var (chat, visitor) = await ChatTests.StartVisitorAsync(factory, new { name = "小王", phone = TestData.NewPhone() });
        var agent = ChatTests.Connect(factory, bearer: admin.DefaultRequestHeaders.Authorization!.Parameter);
        var seenByAgent = new TaskCompletionSource<ChatMessageDto>();
        agent.On<ChatMessageDto>("message", m => { if (m.FromCustomer) seenByAgent.TrySetResult(m); });
        await agent.StartAsync();
        await agent.InvokeAsync<IReadOnlyList<ChatMessageDto>>("AgentAccept", chat.Conversation.Id);
        var sent = await visitor.InvokeAsync<ChatMessageDto>("Send", "v-1", Text("chat-visitor") + " " + FullWidthCard);
        Assert.DoesNotContain(Card16, sent.Body);
        Assert.Contains("411111******1111", (await seenByAgent.Task.WaitAsync(TimeSpan.FromSeconds(10))).Body);
        var answered = await agent.InvokeAsync<ChatMessageDto>("AgentSend", chat.Conversation.Id, "a-1", Text("chat-agent"));
        Assert.Contains("137****5678", answered.Body);
        var ended = await agent.InvokeAsync<ConversationDto>("AgentEnd", chat.Conversation.Id, true, $"在线 {Phone}");
        Assert.NotNull(ended.TicketId);
        await visitor.DisposeAsync();
        await agent.DisposeAsync();

        // 4. E-mail through PayDesk's SMTP listener.
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress("李四", $"ls{Guid.NewGuid():N}@example.cn"));
        mail.To.Add(new MailboxAddress("客服", "kefu@paydesk.example"));
        mail.Subject = $"投诉：卡 {Card16} 被盗刷";
        mail.MessageId = $"{Guid.NewGuid():N}@mail.example.cn";
        mail.Body = new TextPart("plain") { Text = Text("email") + "\n全角：" + FullWidthCard };
        // An automatic reply carrying the same numbers is quarantined: its raw source is kept encrypted.
        var autoReply = new MimeMessage();
        autoReply.From.Add(new MailboxAddress("自动回复", $"auto{Guid.NewGuid():N}@example.cn"));
        autoReply.To.Add(new MailboxAddress("客服", "kefu@paydesk.example"));
        autoReply.Subject = $"自动回复：卡 {Card16}";
        autoReply.MessageId = $"{Guid.NewGuid():N}@mail.example.cn";
        autoReply.Headers.Add("Auto-Submitted", "auto-replied");
        autoReply.Body = new TextPart("plain") { Text = Text("quarantine") };
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await smtp.SendAsync(mail);
            await smtp.SendAsync(autoReply);
            await smtp.DisconnectAsync(true);
        }

        // 5. SMS, WeChat and the app through their signed webhooks.
        var sms = await ChannelTestKit.PostSignedAsync(anonymous, "/api/v1/channels/sms/inbound",
            Json(new { messageId = "sms-" + Guid.NewGuid().ToString("N"), from = TestData.NewPhone(), text = Text("sms") }), ChannelTestKit.SmsSecret, Now);
        Assert.Equal(HttpStatusCode.OK, sms.StatusCode);
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        const string nonce = "pii-nonce";
        var openId = "oPii" + Guid.NewGuid().ToString("N")[..12];
        var xml = $"<xml><ToUserName><![CDATA[gh_paydesk]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{Text("wechat")}]]></Content><MsgId>{Random.Shared.NextInt64()}</MsgId></xml>";
        var wechat = await anonymous.PostAsync($"/api/v1/channels/wechat?signature={ChannelTestKit.WeChatSignature(timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid={openId}",
            new StringContent(xml, Encoding.UTF8, "text/xml"));
        Assert.Matches(@"PD-\d{4}-\d{6}", await wechat.Content.ReadAsStringAsync());
        var app = await ChannelTestKit.PostSignedAsync(anonymous, "/api/v1/channels/social/app",
            Json(new { messageId = "app-" + Guid.NewGuid().ToString("N"), userId = "u" + Guid.NewGuid().ToString("N")[..8], userName = "App 用户", text = Text("app") }),
            ChannelTestKit.SocialSecret, Now);
        Assert.Equal(HttpStatusCode.OK, app.StatusCode);

        // Every channel landed on a complaint, and what the e-mail and SMS gateways were handed is written out.
        var all = (await admin.GetFromJsonAsync<PageDto<JsonElement>>("/api/v1/tickets?pageSize=100", ChatTests.Json))!;
        Assert.Equal(["app", "chat", "email", "sms", "we_chat", "web"], all.Items.Select(t => t.GetProperty("channel").GetString()!).Distinct().Order().ToArray());
        Assert.True(await factory.DispatchNotificationsAsync() > 0);
        Assert.NotEmpty(factory.Outbox("email"));

        // The originals are kept, encrypted, and an agent can read them once with a reason on record.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var originals = await db.Set<PersonalTextOriginal>().AsNoTracking().ToListAsync();
            Assert.True(originals.Count >= 10, $"{originals.Count} originals kept");
            Assert.All(originals, o => Assert.StartsWith("CfDJ8", o.Cipher));
            var held = await db.QuarantinedMessages.AsNoTracking().SingleAsync(q => q.Reason == "auto_reply");
            Assert.Contains("411111******1111", held.Subject);
        }
        // The administrator still gets the raw message back, decrypted, to decide on it.
        var heldId = (await admin.GetFromJsonAsync<PageDto<JsonElement>>("/api/v1/channels/quarantine?pageSize=100", ChatTests.Json))!.Items
            .Single(q => q.GetProperty("reason").GetString() == "auto_reply").GetProperty("id").GetString();
        var raw = await admin.GetByteArrayAsync($"/api/v1/channels/quarantine/{heldId}/raw");
        Assert.Contains(Card16, MimeMessage.Load(new MemoryStream(raw)).Subject);
        var revealed = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/reveal", new { field = "description", reason = "客户来电核对身份证" });
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var original = (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.Contains(IdNumber, original);
        Assert.Contains(PhoneGrouped, original);
        Assert.Contains("[edit]", original);
        // Card numbers stay masked even here, as the customer reveal never shows them.
        Assert.DoesNotContain(Card16Grouped, original);
        Assert.Contains("411111******1111", original);
        var revealedReply = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/reveal",
            new { field = "message", messageId = replyMessage.GetProperty("id").GetString(), reason = "核对回电号码" });
        Assert.Contains(Phone, (await revealedReply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        var chatTranscript = await admin.PostAsJsonAsync($"/api/v1/tickets/{ended.TicketId}/reveal", new { field = "description", reason = "核对聊天记录" });
        Assert.Contains($"[chat-agent] 我的卡号 411111******1111 被重复扣款，身份证 {IdNumber}，请回电 {PhoneGrouped}",
            (await chatTranscript.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/reveal", new { field = "description" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/reveal", new { field = "description", reason = "我想看看" })).StatusCode);
        var audit = await admin.GetStringAsync($"/api/v1/audit?entityId={ticketId}&pageSize=100");
        Assert.Contains("revealed", audit);

        // The search index finds the complaint by its words, not by the full number.
        Assert.NotEmpty((await admin.GetFromJsonAsync<PageDto<JsonElement>>($"/api/v1/tickets?q={Uri.EscapeDataString("重复扣款")}&pageSize=100", ChatTests.Json))!.Items);
        Assert.Empty((await admin.GetFromJsonAsync<PageDto<JsonElement>>($"/api/v1/tickets?q={Card16}", ChatTests.Json))!.Items);

        var findings = await ScanAsync(factory, logs);
        Assert.Contains(logs.Lines, line => line.Contains("Inbound Email message Created", StringComparison.Ordinal));
        Assert.True(findings.Count == 0, "Full numbers found:\n" + string.Join('\n', findings));
    }

    [Fact]
    public async Task Numbers_told_to_the_assistant_in_chat_and_on_wechat_are_masked_too()
    {
        var logs = new CapturedLogs();
        var settings = ChannelTestKit.Settings();
        settings["Assistant:Enabled"] = "true";
        await using var factory = Host(settings, logs);
        factory.StartServer();
        var anonymous = factory.CreateClient();

        // The web chat starts with the assistant; the visitor gives numbers, then asks for a person.
        var (chat, visitor) = await ChatTests.StartVisitorAsync(factory, new { name = "小李", phone = TestData.NewPhone() });
        Assert.Equal(ConversationStatus.Bot, chat.Conversation.Status);
        var replies = new ConcurrentQueue<ChatMessageDto>();
        visitor.On<ChatMessageDto>("message", replies.Enqueue);
        var sent = await visitor.InvokeAsync<ChatMessageDto>("Send", "b-1", Text("bot") + " 交易流水号 " + Card16);
        Assert.Contains("411111******1111", sent.Body);
        await visitor.InvokeAsync<ChatMessageDto>("Send", "b-2", $"转人工，我的手机 {Phone}");
        await visitor.DisposeAsync();

        // WeChat and the app: the assistant answers first, a request for a person becomes a complaint.
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var openId = "oBot" + Guid.NewGuid().ToString("N")[..12];
        foreach (var (i, text) in new[] { (1, Text("wechat-bot")), (2, $"人工客服，卡号 {Card19Grouped}，身份证 {IdNumber}") })
        {
            // Each delivery has its own nonce: a nonce is taken once (webhook replay protection).
            var nonce = $"pii-bot-{i}";
            var xml = $"<xml><ToUserName><![CDATA[gh_paydesk]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content><MsgId>{Random.Shared.NextInt64()}</MsgId></xml>";
            var response = await anonymous.PostAsync($"/api/v1/channels/wechat?signature={ChannelTestKit.WeChatSignature(timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid={openId}",
                new StringContent(xml, Encoding.UTF8, "text/xml"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var user = "u" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await ChannelTestKit.PostSignedAsync(anonymous, "/api/v1/channels/social/app",
            Json(new { messageId = "bot-app-1", userId = user, userName = "App 用户", text = Text("app-bot") }), ChannelTestKit.SocialSecret, Now)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // The first WeChat message is handed to a person, so the second one joins that complaint instead of the
            // assistant's conversation; every copy is scanned below either way.
            Assert.True(await db.ChatMessages.CountAsync(m => m.FromCustomer) >= 4);
            Assert.True(await db.TicketMessages.AnyAsync(m => m.Body.Contains("人工客服")));
            Assert.True(await db.Set<PersonalTextOriginal>().CountAsync(o => o.OwnerType == PersonalText.ChatMessage) >= 4);
        }
        var findings = await ScanAsync(factory, logs);
        Assert.True(findings.Count == 0, "Full numbers found:\n" + string.Join('\n', findings));
    }

    private static PayDeskFactory Host(Dictionary<string, string?> settings, CapturedLogs logs) =>
        new(Provider.Sqlite, settings: settings, services: s =>
        {
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
            s.AddSingleton<ILoggerProvider>(logs);
            // What the service writes with its shipped levels (appsettings.json), whatever the test host's default.
            // Microsoft.AspNetCore stays at Warning there: at Information its request log prints query strings.
            s.AddLogging(b => b.AddFilter<CapturedLogs>(null, LogLevel.Information)
                .AddFilter<CapturedLogs>("Microsoft.AspNetCore", LogLevel.Warning)
                .AddFilter<CapturedLogs>("Microsoft.EntityFrameworkCore", LogLevel.Warning));
        });

    /// <summary>
    /// The bytes: the WAL as it stands, then the database after a checkpoint, the search tables read as
    /// text, every file in the data folder (dev outbox included) and the log lines.
    /// </summary>
    private static async Task<List<string>> ScanAsync(PayDeskFactory factory, CapturedLogs logs)
    {
        var findings = new List<string>();
        var dbPath = Path.Combine(factory.DataDir, "paydesk.db");
        Scan("paydesk.db-wal (before checkpoint)", ReadShared(dbPath + "-wal"), findings);
        await using (var connection = new SqliteConnection($"Data Source={dbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(FULL);";
            await checkpoint.ExecuteNonQueryAsync();
            // The search index's own tables, read as text.
            await using var fts = connection.CreateCommand();
            fts.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%search%' OR name LIKE '%fts%')";
            var tables = new List<string>();
            await using (var reader = await fts.ExecuteReaderAsync()) while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            Assert.NotEmpty(tables);
            foreach (var table in tables)
            {
                await using var dump = connection.CreateCommand();
                dump.CommandText = $"SELECT * FROM \"{table}\"";
                var text = new StringBuilder();
                await using var rows = await dump.ExecuteReaderAsync();
                while (await rows.ReadAsync())
                {
                    for (var c = 0; c < rows.FieldCount; c++) text.Append(rows.IsDBNull(c) ? "" : rows.GetValue(c) is byte[] b ? Encoding.UTF8.GetString(b) : rows.GetValue(c).ToString()).Append('|');
                }
                Scan($"search table {table}", Encoding.UTF8.GetBytes(text.ToString()), findings);
            }
        }
        foreach (var file in Directory.EnumerateFiles(factory.DataDir, "*", SearchOption.AllDirectories))
        {
            Scan(Path.GetRelativePath(factory.DataDir, file), ReadShared(file), findings);
        }
        Assert.NotEmpty(logs.Lines);
        Scan("logs", Encoding.UTF8.GetBytes(string.Join('\n', logs.Lines)), findings);
        return findings;
    }

    private static void Scan(string where, byte[] haystack, List<string> findings)
    {
        foreach (var needle in Needles)
        {
            var bytes = Encoding.UTF8.GetBytes(needle);
            var at = haystack.AsSpan().IndexOf(bytes);
            if (at < 0) continue;
            var from = Math.Max(0, at - 60);
            var context = Encoding.UTF8.GetString(haystack, from, Math.Min(haystack.Length - from, bytes.Length + 120));
            findings.Add($"{where}: \"{needle}\" near «{context.ReplaceLineEndings(" ")}»");
        }
    }

    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static async Task<HttpClient> CustomerClientAsync(PayDeskFactory factory, HttpClient staff)
    {
        var phone = TestData.NewPhone();
        var email = $"c{phone}@example.cn";
        var created = await staff.PostAsJsonAsync("/api/v1/customers", new { name = "门户客户", phone, email });
        created.EnsureSuccessStatusCode();
        var customer = await created.Content.ReadFromJsonAsync<CustomerDto>();
        await using var scope = factory.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
            .CreateAsync(email, "门户客户", Roles.Customer, PayDeskFactory.AdminPassword, customer!.Id);
        Assert.True(user is not null, string.Join(" ", errors));
        return await factory.ClientForAsync(email, PayDeskFactory.AdminPassword);
    }
}
