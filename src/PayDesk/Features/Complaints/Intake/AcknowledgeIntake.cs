using PayDesk.Features.Customers;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// 受理确认: every new complaint, whatever channel it came by, is acknowledged to the customer automatically and
/// exactly once, queued in the same unit of work as the complaint (decision 0005, amendment of issue 18). The
/// agent's 确认受理 no longer sends anything; it records who took the complaint on.
/// </summary>
internal static class AcknowledgeIntake
{
    /// <summary>
    /// The one channel the acknowledgement goes by: back on the channel the complaint came in on when that channel
    /// can carry a notice (an e-mail answers an e-mail, an SMS an SMS, a WeChat/Weibo message goes back where a reply
    /// route is configured), else SMS, else e-mail, else the in-app notice every customer has. A phone call, a chat and
    /// a portal/app form cannot carry a later notice the customer is sure to see within 30 minutes, so they take SMS.
    /// </summary>
    public static NotificationChannel RouteFor(TicketChannel channel, bool hasPhone, bool hasEmail, bool socialReply)
    {
        var own = channel switch
        {
            TicketChannel.Email when hasEmail => NotificationChannel.Email,
            TicketChannel.Sms when hasPhone => NotificationChannel.Sms,
            TicketChannel.WeChat or TicketChannel.Weibo when socialReply => NotificationChannel.Social,
            TicketChannel.Phone or TicketChannel.Chat or TicketChannel.Email or TicketChannel.App or TicketChannel.Web
                or TicketChannel.Sms or TicketChannel.WeChat or TicketChannel.Weibo => (NotificationChannel?)null,
        };
        return own ?? (hasPhone ? NotificationChannel.Sms : hasEmail ? NotificationChannel.Email : NotificationChannel.InApp);
    }

    /// <summary>
    /// Queues the acknowledgement of a just-opened complaint (the caller saves). Does nothing when this complaint was
    /// acknowledged already, so a retried intake, a merge or a later click never sends a second one.
    /// </summary>
    public static async Task<Notification?> QueueAsync(
        AppDbContext db, LifecycleServices lifecycle, Ticket ticket, Customer customer, Actor actor, DateTime now, CancellationToken ct)
    {
        if (ticket.AcknowledgementQueuedAt is not null) return null;
        var channel = RouteFor(ticket.Channel, customer.PhoneHash is not null, customer.Email is not null,
            lifecycle.Notifier.CanReplyOn(ticket.Channel));
        var queued = await lifecycle.Notifier.QueueAsync(customer, ticket, DefaultTemplates.Acknowledged,
            Notifier.ValuesFor(ticket, customer), actor, ct, [channel]);
        if (queued.Count == 0 && channel != NotificationChannel.InApp)
        {
            // The social user is unknown after all (no channel identity yet): the in-app notice is always there.
            queued = await lifecycle.Notifier.QueueAsync(customer, ticket, DefaultTemplates.Acknowledged,
                Notifier.ValuesFor(ticket, customer), actor, ct, [NotificationChannel.InApp]);
        }
        ticket.AcknowledgementQueuedAt = now;
        return queued.FirstOrDefault();
    }

    /// <summary>The acknowledged complaint, tracked (compiled: the dispatcher reads one per acknowledgement sent).</summary>
    private static readonly CompiledQuery<Func<AppDbContext, Guid, CancellationToken, Task<Ticket?>>> TicketById =
        new(() => Microsoft.EntityFrameworkCore.EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) => db.Tickets.FirstOrDefault(t => t.Id == id)));

    /// <summary>
    /// The outbox handed the acknowledgement to its gateway: recorded on the complaint once, and its observers are told
    /// (for the channels whose first-response target is the acknowledgement, the service-level clock is met then).
    /// </summary>
    public static async Task DeliveredAsync(AppDbContext db, ComplaintObservers observers, Guid ticketId, DateTime at, CancellationToken ct)
    {
        var ticket = await TicketById.For(db)(db, ticketId, ct);
        if (ticket is null || ticket.AcknowledgementDeliveredAt is not null) return;
        ticket.AcknowledgementDeliveredAt = at;
        await observers.AcknowledgementDeliveredAsync(ticket, at, ct);
    }
}
