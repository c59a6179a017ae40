using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PayDesk.Features.Customers;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Notifications;

/// <summary>
/// A burst (a holiday eve's complaints, each acknowledged by SMS) leaves as fast as the gateway takes it: several messages
/// in flight, batch after batch in one run of the job, each customer's messages still in order and each sent once.
/// </summary>
public sealed class NotificationBurstTests
{
    /// <summary>A gateway that answers after a moment, as a provider's API does, and notes how many sends overlap.</summary>
    private sealed class SlowSmsGateway(int answerMilliseconds = 25) : INotificationSender
    {
        public readonly ConcurrentQueue<(string To, string Body)> Sent = new();
        public readonly TaskCompletionSource FirstHandedOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        public int MaxInFlight;

        public NotificationChannel Channel => NotificationChannel.Sms;

        public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            FirstHandedOver.TrySetResult();
            var now = Interlocked.Increment(ref _inFlight);
            for (var seen = MaxInFlight; now > seen; seen = MaxInFlight) Interlocked.CompareExchange(ref MaxInFlight, now, seen);
            try
            {
                await Task.Delay(answerMilliseconds, ct);
                Sent.Enqueue((message.Destination, message.Body));
                return $"gw-{message.Id}";
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private static PayDeskFactory Factory(Provider provider, SlowSmsGateway sms) => new(provider, services: s =>
    {
        s.RemoveAll<INotificationSender>();
        s.AddSingleton<INotificationSender>(sms);
        s.AddSingleton<INotificationSender, InAppSender>();
    });

    /// <summary>Queues <paramref name="each"/> SMS for each of <paramref name="customers"/> new customers; their phone numbers.</summary>
    private static async Task<List<string>> QueueAsync(PayDeskFactory factory, string template, int customers, int each)
    {
        var phones = new List<string>();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var directory = scope.ServiceProvider.GetRequiredService<CustomerDirectory>();
        var due = DateTime.UtcNow.AddMinutes(-10);
        for (var c = 0; c < customers; c++)
        {
            var phone = TestData.NewPhone();
            phones.Add(phone);
            var customer = directory.Add($"客户{c}", phone, null, null, CustomerKind.Consumer);
            for (var k = 0; k < each; k++)
            {
                // Due in the order written: the k-th message of every customer before the (k+1)-th of any.
                db.Notifications.Add(new Notification
                {
                    CustomerId = customer.Id, Channel = NotificationChannel.Sms, TemplateKey = template, Locale = "zh-CN",
                    DestinationMasked = phone[..3] + "****" + phone[^4..], Body = $"{template} 客户{c} 第{k}条", CreatedAt = due,
                    NextAttemptAt = due.AddMilliseconds(k * customers + c),
                });
            }
        }
        await db.SaveChangesAsync();
        return phones;
    }

    private static async Task<List<DeliveryStatus>> StatusesAsync(PayDeskFactory factory, string template) =>
        (await CountsAsync(factory, template)).Keys.Order().ToList();

    private static async Task<Dictionary<DeliveryStatus, int>> CountsAsync(PayDeskFactory factory, string template)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Notifications.Where(n => n.TemplateKey == template).Select(n => n.Status).ToListAsync())
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Four_batches_of_messages_leave_in_one_run_several_at_a_time_each_customers_in_order(Provider provider)
    {
        const int customers = 40, each = 5;
        var sms = new SlowSmsGateway();
        await using var factory = Factory(provider, sms);
        var phones = await QueueAsync(factory, "burst", customers, each);

        var dispatcher = factory.Services.GetRequiredService<NotificationDispatcher>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.Equal(customers * each, await dispatcher.DrainAsync(CancellationToken.None));
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine($"[figure] notification burst ({provider}): {customers * each} SMS through a 25 ms gateway in "
            + $"{seconds:0.00} s ({customers * each / seconds:0} per second, at most {sms.MaxInFlight} in flight; one at a time would take {customers * each * 0.025:0.0} s)");

        var sent = sms.Sent.ToList();
        Assert.Equal(customers * each, sent.Count);
        Assert.Equal(customers * each, sent.Distinct().Count());
        Assert.InRange(sms.MaxInFlight, 2, 8);
        for (var c = 0; c < customers; c++)
        {
            Assert.Equal(Enumerable.Range(0, each).Select(k => $"burst 客户{c} 第{k}条"), sent.Where(m => m.To == phones[c]).Select(m => m.Body));
        }
        Assert.Equal([DeliveryStatus.Sent], await StatusesAsync(factory, "burst"));
        // Nothing is left to send: a second run finds nothing due.
        Assert.Equal(0, await dispatcher.DrainAsync(CancellationToken.None));
    }

