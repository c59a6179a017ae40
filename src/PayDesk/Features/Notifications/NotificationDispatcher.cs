using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Observability;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Notifications;

/// <summary>
/// Sends due outbox messages. A batch is claimed with one conditional update before it is sent, so several instances
/// never send one twice; several are in flight at once; failures are retried with exponential back-off and end as
/// <see cref="DeliveryStatus.Dead"/>, visible to staff.
/// </summary>
internal sealed class NotificationDispatcher(
    IServiceScopeFactory scopes, IEnumerable<INotificationSender> senders, ISocialReplyRoutes social, PersonalDataProtector protector,
    TimeProvider clock, IOptions<NotificationOptions> options, ILogger<NotificationDispatcher> logger)
{
    private readonly Dictionary<NotificationChannel, INotificationSender> _senders = senders.ToDictionary(s => s.Channel);

    /// <summary>One round: the due messages of one batch, sent; the number sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct) => (await RoundAsync(ct)).Sent;

    /// <summary>
    /// Rounds until the queue holds less than a batch: a burst (a holiday eve's complaints, each acknowledged) is sent as
    /// fast as the senders take it, not one batch per timer tick.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var sent = 0;
        while (true)
        {
            var (due, sentNow) = await RoundAsync(ct);
            sent += sentNow;
            if (due < options.Value.BatchSize) return sent;
        }
    }

    private async Task<(int Due, int Sent)> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        // Messages whose sender died mid-send go back to the queue when their lease ends.
        await db.Notifications.Where(n => n.Status == DeliveryStatus.Sending && n.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, DeliveryStatus.Failed), ct);

        // The first due of each status, each read in the index's order (Status, NextAttemptAt), then merged: one query over
        // both statuses made the database sort every due message to find the first few, a cost that grew with the backlog
        // (a burst, or an outage of the gateway, leaves tens of thousands waiting).
        var size = options.Value.BatchSize;
        var due = (await DueAsync(db, DeliveryStatus.Pending, now, size, ct)).Concat(await DueAsync(db, DeliveryStatus.Failed, now, size, ct))
            .OrderBy(d => d.NextAttemptAt).Take(size).Select(d => d.Id).ToList();
        if (due.Count == 0) return (0, 0);
        // One conditional update claims the batch, so several instances never send one message twice. The round's lease
        // ends at an instant of its own (whole microseconds, which both databases keep exactly): what carries it is what
        // this round claimed, not a message another instance took between the read and the update.
        var lease = now.AddMinutes(2).AddTicks(Random.Shared.Next(1, 1_000_000) * 10L);
        lease = lease.AddTicks(-(lease.Ticks % 10));
        // Handed to a sender: whether it left is known only from the answer (until then it stays claimed).
        var handed = new HashSet<Guid>();
        try
        {
            await db.Notifications
                .Where(n => due.Contains(n.Id) && (n.Status == DeliveryStatus.Pending || n.Status == DeliveryStatus.Failed))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, DeliveryStatus.Sending).SetProperty(n => n.LeaseUntil, lease), ct);
            return (due.Count, await SendClaimedAsync(db, scope.ServiceProvider, due, lease, handed, now, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping (a rolling restart): what this round claimed and never handed to a sender goes back to the queue at
            // once, for this or another node, instead of waiting out its lease.
            var unsent = due.Where(id => !handed.Contains(id)).ToList();
            try
            {
                await db.Notifications.Where(n => unsent.Contains(n.Id) && n.Status == DeliveryStatus.Sending && n.LeaseUntil == lease)
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, DeliveryStatus.Pending).SetProperty(n => n.LeaseUntil, (DateTime?)null), CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Returning {Count} unsent notifications to the queue failed ({Error}); they are sent when their lease ends",
                    unsent.Count, ex.GetType().Name);
            }
            throw;
        }
    }

    private static Task<List<DueMessage>> DueAsync(AppDbContext db, DeliveryStatus status, DateTime now, int size, CancellationToken ct) =>
        db.Notifications.AsNoTracking().Where(n => n.Status == status && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt).Take(size).Select(n => new DueMessage(n.Id, n.NextAttemptAt)).ToListAsync(ct);

    private sealed record DueMessage(Guid Id, DateTime NextAttemptAt);

    private async Task<int> SendClaimedAsync(AppDbContext db, IServiceProvider services, List<Guid> due, DateTime lease, HashSet<Guid> handed,
        DateTime now, CancellationToken ct)
    {
        var directory = services.GetRequiredService<CustomerDirectory>();
        var observers = services.GetRequiredService<Complaints.ComplaintObservers>();
        // Read untracked: each group's messages are attached when their turn comes, and the change tracker is emptied after
        // each group's save, so a save looks only at its own group (it compared every message and customer of the batch).
        var claimed = await db.Notifications.AsNoTracking().Where(n => due.Contains(n.Id) && n.Status == DeliveryStatus.Sending && n.LeaseUntil == lease)
            .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id).ToListAsync(ct);
        var customerIds = claimed.Select(n => n.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

        // Several messages are in flight at once (a provider's API answers in tens to hundreds of milliseconds); one
        // customer's go one after another, in the order they fell due ("received" never overtakes "resolved"): the k-th
        // wave holds each customer's k-th message. Each group in flight is saved once it is answered, so a crash re-sends
        // at most one group (when its lease ends), never a whole batch. A group handed to the senders is finished and
        // saved even when the server is stopping, so a graceful stop sends nothing twice.
        var sent = 0;
        var waves = claimed.GroupBy(n => n.CustomerId).SelectMany(g => g.Select((n, k) => (Wave: k, Notification: n)))
            .GroupBy(x => x.Wave, x => x.Notification).OrderBy(w => w.Key);
        foreach (var wave in waves)
        {
            foreach (var group in wave.Chunk(options.Value.Concurrency))
            {
                db.ChangeTracker.Clear();
                db.Notifications.AttachRange(group);
                var outgoing = new List<(Notification Notification, OutgoingMessage? Message, Exception? Error)>();
                foreach (var notification in group)
                {
                    try
                    {
                        outgoing.Add((notification, await OutgoingAsync(db, directory, notification, customers.GetValueOrDefault(notification.CustomerId), ct), null));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        outgoing.Add((notification, null, ex));
                    }
                }
                ct.ThrowIfCancellationRequested();
                foreach (var o in outgoing) handed.Add(o.Notification.Id);
                var answers = await Task.WhenAll(outgoing.Select(async o =>
                {
                    if (o.Error is not null) return (o.Notification, ProviderId: (string?)null, o.Error);
                    try
                    {
                        return (o.Notification, ProviderId: await _senders[o.Notification.Channel].SendAsync(o.Message!, CancellationToken.None),
                            Error: (Exception?)null);
                    }
                    catch (Exception ex)
                    {
                        return (o.Notification, ProviderId: null, Error: ex);
                    }
                }));
                var acknowledgements = new List<(Guid TicketId, DateTime At)>();
                foreach (var (notification, providerId, error) in answers)
                {
                    if (error is null)
                    {
                        Delivered(notification, providerId);
                        sent++;
                        if (notification is { TemplateKey: DefaultTemplates.Acknowledged, TicketId: { } acknowledged }) acknowledgements.Add((acknowledged, notification.SentAt!.Value));
                    }
                    else
                    {
                        Failed(notification, error, now);
                    }
                }
                // The complaints learn their acknowledgements left, in the same save (first response on app, web and SMS).
                await Complaints.AcknowledgeIntake.DeliveredAsync(db, observers, acknowledgements, CancellationToken.None);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        return sent;
    }

    /// <summary>The message as it leaves: the real destination (resolved now, never stored) and any one-time code filled in.</summary>
    private async Task<OutgoingMessage> OutgoingAsync(AppDbContext db, CustomerDirectory directory, Notification notification, Customer? customer,
        CancellationToken ct)
    {
        var destination = customer is null ? null : notification.Channel switch
        {
            NotificationChannel.Sms => directory.Reveal(customer, PersonalDataKind.Phone),
            NotificationChannel.Email => customer.Email,
            NotificationChannel.InApp => customer.Id.ToString(),
            NotificationChannel.Social => await SocialDestinationAsync(db, notification, ct),
        };
        if (destination is null) throw new InvalidOperationException("The customer no longer has a destination for this channel.");
        var body = notification.SecretCipher is { } cipher
            ? notification.Body.Replace("{code}", protector.UnprotectSecret(cipher), StringComparison.Ordinal)
            : notification.Body;
        var inReplyTo = notification.Channel == NotificationChannel.Email && notification.TicketId is { } ticketId
            ? await db.InboundReceipts.AsNoTracking()
                .Where(r => r.TicketId == ticketId && r.Channel == Complaints.TicketChannel.Email && r.QuarantineId == null)
                .OrderByDescending(r => r.Id).Select(r => r.ExternalId).FirstOrDefaultAsync(ct)
            : null;
        return new OutgoingMessage(notification.Id, notification.Channel, destination, notification.DestinationMasked, notification.Subject, body)
        {
            InReplyTo = inReplyTo?.Contains('@') == true ? inReplyTo : null,
        };
    }

    private void Delivered(Notification notification, string? providerId)
    {
        notification.ProviderMessageId = providerId;
        notification.Status = DeliveryStatus.Sent;
        notification.SentAt = clock.GetUtcNow().UtcDateTime;
        notification.SecretCipher = null;
        notification.LastError = null;
        notification.LeaseUntil = null;
        PayDeskTelemetry.NotificationsSent.Add(1, new KeyValuePair<string, object?>("channel", MetricLabel<NotificationChannel>.Of(notification.Channel)));
    }

    private void Failed(Notification notification, Exception ex, DateTime now)
    {
        notification.Attempts++;
        // A relay's refusal names the recipient; staff see this text beside the masked destination.
        var error = PayDesk.Infrastructure.Security.PersonalData.MaskContacts(ex.Message);
        notification.LastError = PayDesk.Infrastructure.Http.ClippedText.Head(error, 1000);
        var dead = notification.Attempts >= options.Value.MaxAttempts;
        notification.Status = dead ? DeliveryStatus.Dead : DeliveryStatus.Failed;
        notification.NextAttemptAt = now.AddSeconds(10 * Math.Pow(2, notification.Attempts));
        notification.LeaseUntil = null;
        if (dead) notification.SecretCipher = null;
        PayDeskTelemetry.NotificationsFailed.Add(1, new KeyValuePair<string, object?>("channel", MetricLabel<NotificationChannel>.Of(notification.Channel)),
            new KeyValuePair<string, object?>("final", dead ? "true" : "false"));
        logger.LogWarning("Notification {NotificationId} on {Channel} failed (attempt {Attempt}): {Error}",
            notification.Id, notification.Channel, notification.Attempts, ex.GetType().Name);
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
    protected override Task RunOnceAsync(CancellationToken ct) => dispatcher.DrainAsync(ct);
}
