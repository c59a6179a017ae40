using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PayDesk.Features.Channels.Chat;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>Real SignalR clients (WebSockets) chatting through PayDesk's hub.</summary>
public sealed class ChatTests
{
    // 10:00 and 03:00 in Beijing: inside and outside the chat line's service hours.
    private static readonly DateTimeOffset InHours = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OffHours = new(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);

    // These tests are about the human chat; the assistant's own tests turn it on (AssistantChatTests).
    internal static PayDeskFactory Host(DateTimeOffset now, Dictionary<string, string?>? settings = null, bool assistant = false)
    {
        settings = settings is null ? [] : new Dictionary<string, string?>(settings);
        settings["Assistant:Enabled"] = assistant ? "true" : "false";
        return new(settings.ContainsKey("PAYDESK_POSTGRES") ? Provider.Postgres : Provider.Sqlite, settings: settings,
            services: s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));
    }

    internal static readonly DateTimeOffset InServiceHours = InHours;

    internal static HubConnection Connect(PayDeskFactory factory, string? visitorToken = null, string? bearer = null)
    {
        var server = factory.Server;
        var url = new Uri(server.BaseAddress, ChatHub.Path + (visitorToken is null ? "" : "?visitor=" + Uri.EscapeDataString(visitorToken)));
        return new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var ws = server.CreateWebSocketClient();
                    if (bearer is not null) ws.ConfigureRequest = r => r.Headers.Authorization = "Bearer " + bearer;
                    return await ws.ConnectAsync(context.Uri, ct);
                };
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)))
            .Build();
    }

    internal static async Task<(ChatService.Started Chat, HubConnection Visitor)> StartVisitorAsync(PayDeskFactory factory, object request)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/chat/conversations", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<ChatService.Started>(Json))!;
        var visitor = Connect(factory, started.Token);
        await visitor.StartAsync();
        return (started, visitor);
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    private static async Task<string> BearerAsync(PayDeskFactory factory)
    {
        var client = await factory.AdminClientAsync();
        return client.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    private static async Task<T> WithinAsync<T>(TaskCompletionSource<T> source) => await source.Task.WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task A_chat_ended_from_two_windows_at_once_files_one_complaint()
    {
        // The agent's two tabs (or a supervisor watching) ending it together both passed the "not ended" check and each filed one.
        await using var factory = Host(InHours);
        var (chat, visitor) = await StartVisitorAsync(factory, new { name = "小周", phone = TestData.NewPhone() });
        await visitor.InvokeAsync<ChatMessageDto>("Send", "v-1", "提现三天没到账");
        var bearer = await BearerAsync(factory);
        await using var first = Connect(factory, bearer: bearer);
        await using var second = Connect(factory, bearer: bearer);
        await first.StartAsync();
        await second.StartAsync();
        await first.InvokeAsync<IReadOnlyList<ChatMessageDto>>("AgentAccept", chat.Conversation.Id);

        var ends = new[] { first, second }.Select(c => c.InvokeAsync<ConversationDto>("AgentEnd", chat.Conversation.Id, true, "在线：提现未到账")).ToList();
        var results = new List<ConversationDto>();
        var refused = 0;
        foreach (var end in ends)
        {
            try { results.Add(await end); }
            catch (Microsoft.AspNetCore.SignalR.HubException) { refused++; }
        }
        Assert.Equal((1, 1), (results.Count, refused));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var filed = await scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>().Tickets
                .Where(t => t.Subject == "在线：提现未到账").Select(t => t.Id).ToListAsync();
            Assert.Equal([results[0].TicketId!.Value], filed);
        }
        await visitor.DisposeAsync();
    }

    [Fact]
    public async Task A_visitor_and_an_agent_chat_with_typing_read_receipts_and_a_transcript_on_the_complaint()
    {
        await using var factory = Host(InHours);
        var (chat, visitor) = await StartVisitorAsync(factory, new { name = "小王", phone = TestData.NewPhone() });
        Assert.False(chat.Conversation.OffHours);
        var agent = Connect(factory, bearer: await BearerAsync(factory));
        var queued = new TaskCompletionSource<ConversationDto>();
        var toAgent = new TaskCompletionSource<ChatMessageDto>();
        var typing = new TaskCompletionSource<JsonElement>();
        var customerTyping = new TaskCompletionSource<JsonElement>();
        var read = new TaskCompletionSource<JsonElement>();
        var toVisitor = new ConcurrentQueue<ChatMessageDto>();
        agent.On<ChatMessageDto>("message", m => { if (m.FromCustomer) toAgent.TrySetResult(m); });
        agent.On<JsonElement>("read", r => read.TrySetResult(r));
        agent.On<JsonElement>("typing", t => customerTyping.TrySetResult(t));
        visitor.On<JsonElement>("typing", t => typing.TrySetResult(t));
        visitor.On<ChatMessageDto>("message", toVisitor.Enqueue);
        await agent.StartAsync();

        var waiting = await agent.InvokeAsync<IReadOnlyList<ConversationDto>>("AgentQueue");
        Assert.Contains(waiting, c => c.Id == chat.Conversation.Id && c.Status == ConversationStatus.Waiting);
        await agent.InvokeAsync<IReadOnlyList<ChatMessageDto>>("AgentAccept", chat.Conversation.Id);

        // Another agent cannot show "typing" in, or mark as read, a chat someone else holds.
        var otherEmail = $"agent{TestData.NewPhone()}@paydesk.local";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var (other, problems) = await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Identity.UserAccounts>()
                .CreateAsync(otherEmail, "旁人", PayDesk.Infrastructure.Security.Roles.Agent, PayDeskFactory.AdminPassword);
            Assert.True(other is not null, string.Join(" ", problems));
        }
        await using (var bystander = Connect(factory, bearer: (await factory.ClientForAsync(otherEmail, PayDeskFactory.AdminPassword)).DefaultRequestHeaders.Authorization!.Parameter))
        {
            await bystander.StartAsync();
            await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => bystander.InvokeAsync("AgentTyping", chat.Conversation.Id, true));
            await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => bystander.InvokeAsync("AgentRead", chat.Conversation.Id, long.MaxValue));
        }
        Assert.False(typing.Task.IsCompleted);

        await agent.InvokeAsync("AgentTyping", chat.Conversation.Id, true);
        Assert.False((await WithinAsync(typing)).GetProperty("fromCustomer").GetBoolean());
        await visitor.InvokeAsync("Typing", true);
        Assert.True((await WithinAsync(customerTyping)).GetProperty("fromCustomer").GetBoolean());
        var sent = await visitor.InvokeAsync<ChatMessageDto>("Send", "v-1", "我的退款还没到账");
        Assert.Equal("我的退款还没到账", (await WithinAsync(toAgent)).Body);
        var answer = await agent.InvokeAsync<ChatMessageDto>("AgentSend", chat.Conversation.Id, "a-1", "您好，请提供交易流水号");
        await visitor.InvokeAsync("Read", answer.Id);
        Assert.Equal(answer.Id, (await WithinAsync(read)).GetProperty("upTo").GetInt64());

        var ended = await agent.InvokeAsync<ConversationDto>("AgentEnd", chat.Conversation.Id, true, "在线：退款未到账");
        Assert.Equal(ConversationStatus.Ended, ended.Status);
        var admin = await factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ended.TicketId}"))!;
        Assert.Equal(("chat", "在线：退款未到账"), (ticket.Channel, ticket.Subject));
        Assert.Contains("我的退款还没到账", ticket.Description);
        Assert.Contains("请提供交易流水号", ticket.Description);
        Assert.NotNull(ticket.OwnerId);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => visitor.InvokeAsync<ChatMessageDto>("Send", "v-2", "还在吗"));
        Assert.Equal(sent.Id, toVisitor.First(m => m.ClientMessageId == "v-1").Id);
        await visitor.DisposeAsync();
        await agent.DisposeAsync();
    }

    [Fact]
    public async Task A_message_resent_after_a_dropped_connection_appears_once()
    {
        await using var factory = Host(InHours);
        var (chat, visitor) = await StartVisitorAsync(factory, new { name = "断线用户" });
        var first = await visitor.InvokeAsync<ChatMessageDto>("Send", "m-1", "第一条");
        await visitor.StopAsync();
        // The client does not know whether m-1 arrived; it reconnects, resends and catches up.
        await using var again = Connect(factory, chat.Token);
        await again.StartAsync();
        var resent = await again.InvokeAsync<ChatMessageDto>("Send", "m-1", "第一条");
        await again.InvokeAsync<ChatMessageDto>("Send", "m-2", "第二条");
        var history = await again.InvokeAsync<IReadOnlyList<ChatMessageDto>>("History", 0L);
        Assert.Equal(first.Id, resent.Id);
        Assert.Equal(["m-1", "m-2"], history.Where(m => !m.FromSystem).Select(m => m.ClientMessageId).ToArray());
        Assert.Equal(["m-2"], (await again.InvokeAsync<IReadOnlyList<ChatMessageDto>>("History", first.Id)).Select(m => m.ClientMessageId).ToArray());
    }

    [Fact]
    public async Task Outside_service_hours_the_widget_says_so_and_messages_go_onto_one_complaint()
    {
        await using var factory = Host(OffHours);
        Assert.Contains("\"open\":false", await factory.CreateClient().GetStringAsync("/api/v1/chat/status"));
        var noContact = await factory.CreateClient().PostAsJsonAsync("/api/v1/chat/conversations", new { name = "夜猫子" });
        Assert.Equal(HttpStatusCode.BadRequest, noContact.StatusCode);

        var (chat, visitor) = await StartVisitorAsync(factory, new { name = "夜猫子", phone = TestData.NewPhone() });
        Assert.True(chat.Conversation.OffHours);
        await visitor.InvokeAsync<ChatMessageDto>("Send", "n-1", "账户被冻结了，明天要用钱");
        await visitor.InvokeAsync<ChatMessageDto>("Send", "n-2", "请尽快联系我");
        var status = await visitor.InvokeAsync<ConversationDto>("Status");
        Assert.NotNull(status.TicketId);
        var admin = await factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{status.TicketId}"))!;
        Assert.Equal(("chat", "account_frozen"), (ticket.Channel, ticket.Category));
        Assert.Equal(["请尽快联系我"], ticket.Messages.Select(m => m.Body).ToArray());
        await visitor.DisposeAsync();
    }

    [Fact]
    public async Task Attachments_are_checked_by_content_and_size()
    {
        await using var factory = Host(InHours);
        var (chat, visitor) = await StartVisitorAsync(factory, new { name = "发图用户" });
        var client = factory.CreateClient();
        async Task<HttpResponseMessage> Upload(string name, byte[] bytes, string? token)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name }, { new StringContent("f-" + name), "clientMessageId" } };
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/conversations/{chat.Conversation.Id}/attachments") { Content = form };
            if (token is not null) request.Headers.Add(ChatEndpoints.VisitorHeader, token);
            return await client.SendAsync(request);
        }
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        var ok = await Upload("截图.png", png, chat.Token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var message = (await ok.Content.ReadFromJsonAsync<ChatMessageDto>(Json))!;
        Assert.NotNull(message.AttachmentId);
        Assert.Equal(png, await client.GetByteArrayAsync($"/api/v1/chat/attachments/{message.AttachmentId}?token={Uri.EscapeDataString(chat.Token)}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/chat/attachments/{message.AttachmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Upload("invoice.pdf.exe", "MZ\x90\0"u8.ToArray(), chat.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Upload("fake.png", "<script>alert(1)</script>"u8.ToArray(), chat.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload("x.png", png, "forged-token")).StatusCode);
        await visitor.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_share_chat_through_redis()
    {
        var redis = Environment.GetEnvironmentVariable("PAYDESK_TEST_REDIS");
        if (PostgresServer.ConnectionString is null || string.IsNullOrEmpty(redis))
        {
            if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_POSTGRES") == "1") throw new InvalidOperationException("PostgreSQL and Redis are required.");
            Assert.Skip("Needs PAYDESK_TEST_POSTGRES and PAYDESK_TEST_REDIS; scripts/test starts both.");
        }
        var database = "paydesk_chat_" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["PAYDESK_POSTGRES"] = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = database }.ConnectionString,
            ["PAYDESK_REDIS"] = redis,
        };
        try
        {
            await using var one = Host(InHours, settings);
            await using var two = Host(InHours, settings);
            await ExchangeAsync(one, two, "跨实例访客", ("r-1", "实例一发出"), ("r-2", "实例二回复"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task With_redis_unreachable_a_visitor_and_an_agent_on_one_node_still_chat()
    {
        // Redis configured but nothing listens there (a stopped backplane): sends fail fast and go to this node's connections.
        var settings = new Dictionary<string, string?> { ["PAYDESK_REDIS"] = $"127.0.0.1:{PayDesk.Tests.Features.Operations.PublishedPayDesk.FreePort()},connectTimeout=500" };
        await using var host = Host(InHours, settings);
        var elapsed = await ExchangeAsync(host, host, "缓存停机访客", ("d-1", "缓存停了也能聊"), ("d-2", "收到"));
        // Fail fast, not the 5-second command timeout per message.
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"two messages took {elapsed}");
    }

    /// <summary>
    /// A visitor on <paramref name="visitorHost"/> and an agent on <paramref name="agentHost"/> (the same host or another
    /// instance): the agent accepts, each side sends one message and sees the other's. Returns the time the two messages took.
    /// </summary>
    private static async Task<TimeSpan> ExchangeAsync(PayDeskFactory visitorHost, PayDeskFactory agentHost, string name,
        (string Id, string Text) fromVisitor, (string Id, string Text) fromAgent)
    {
        var (chat, visitor) = await StartVisitorAsync(visitorHost, new { name });
        await using var agent = Connect(agentHost, bearer: await BearerAsync(agentHost));
        var toAgent = new TaskCompletionSource<ChatMessageDto>();
        var toVisitor = new TaskCompletionSource<ChatMessageDto>();
        agent.On<ChatMessageDto>("message", m => { if (m.FromCustomer) toAgent.TrySetResult(m); });
        visitor.On<ChatMessageDto>("message", m => { if (!m.FromCustomer && !m.FromSystem) toVisitor.TrySetResult(m); });
        await agent.StartAsync();
        await agent.InvokeAsync<IReadOnlyList<ChatMessageDto>>("AgentAccept", chat.Conversation.Id);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await visitor.InvokeAsync<ChatMessageDto>("Send", fromVisitor.Id, fromVisitor.Text);
        Assert.Equal(fromVisitor.Text, (await WithinAsync(toAgent)).Body);
        await agent.InvokeAsync<ChatMessageDto>("AgentSend", chat.Conversation.Id, fromAgent.Id, fromAgent.Text);
        Assert.Equal(fromAgent.Text, (await WithinAsync(toVisitor)).Body);
        var elapsed = started.Elapsed;
        await visitor.DisposeAsync();
        return elapsed;
    }
}
