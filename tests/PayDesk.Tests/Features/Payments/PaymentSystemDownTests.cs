using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PayDesk.Features.Channels.Chat;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace PayDesk.Tests.Features.Payments;

/// <summary>
/// The payment system down (nothing listens at its address): what used to be a 500, or a chat question left unanswered
/// while the widget resent it, is a hand-off to a person and a console that says why.
/// </summary>
public sealed class PaymentSystemDownTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = ChatTests.Host(ChatTests.InServiceHours, new Dictionary<string, string?>
        {
            ["PaymentSystem:Mode"] = "http",
            ["PaymentSystem:BaseUrl"] = $"http://127.0.0.1:{Operations.PublishedPayDesk.FreePort()}/",
            ["PaymentSystem:Resilience:Retry:MaxRetryAttempts"] = "1",
            ["PaymentSystem:Resilience:Retry:Delay"] = "00:00:00.010",
            // A refused connection may also be a dropped one (a firewall): each try gives up quickly.
            ["PaymentSystem:Resilience:AttemptTimeout:Timeout"] = "00:00:00.500",
            ["PaymentSystem:Resilience:TotalRequestTimeout:Timeout"] = "00:00:02",
        }, assistant: true);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_account_question_goes_to_a_person_and_the_console_shows_the_customer_without_transactions()
    {
        var admin = await _factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var account = "62" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
        (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "钱不通", phone, accountId = account, locale = "zh-CN" })).EnsureSuccessStatusCode();
        var (chat, connection) = await ChatTests.StartVisitorAsync(_factory, new { name = "钱不通", phone });
        var fromBot = new ConcurrentQueue<ChatMessageDto>();
        connection.On<ChatMessageDto>("message", m => { if (!m.FromCustomer && !m.FromSystem) fromBot.Enqueue(m); });
        async Task<string> SayAsync(string text)
        {
            var before = fromBot.Count;
            await connection.InvokeAsync<ChatMessageDto>("Send", Guid.NewGuid().ToString("N"), text).WaitAsync(TimeSpan.FromSeconds(60));
            for (var i = 0; i < 200 && fromBot.Count == before; i++) await Task.Delay(50);
            return string.Join("\n", fromBot.Skip(before).Select(m => m.Body));
        }

        Assert.Contains("验证码", await SayAsync("我的账户为什么被冻结了"));
        await _factory.DispatchNotificationsAsync();
        var masked = phone[..3] + "****" + phone[^4..];
        var code = System.Text.RegularExpressions.Regex.Match(_factory.Outbox("sms").Last(m => m.To == masked).Body, @"\d{6}").Value;
        // The host's clock is a fake one, and the resilience handler waits on it between tries: time passes while the
        // payment system does not answer.
        var clock = (Microsoft.Extensions.Time.Testing.FakeTimeProvider)_factory.Services.GetRequiredService<TimeProvider>();
        using var answered = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!answered.IsCancellationRequested)
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Delay(20);
            }
        });
        var answer = await SayAsync(code);
        Assert.Contains("暂时查询不到交易信息，正在为您转接人工客服", answer);

        var context = await admin.GetFromJsonAsync<GetChatContext.Context>($"/api/v1/chat/conversations/{chat.Conversation.Id}/context", ChatTests.Json);
        Assert.True(context!.Verified);
        Assert.True(context.PaymentsUnavailable);
        Assert.Null(context.Transactions);
        Assert.Equal("钱不通", context.Customer!.Name);
        await answered.CancelAsync();
        await ticking;
        await connection.DisposeAsync();
    }
}
