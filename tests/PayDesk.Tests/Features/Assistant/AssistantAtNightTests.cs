using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Customers;
using PayDesk.Features.Identity;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>
/// The assistant at 03:00 on 2 October 2026 (国庆节, a statutory holiday; the line calendar opens at 09:00), in Chinese
/// and English, through the real chat hub: nobody is in, and the customer is still answered.
/// </summary>
public sealed class AssistantAtNightTests : IAsyncLifetime
{
    // 03:00 in Beijing on a holiday: the "extended" line calendar opens 09:00–20:00 on holidays.
    private static readonly DateTimeOffset HolidayNight = new(2026, 10, 1, 19, 0, 0, TimeSpan.Zero);
    private const string PublicBase = "https://help.paydesk.example";
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = ChatTests.Host(HolidayNight, new Dictionary<string, string?> { ["PublicBaseUrl"] = PublicBase }, assistant: true);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class Visitor(HubConnection connection, ChatService.Started chat) : IAsyncDisposable
    {
        public ConcurrentQueue<ChatMessageDto> FromBot { get; } = new();
        public ChatService.Started Chat => chat;
        public HubConnection Connection => connection;

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

    private async Task<Visitor> StartAsync(object request, HttpClient? client = null)
    {
        var response = await (client ?? _factory.CreateClient()).PostAsJsonAsync("/api/v1/chat/conversations", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var chat = (await response.Content.ReadFromJsonAsync<ChatService.Started>(ChatTests.Json))!;
        var connection = ChatTests.Connect(_factory, chat.Token);
        var visitor = new Visitor(connection, chat);
        connection.On<ChatMessageDto>("message", m => { if (m.FromBot) visitor.FromBot.Enqueue(m); });
        await connection.StartAsync();
        // Nobody is in, and the assistant answers anyway.
        Assert.Equal(ConversationStatus.Bot, chat.Conversation.Status);
        return visitor;
    }

    /// <summary>A customer with an account in the demo ledger holding these transactions; returns their phone and id.</summary>
    private async Task<(string Phone, Guid Id)> CustomerAsync(string name, string locale, params (string Serial, string Merchant, decimal Amount, RefundState State)[] refunds)
    {
        var admin = await _factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var account = "62" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
        var created = await admin.PostAsJsonAsync("/api/v1/customers", new { name, phone, accountId = account, locale, email = $"n{phone}@example.cn" });
        created.EnsureSuccessStatusCode();
        var customer = (await created.Content.ReadFromJsonAsync<CustomerDto>())!;
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
        foreach (var r in refunds) db.LedgerTransactions.Add(Refund(account, r.Serial, r.Merchant, r.Amount, r.State));
        await db.SaveChangesAsync();
        return (phone, customer.Id);
    }

    private static LedgerTransaction Refund(string account, string serial, string merchant, decimal amount, RefundState state) => new()
    {
        Serial = serial, AccountId = account, Merchant = merchant, Amount = amount, Currency = "CNY", Status = PaymentStatus.Succeeded,
        OccurredAt = new DateTime(2026, 9, 28, 6, 30, 0, DateTimeKind.Utc), Refund = state, RefundAmount = state == RefundState.None ? null : amount,
        RefundExpectedBy = state == RefundState.Pending ? new DateTime(2026, 10, 9, 0, 0, 0, DateTimeKind.Utc) : null,
    };

    private static string NewSerial() => "T2026" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private async Task<string> CodeSentToAsync(string phone)
    {
        await _factory.DispatchNotificationsAsync();
        var sms = _factory.Outbox("sms").Last(m => m.To == phone[..3] + "****" + phone[^4..]);
        return Regex.Match(sms.Body, @"\d{6}").Value;
    }

    [Fact]
    public async Task The_general_refund_question_is_answered_from_the_help_centre_without_a_code_in_chinese_and_english()
    {
        var (phone, _) = await CustomerAsync("夜间客户", "zh-CN");
        await using var zh = await StartAsync(new { name = "夜间客户", phone });
        var answer = await zh.SayAsync("退款一般多久到账？");
        Assert.Contains($"{PublicBase}/help/articles/refund-timing?culture=zh-CN", answer);
        Assert.DoesNotContain("验证码", answer);
        Assert.DoesNotContain("127.0.0.1", answer);
        Assert.DoesNotContain(_factory.Outbox("sms"), m => m.To.EndsWith(phone[^4..], StringComparison.Ordinal));

        // An English question in a conversation that started in Chinese is answered in English.
        var english = await zh.SayAsync("How long does a refund take?");
        Assert.Contains($"{PublicBase}/help/articles/refund-timing?culture=en", english);
        Assert.DoesNotContain("code", english, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english);
    }

    [Fact]
    public async Task A_verified_customer_is_shown_their_own_pending_refund_instead_of_being_asked_for_a_serial()
    {
        var serial = NewSerial();
        var (phone, _) = await CustomerAsync("陈夜", "zh-CN", (serial, "盒马鲜生", 236.40m, RefundState.Pending));
        await using var visitor = await StartAsync(new { name = "陈夜", phone });
        var asked = await visitor.SayAsync("我的退款还没到");
        Assert.Contains("验证码", asked);
        Assert.DoesNotContain("236.4", asked); // the amount (the masked phone may end in 236x)

        var listed = await visitor.SayAsync(await CodeSentToAsync(phone));
        Assert.Contains("验证成功", listed);
        Assert.Contains("236.40 CNY", listed);
        Assert.Contains("盒马鲜生", listed);
        Assert.Contains(serial[..5] + "****" + serial[^4..], listed);
        Assert.Contains("2026-09-28 14:30", listed); // the customer's zone (Asia/Shanghai), not UTC
        Assert.DoesNotContain("流水号", listed);

        // Asked once per conversation: the next account question needs no second code.
        var again = await visitor.SayAsync("我的退款到哪了");
        Assert.Contains("236.40 CNY", again);
        Assert.Single(_factory.Outbox("sms"), m => m.To.EndsWith(phone[^4..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_english_several_refunds_are_numbered_and_a_reply_of_1_picks_one()
    {
        var pending = NewSerial();
        var done = NewSerial();
        var (phone, _) = await CustomerAsync("Night Owl", "en",
            (pending, "Starbucks", 36.00m, RefundState.Pending), (done, "Uniqlo", 1299.00m, RefundState.Completed));
        await using var visitor = await StartAsync(new { name = "Night Owl", phone, locale = "en" });
        Assert.Contains("code", await visitor.SayAsync("where is my refund"));
        var listed = await visitor.SayAsync(await CodeSentToAsync(phone));
        Assert.Matches(@"1\. T2026\*\*\*\*\d{4} Starbucks 36\.00 CNY", listed);
        Assert.Contains("2. ", listed);
        Assert.Contains("1,299.00 CNY", listed);
        var picked = await visitor.SayAsync("1");
        Assert.Contains("36.00 CNY", picked);
        Assert.Contains("2026-10-09", picked);
        Assert.DoesNotContain("Uniqlo", picked);
    }

    [Fact]
    public async Task Asking_for_a_person_at_night_says_when_people_are_back_files_the_complaint_and_books_the_picked_call_back()
    {
        var (phone, customerId) = await CustomerAsync("周夜", "zh-CN");
        await using var visitor = await StartAsync(new { name = "周夜", phone });
        await visitor.SayAsync("你好");
        await visitor.SayAsync("我的退款还没到账，已经三天了");
        var asked = await visitor.SayAsync("转人工");
        Assert.Contains("10月2日 09:00", asked);
        // The phone is a customer's on record: the complaint is filed in their name once the visitor proves it is theirs.
        Assert.Contains("验证码", asked);
        Assert.DoesNotMatch(@"PD-\d{4}-\d{6}", asked);
        var handed = await visitor.SayAsync(await CodeSentToAsync(phone));
        var number = Regex.Match(handed, @"PD-\d{4}-\d{6}").Value;
        Assert.NotEmpty(number);
        Assert.Contains("1. 10月2日 09:30", handed);
        Assert.Contains(phone[^4..], handed);

        var booked = await visitor.SayAsync("2");
        Assert.Contains("10月2日 12:00", booked);
        var admin = await _factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{number}", ChatTests.Json))!;
        Assert.Equal("我的退款还没到账，已经三天了", ticket.Subject);
        Assert.Contains("你好", ticket.Description);
        Assert.Equal(customerId, ticket.Customer.Id);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var callback = await db.Callbacks.SingleAsync(c => c.TicketId == ticket.Id);
            Assert.Equal(new DateTime(2026, 10, 2, 4, 0, 0, DateTimeKind.Utc), callback.DueAt);
        }

        // Nobody waits in the chat queue at 03:00; what the customer says next goes onto the complaint.
        var status = await visitor.Connection.InvokeAsync<ConversationDto>("Status");
        Assert.Equal(ConversationStatus.Waiting, status.Status);
        await visitor.Connection.InvokeAsync<ChatMessageDto>("Send", "after-1", "订单号 T202611250001，金额 199 元");
        ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{number}", ChatTests.Json))!;
        Assert.Contains(ticket.Messages, m => m.Body.Contains("T202611250001"));
    }

    [Fact]
    public async Task A_visitor_nobody_knows_is_asked_for_contact_details_only_when_the_hand_off_must_file_in_english()
    {
        await using var visitor = await StartAsync(new { name = "Anon", locale = "en" });
        Assert.Contains("refund-timing", await visitor.SayAsync("How long does a refund take?"));
        var asked = await visitor.SayAsync("I want to talk to a human");
        Assert.Contains("Oct 2, 09:00", asked);
        Assert.Contains("mobile number or e-mail", asked);
        var phone = TestData.NewPhone();
        var filed = await visitor.SayAsync($"my number is {phone}");
        var number = Regex.Match(filed, @"PD-\d{4}-\d{6}").Value;
        Assert.True(number.Length > 0, filed);
        Assert.Contains("call back", filed);
        Assert.DoesNotContain(phone, filed);
        Assert.Contains("no call back", await visitor.SayAsync("no"), StringComparison.OrdinalIgnoreCase);
        var admin = await _factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{number}", ChatTests.Json))!;
        Assert.Contains("How long does a refund take?", ticket.Description);
        Assert.Equal(phone[..3] + "****" + phone[^4..], ticket.Customer.Phone);
    }

    [Fact]
    public async Task A_signed_in_customer_is_never_asked_who_they_are()
    {
        var serial = NewSerial();
        var (phone, customerId) = await CustomerAsync("门户客户", "zh-CN", (serial, "美团", 58.50m, RefundState.Pending));
        var email = $"n{phone}@example.cn";
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .CreateAsync(email, "门户客户", Roles.Customer, PayDeskFactory.AdminPassword, customerId);
            Assert.True(user is not null, string.Join(" ", errors));
        }
        var portal = await _factory.ClientForAsync(email, PayDeskFactory.AdminPassword);
        await using var visitor = await StartAsync(new { }, portal);
        Assert.True(visitor.Chat.Conversation.Verified);

        var answer = await visitor.SayAsync("我的退款还没到");
        Assert.Contains("58.50 CNY", answer);
        Assert.DoesNotContain("验证码", answer);
        Assert.DoesNotContain("手机号", answer);
        Assert.DoesNotContain(_factory.Outbox("sms"), m => m.To.EndsWith(phone[^4..], StringComparison.Ordinal));
        await using var check = _factory.Services.CreateAsyncScope();
        var conversation = await check.ServiceProvider.GetRequiredService<AppDbContext>().Conversations.SingleAsync(c => c.Id == visitor.Chat.Conversation.Id);
        Assert.Equal("session", conversation.VerifiedBy);
    }
}