    /// <summary>
    /// A round takes the messages due first whether they are new or being retried: pending and failed messages are read in
    /// their own index order and merged, so a retry due before a backlog of new messages is not left behind it.
    /// </summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_round_takes_the_earliest_due_of_new_and_retried_messages_together(Provider provider)
    {
        var sms = new SlowSmsGateway(answerMilliseconds: 1);
        await using var factory = Factory(provider, sms);
        // 60 customers with one new message each (more than a batch of 50), due a second apart; every third one failed once
        // before and is due again at its own time.
        await QueueAsync(factory, "mixed", customers: 60, each: 1);
        var start = DateTime.UtcNow.AddMinutes(-30);
        List<string> byDue;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = await db.Notifications.Where(n => n.TemplateKey == "mixed").OrderBy(n => n.Body).ToListAsync();
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i].NextAttemptAt = start.AddSeconds(i);
                if (i % 3 == 0) { rows[i].Status = DeliveryStatus.Failed; rows[i].Attempts = 1; }
            }
            await db.SaveChangesAsync();
            byDue = rows.Select(r => r.Body).ToList();
        }

        var dispatcher = factory.Services.GetRequiredService<NotificationDispatcher>();
        Assert.Equal(50, await dispatcher.DispatchDueAsync(CancellationToken.None));
        // The first round sent exactly the 50 due first, retried ones among them, and left the last ten.
        Assert.Equal(byDue.Take(50).Order(), sms.Sent.Select(m => m.Body).Order());
        Assert.Equal(10, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal([DeliveryStatus.Sent], await StatusesAsync(factory, "mixed"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Two_instances_draining_one_queue_at_once_send_each_message_once(Provider provider)
    {
        var sms = new SlowSmsGateway();
        await using var factory = Factory(provider, sms);
        await QueueAsync(factory, "race", 60, 3);
        // Two dispatchers (as on two nodes) race for the same batches: each claims with its own lease.
        var first = factory.Services.GetRequiredService<NotificationDispatcher>();
        var second = ActivatorUtilities.CreateInstance<NotificationDispatcher>(factory.Services);
        var sent = await Task.WhenAll(first.DrainAsync(CancellationToken.None), second.DrainAsync(CancellationToken.None));

        Assert.Equal(180, sent.Sum());
        Assert.Equal(180, sms.Sent.Count);
        Assert.Equal(180, sms.Sent.Distinct().Count());
        Assert.Equal([DeliveryStatus.Sent], await StatusesAsync(factory, "race"));
    }

    [Fact]
    public async Task A_server_stopping_mid_round_finishes_what_it_handed_over_and_puts_the_rest_back_at_once()
    {
        var sms = new SlowSmsGateway(answerMilliseconds: 100);
        await using var factory = Factory(Provider.Sqlite, sms);
        await QueueAsync(factory, "stop", 30, 2);
        var dispatcher = factory.Services.GetRequiredService<NotificationDispatcher>();
        using var stopping = new CancellationTokenSource();

        var run = dispatcher.DrainAsync(stopping.Token);
        await sms.FirstHandedOver.Task.WaitAsync(TimeSpan.FromSeconds(30));
        stopping.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // The group in flight was answered and saved; nothing waits out a lease; the rest is due again at once.
        var counts = await CountsAsync(factory, "stop");
        var sentBeforeStop = sms.Sent.Count;
        Assert.InRange(sentBeforeStop, 1, 59);
        Assert.Equal(sentBeforeStop, counts.GetValueOrDefault(DeliveryStatus.Sent));
        Assert.Equal(0, counts.GetValueOrDefault(DeliveryStatus.Sending));
        Assert.Equal(60 - sentBeforeStop, counts.GetValueOrDefault(DeliveryStatus.Pending));

        Assert.Equal(60 - sentBeforeStop, await dispatcher.DrainAsync(CancellationToken.None));
        Assert.Equal(60, sms.Sent.Distinct().Count());
        Assert.Equal(60, sms.Sent.Count);
    }
}
