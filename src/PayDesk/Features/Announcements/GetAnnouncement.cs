using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Announcements;

/// <summary>One announcement with how its push went.</summary>
internal static class GetAnnouncement
{
    public sealed record Response(AnnouncementDto Announcement, DeliveryCounts Deliveries);

    public static async Task<Results<Ok<Response>, NotFound>> HandleAsync(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var a = await db.Set<Announcement>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return TypedResults.NotFound();
        return TypedResults.Ok(new Response(AnnouncementDto.From(a, clock.GetUtcNow().UtcDateTime), await CountsAsync(db, id, ct)));
    }

    /// <summary>Queued (waiting or being sent), sent (sent or delivered), failed (failing or given up), and customers with no contact on that channel.</summary>
    public static async Task<DeliveryCounts> CountsAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var deliveries = db.Set<AnnouncementDelivery>().AsNoTracking().Where(d => d.AnnouncementId == id);
        var customers = await deliveries.CountAsync(ct);
        var noContact = await deliveries.CountAsync(d => d.NotificationId == null, ct);
        var statuses = await deliveries.Where(d => d.NotificationId != null)
            .Join(db.Notifications.AsNoTracking(), d => d.NotificationId, n => (Guid?)n.Id, (d, n) => n.Status)
            .GroupBy(s => s).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(params DeliveryStatus[] s) => statuses.Where(x => s.Contains(x.Key)).Sum(x => x.Count);
        return new DeliveryCounts(customers, Of(DeliveryStatus.Pending, DeliveryStatus.Sending), Of(DeliveryStatus.Sent, DeliveryStatus.Delivered),
            Of(DeliveryStatus.Failed, DeliveryStatus.Dead), noContact);
    }
}
