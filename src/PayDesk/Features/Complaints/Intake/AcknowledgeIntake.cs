using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// The outbox handed these acknowledgements to their gateways: each recorded on its complaint once, and the observers
    /// told in one call (for the channels whose first-response target is the acknowledgement, the service-level clock is
    /// met then). One read for the whole group, not one per acknowledgement.
    /// </summary>
    public static async Task DeliveredAsync(AppDbContext db, ComplaintObservers observers, IReadOnlyCollection<(Guid TicketId, DateTime At)> delivered,
        CancellationToken ct)
    {
        if (delivered.Count == 0) return;
        var ids = delivered.Select(d => d.TicketId).Distinct().ToList();
        var tickets = await db.Tickets.Where(t => ids.Contains(t.Id) && t.AcknowledgementDeliveredAt == null).ToDictionaryAsync(t => t.Id, ct);
        var recorded = new List<(Ticket Ticket, DateTime At)>();
        foreach (var (ticketId, at) in delivered)
        {
            // Only the first acknowledgement of a complaint counts (there is one; a retried send is not a second).
            if (!tickets.Remove(ticketId, out var ticket)) continue;
            ticket.AcknowledgementDeliveredAt = at;
            recorded.Add((ticket, at));
        }
        await observers.AcknowledgementsDeliveredAsync(recorded, ct);
    }
}
