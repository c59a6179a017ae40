using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Observability;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Notifications;

/// <summary>
/// Sends due outbox messages. Each message is claimed with a conditional update before it is sent,
/// so several instances never send one twice; failures are retried with exponential back-off and
/// end as <see cref="DeliveryStatus.Dead"/>, visible to staff.
/// </summary>
internal sealed class NotificationDispatcher(
    IServiceScopeFactory scopes, IEnumerable<INotificationSender> senders, ISocialReplyRoutes social, PersonalDataProtector protector,
    TimeProvider clock, IOptions<NotificationOptions> options, ILogger<NotificationDispatcher> logger)
{
    private readonly Dictionary<NotificationChannel, INotificationSender> _senders = senders.ToDictionary(s => s.Channel);

    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var directory = scope.ServiceProvider.GetRequiredService<CustomerDirectory>();
        var observers = scope.ServiceProvider.GetRequiredService<Complaints.ComplaintObservers>();
        var now = clock.GetUtcNow().UtcDateTime;

        // Messages whose sender died mid-send go back to the queue when their lease ends.
        await db.Notifications.Where(n => n.Status == DeliveryStatus.Sending && n.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, DeliveryStatus.Failed), ct);

        var due = await db.Notifications.AsNoTracking()
            .Where(n => (n.Status == DeliveryStatus.Pending || n.Status == DeliveryStatus.Failed) && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt).Select(n => n.Id).Take(options.Value.BatchSize).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            var lease = now.AddMinutes(2);
            var claimed = await db.Notifications
                .Where(n => n.Id == id && (n.Status == DeliveryStatus.Pending || n.Status == DeliveryStatus.Failed))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, DeliveryStatus.Sending).SetProperty(n => n.LeaseUntil, lease), ct);
            if (claimed == 0) continue;

            var notification = await db.Notifications.FirstAsync(n => n.Id == id, ct);
            try
            {
                var customer = await db.Customers.FirstAsync(c => c.Id == notification.CustomerId, ct);
                var destination = notification.Channel switch
                {
                    NotificationChannel.Sms => directory.Reveal(customer, PersonalDataKind.Phone),
                    NotificationChannel.Email => customer.Email,
                    NotificationChannel.InApp => customer.Id.ToString(),
                    NotificationChannel.Social => await SocialDestinationAsync(db, notification, ct),
                } ?? throw new InvalidOperationException("The customer no longer has a destination for this channel.");
                var body = notification.SecretCipher is { } cipher
                    ? notification.Body.Replace("{code}", protector.UnprotectSecret(cipher), StringComparison.Ordinal)
                    : notification.Body;
                var inReplyTo = notification.Channel == NotificationChannel.Email && notification.TicketId is { } ticketId
                    ? await db.InboundReceipts.AsNoTracking()
                        .Where(r => r.TicketId == ticketId && r.Channel == Complaints.TicketChannel.Email && r.QuarantineId == null)
                        .OrderByDescending(r => r.Id).Select(r => r.ExternalId).FirstOrDefaultAsync(ct)
                    : null;
                notification.ProviderMessageId = await _senders[notification.Channel].SendAsync(
                    new OutgoingMessage(notification.Id, notification.Channel, destination, notification.DestinationMasked, notification.Subject, body)
                    {
                        InReplyTo = inReplyTo?.Contains('@') == true ? inReplyTo : null,
                    }, ct);
                notification.Status = DeliveryStatus.Sent;
                notification.SentAt = clock.GetUtcNow().UtcDateTime;
                notification.SecretCipher = null;
                notification.LastError = null;
                PayDeskTelemetry.NotificationsSent.Add(1, new KeyValuePair<string, object?>("channel", MetricLabel<NotificationChannel>.Of(notification.Channel)));
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notification.Attempts++;
                notification.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                var dead = notification.Attempts >= options.Value.MaxAttempts;
                notification.Status = dead ? DeliveryStatus.Dead : DeliveryStatus.Failed;
                notification.NextAttemptAt = now.AddSeconds(10 * Math.Pow(2, notification.Attempts));
                if (dead) notification.SecretCipher = null;
                PayDeskTelemetry.NotificationsFailed.Add(1, new KeyValuePair<string, object?>("channel", MetricLabel<NotificationChannel>.Of(notification.Channel)),
                    new KeyValuePair<string, object?>("final", dead ? "true" : "false"));
                logger.LogWarning("Notification {NotificationId} on {Channel} failed (attempt {Attempt}): {Error}",
                    notification.Id, notification.Channel, notification.Attempts, ex.GetType().Name);
            }
            notification.LeaseUntil = null;
            if (notification is { Status: DeliveryStatus.Sent, TemplateKey: DefaultTemplates.Acknowledged, TicketId: { } acknowledged })
            {
                // The complaint learns its acknowledgement left, in the same save (first response on app, web and SMS).
                await Complaints.AcknowledgeIntake.DeliveredAsync(db, observers, acknowledged, notification.SentAt!.Value, ct);
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    /// <summary>The customer's id on the channel their complaint came from, as "{channel}:{id}".</summary>
    private async Task<string?> SocialDestinationAsync(AppDbContext db, Notification notification, CancellationToken ct)
    {
        if (notification.TicketId is not { } ticketId) return null;
        var channel = await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Channel).FirstAsync(ct);
        var id = await db.ChannelIdentities.AsNoTracking().Where(i => i.CustomerId == notification.CustomerId && i.Channel == channel)
            .OrderByDescending(i => i.Id).Select(i => i.ExternalUserId).FirstOrDefaultAsync(ct);
        return id is null ? null : social.Destination(channel, id);
    }
}

/// <summary>Runs the dispatcher on a timer.</summary>
internal sealed class NotificationDispatchService(NotificationDispatcher dispatcher, IOptions<NotificationOptions> options, ILogger<NotificationDispatchService> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(options.Value.DispatchIntervalSeconds), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => dispatcher.DispatchDueAsync(ct);
}
