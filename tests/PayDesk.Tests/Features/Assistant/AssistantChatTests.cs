using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Payments;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>Conversations with the assistant through the real chat hub, in Chinese and English.</summary>
[LongRunning(16)]
public sealed class AssistantChatTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = ChatTests.Host(ChatTests.InServiceHours, assistant: true);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class Visitor(HubConnection connection, ChatService.Started chat) : IAsyncDisposable
    {
        public ConcurrentQueue<ChatMessageDto> FromBot { get; } = new();
        public HubConnection Connection => connection;
        public ChatService.Started Chat => chat;

        /// <summary>Sends a message and returns what the assistant answered to it.</summary>
        public async Task<string> SayAsync(string text)
        {
            var before = FromBot.Count;
            await connection.InvokeAsync<ChatMessageDto>("Send", Guid.NewGuid().ToString("N"), text);
            for (var i = 0; i < 100 && FromBot.Count == before; i++) await Task.Delay(50);
            await Task.Delay(100);
            return string.Join("\n", FromBot.Skip(before).Select(m => m.Body));
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }

    private async Task<Visitor> StartAsync(object request)
    {
        var (chat, connection) = await ChatTests.StartVisitorAsync(_factory, request);
        var visitor = new Visitor(connection, chat);
        connection.On<ChatMessageDto>("message", m => { if (!m.FromCustomer && !m.FromSystem) visitor.FromBot.Enqueue(m); });
        Assert.Equal(ConversationStatus.Bot, chat.Conversation.Status);
        return visitor;
    }

    /// <summary>A customer with an account in the demo ledger; returns their phone.</summary>
    private async Task<(string Phone, string Account)> CustomerAsync(string name, string locale, Action<AppDbContext, string>? ledger = null)
    {
        var admin = await _factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var account = "62" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
        (await admin.PostAsJsonAsync("/api/v1/customers", new { name, phone, accountId = account, locale })).EnsureSuccessStatusCode();
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
        ledger?.Invoke(db, account);
        await db.SaveChangesAsync();
        return (phone, account);
    }

    private async Task<string> CodeSentToAsync(string phone)
    {
        await _factory.DispatchNotificationsAsync();
        var masked = phone[..3] + "****" + phone[^4..];
        var sms = _factory.Outbox("sms").Last(m => m.To == masked);
        return Regex.Match(sms.Body, @"\d{6}").Value;
    }

    [Fact]
    public async Task Before_a_chat_starts_the_widget_says_the_assistant_answers_first_not_that_an_agent_is_connecting()
    {
        var status = await _factory.CreateClient().GetFromJsonAsync<ChatStatusResponse>("/api/v1/chat/status", ChatTests.Json);
        Assert.True(status!.Agents);
        Assert.Contains("智能助手", status.Message);
        Assert.DoesNotContain("正在为您接入人工客服", status.Message);
    }

    /// <summary>A Chinese-speaking customer with one paid transaction whose refund is pending until <paramref name="expectedBy"/>.</summary>
    private async Task<(string Phone, string Serial)> PendingRefundAsync(string name, string merchant, decimal amount, DateTime paidAt, DateTime expectedBy)
    {
        var serial = "2026111" + Random.Shared.NextInt64(100_000_000, 999_999_999);
        var (phone, _) = await CustomerAsync(name, "zh-CN", (db, account) => db.LedgerTransactions.Add(new LedgerTransaction
        {
            Serial = serial, AccountId = account, Merchant = merchant, Amount = amount, Currency = "CNY", Status = PaymentStatus.Succeeded,
            OccurredAt = paidAt, Refund = RefundState.Pending, RefundAmount = amount, RefundExpectedBy = expectedBy,
        }));
        return (phone, serial);
    }

    [Fact]
    public async Task Refund_status_in_chinese_needs_the_code_first_and_then_tells_only_the_ledgers_figures()
    {
        var (phone, serial) = await PendingRefundAsync("陈一", "盒马鲜生", 236.40m, new DateTime(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc));
        await using var visitor = await StartAsync(new { name = "陈一", phone });

        var asked = await visitor.SayAsync($"我的退款怎么还没到账，流水号 {serial}");
        Assert.Contains("验证码", asked);
        Assert.Contains(phone[^4..], asked);
        Assert.DoesNotContain("236.4", asked); // the amount (the masked phone may end in 236x)
        Assert.DoesNotContain("盒马", asked);

        Assert.Contains("不正确", await visitor.SayAsync("000000" == await CodeSentToAsync(phone) ? "111111" : "000000"));
        var answer = await visitor.SayAsync(await CodeSentToAsync(phone));
        Assert.Contains("验证成功", answer);
        Assert.Contains("236.40", answer);
        Assert.Contains("2026-11-27", answer);
        Assert.Contains("盒马鲜生", answer);
        Assert.Contains("前到账", answer); // the clock reads 2026-11-25: still a date ahead
    }

    [Fact]
    public async Task A_refund_past_its_expected_date_is_called_late_not_promised_again()
    {
        var (phone, serial) = await PendingRefundAsync("韩十", "永辉超市", 88.50m, new DateTime(2026, 11, 10, 3, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 11, 17, 0, 0, 0, DateTimeKind.Utc));
        await using var visitor = await StartAsync(new { name = "韩十", phone });
        Assert.Contains("验证码", await visitor.SayAsync($"退款到哪了，流水号 {serial}"));
        var answer = await visitor.SayAsync(await CodeSentToAsync(phone));
        // The chat's clock reads 2026-11-25: "预计 2026-11-17 前到账" would be a promise already broken.
        Assert.Contains("已超过预计到账日期 2026-11-17", answer);
        Assert.Contains("人工", answer);
        Assert.DoesNotContain("前到账", answer);
    }

    [Fact]
    public async Task A_frozen_account_in_english_is_explained_after_verification_and_an_unfreeze_request_is_filed()
    {
        var (phone, account) = await CustomerAsync("Li Lei", "en");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ledger = await db.LedgerAccounts.FirstAsync(a => a.AccountId == account);
            ledger.Frozen = true;
            ledger.FrozenReason = "unusual login from a new device";
            await db.SaveChangesAsync();
        }
        await using var visitor = await StartAsync(new { name = "Li Lei", phone, locale = "en" });
        var asked = await visitor.SayAsync("why is my account frozen?");
        Assert.Contains("code", asked);
        Assert.DoesNotContain("unusual login", asked);
        var explained = await visitor.SayAsync(await CodeSentToAsync(phone));
        Assert.Contains("unusual login from a new device", explained);
        var filed = await visitor.SayAsync("yes");
        var number = Regex.Match(filed, @"PD-\d{4}-\d{6}").Value;
        Assert.NotEmpty(number);
        var admin = await _factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{number}", ChatTests.Json))!;
        Assert.Equal(("account_frozen", "chat"), (ticket.Category, ticket.Channel));
    }

    [Fact]
    public async Task Asking_for_a_person_hands_over_with_a_note_for_the_agent()
    {
        await using var visitor = await StartAsync(new { name = "周二" });
        var agent = ChatTests.Connect(_factory, bearer: (await _factory.AdminClientAsync()).DefaultRequestHeaders.Authorization!.Parameter);
        var queued = new TaskCompletionSource<ConversationDto>();
        agent.On<ConversationDto>("queue", c => { if (c.Id == visitor.Chat.Conversation.Id && c.Status == ConversationStatus.Waiting) queued.TrySetResult(c); });
        await agent.StartAsync();
        Assert.Empty(await agent.InvokeAsync<IReadOnlyList<ConversationDto>>("AgentQueue"));

        var reply = await visitor.SayAsync("转人工");
        Assert.Contains("人工", reply);
        var handed = await queued.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("客户要求人工", handed.HandOffNote);
        // The agent reads the intent's name, not its code (a newcomer saw "识别意图: human_agent").
        Assert.Contains("识别意图：转人工（置信度", handed.HandOffNote);
        Assert.DoesNotContain("human_agent", handed.HandOffNote);
        Assert.Contains(await agent.InvokeAsync<IReadOnlyList<ConversationDto>>("AgentQueue"), c => c.Id == handed.Id);
        await agent.DisposeAsync();
    }

    [Fact]
    public async Task Out_of_scope_questions_are_declined_and_a_second_miss_goes_to_a_person()
    {
        await using var visitor = await StartAsync(new { name = "吴三" });
        Assert.Contains("只能处理", await visitor.SayAsync("明天北京天气怎么样"));
        Assert.Contains("人工", await visitor.SayAsync("给我讲个笑话吧"));
        var status = await visitor.Connection.InvokeAsync<ConversationDto>("Status");
        Assert.Equal(ConversationStatus.Waiting, status.Status);
    }

    [Fact]
    public async Task Fraud_goes_straight_to_a_person_with_urgent_priority_suggested()
    {
        await using var visitor = await StartAsync(new { name = "郑四" });
        await visitor.SayAsync("我的银行卡被盗刷了 3000 元，不是我本人操作的");
        var status = await visitor.Connection.InvokeAsync<ConversationDto>("Status");
        Assert.Equal(ConversationStatus.Waiting, status.Status);
        Assert.Contains("紧急", status.HandOffNote);
    }

    [Fact]
    public async Task Common_questions_are_answered_from_the_help_centre()
    {
        await using var visitor = await StartAsync(new { name = "王五" });
        var answer = await visitor.SayAsync("短信验证码一直收不到怎么办");
        Assert.Contains("/help/articles/verification-code-not-received", answer);
    }

    [Fact]
    public async Task A_call_back_is_booked_on_a_complaint_for_a_known_customer()
    {
        var (phone, _) = await CustomerAsync("冯六", "zh-CN");
        await using var visitor = await StartAsync(new { name = "冯六", phone });
        // The phone is a customer's on record: the company calls it only once the visitor proves it is theirs.
        var asked = await visitor.SayAsync("麻烦给我回个电话");
        Assert.Contains("验证码", asked);
        Assert.DoesNotContain("预约回电", asked);
        var reply = await visitor.SayAsync(await CodeSentToAsync(phone));
        Assert.Contains("验证成功", reply);
        Assert.Contains("预约回电", reply);
        Assert.Contains(phone[^4..], reply);
        var number = Regex.Match(reply, @"PD-\d{4}-\d{6}").Value;
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ticket = await db.Tickets.SingleAsync(t => t.Number == number);
        Assert.Single(await db.Callbacks.Where(c => c.TicketId == ticket.Id).ToListAsync());
    }

    [Fact]
    public async Task A_visitor_who_types_a_customers_e_mail_learns_nothing_about_them_and_files_nothing_in_their_name_until_proved()
    {
        var phone = TestData.NewPhone();
        var email = $"chu{Guid.NewGuid():N}"[..12] + "@example.cn";
        (await (await _factory.AdminClientAsync()).PostAsJsonAsync("/api/v1/customers", new { name = "褚七", phone, email })).EnsureSuccessStatusCode();
        var sentBefore = _factory.Outbox("sms").Count;

        // Someone else starts a chat with that e-mail and no name: not greeted by the customer's name.
        await using var visitor = await StartAsync(new { email });
        Assert.Equal("访客", visitor.Chat.Conversation.VisitorName);
        Assert.DoesNotContain("褚七", System.Text.Json.JsonSerializer.Serialize(visitor.Chat, ChatTests.Json));

        // A complaint asked for in that customer's name waits for the code; the code goes to the record's phone, which is not shown.
        var asked = await visitor.SayAsync("我要投诉：你们乱扣费 http://evil.example");
        Assert.Contains("验证码", asked);
        Assert.Contains("绑定的手机号", asked);
        Assert.DoesNotContain(phone[^4..], asked);
        Assert.DoesNotMatch(@"PD-\d{4}-\d{6}", asked);
        await _factory.DispatchNotificationsAsync();
        var sent = _factory.Outbox("sms").Skip(sentBefore).ToList();
        Assert.All(sent, m => Assert.DoesNotContain("evil.example", m.Body));
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Tickets.AnyAsync(t => t.Customer!.Name == "褚七"));
        }

        // The one who holds the phone types the code: then, and only then, the complaint is filed with the words first written.
        var filed = await visitor.SayAsync(await CodeSentToAsync(phone));
        Assert.Contains("验证成功", filed);
        var number = Regex.Match(filed, @"PD-\d{4}-\d{6}").Value;
        Assert.NotEmpty(number);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ticket = await db.Tickets.Include(t => t.Customer).SingleAsync(t => t.Number == number);
            Assert.Equal("褚七", ticket.Customer!.Name);
            Assert.Contains("乱扣费", ticket.Description);
        }
    }

    [Fact]
    public async Task An_agent_cannot_file_on_a_customers_record_for_a_visitor_who_only_typed_their_contact()
    {
        var phone = TestData.NewPhone();
        var created = await (await _factory.AdminClientAsync()).PostAsJsonAsync("/api/v1/customers", new { name = "蒋九", phone });
        created.EnsureSuccessStatusCode();
        var customerId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        await using var visitor = await StartAsync(new { phone });
        var agent = ChatTests.Connect(_factory, bearer: (await _factory.AdminClientAsync()).DefaultRequestHeaders.Authorization!.Parameter);
        var queued = new TaskCompletionSource<ConversationDto>();
        agent.On<ConversationDto>("queue", c => { if (c.Id == visitor.Chat.Conversation.Id && c.Status == ConversationStatus.Waiting) queued.TrySetResult(c); });
        await agent.StartAsync();
        await visitor.SayAsync("转人工");
        var handed = await queued.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(handed.UnprovenClaim);
        await agent.InvokeAsync<IReadOnlyList<ChatMessageDto>>("AgentAccept", handed.Id);

        // The agent's "end and file" would have put the stranger's words on 蒋九's record, as the assistant's once did.
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            agent.InvokeAsync<ConversationDto>("AgentEnd", handed.Id, true, "在线：乱扣费"));
        Assert.Contains("身份尚未验证", refused.Message);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Tickets.AnyAsync(t => t.Customer!.Name == "蒋九"));
        }
        // Ending without a complaint still works.
        Assert.Equal(ConversationStatus.Ended, (await agent.InvokeAsync<ConversationDto>("AgentEnd", handed.Id, false, null)).Status);
        await agent.DisposeAsync();

        // Nothing is sent to 蒋九 on the stranger's word, a satisfaction survey neither; 蒋九's timeline marks the chat as unproven.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Surveys.SurveyService>().SendDueAsync(100, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Surveys.AnyAsync(x => x.ConversationId == handed.Id || x.CustomerId == customerId));
        }
        var timeline = await (await _factory.AdminClientAsync()).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/customers/{customerId}/timeline");
        var chat = timeline.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("referenceId").GetGuid() == handed.Id);
        Assert.True(chat.GetProperty("unproven").GetBoolean());
        // The agent's customer panel is told too, and gets no complaint subjects to read out.
        var context = await (await _factory.AdminClientAsync()).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/chat/conversations/{handed.Id}/context");
        Assert.True(context.GetProperty("unprovenClaim").GetBoolean());
        Assert.All(context.GetProperty("openComplaints").EnumerateArray(), c => Assert.Equal("", c.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task A_visitor_with_a_new_phone_files_at_once_on_the_record_the_chat_made()
    {
        var phone = TestData.NewPhone();
        await using var visitor = await StartAsync(new { name = "卫八", phone });
        var filed = await visitor.SayAsync("我要投诉：转账三天没到账");
        Assert.Matches(@"PD-\d{4}-\d{6}", filed);
        Assert.DoesNotContain("验证码", filed);
    }
}
