using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Announcements;

/// <summary>
/// Sends a live announcement to a customer segment through the outbox, once per customer (a second push skips those
/// already reached, and tries again those the first could not reach — no phone for its SMS): "complaints" — customers with an open complaint in the announcement's scope (bank, category);
/// "bank_users" — customers who paid with a card of the announcement's bank in the last N days. The payment system
/// has no query by bank, so the second segment is found from the cards customers bound (their bank) and confirmed
/// per account against the payment system's transactions of the period (at most <see cref="MaxBankCandidates"/>).
/// </summary>
internal static class PushAnnouncement
{
    public const int MaxBankCandidates = 2000;
    public static readonly string[] Segments = ["complaints", "bank_users"];

    /// <summary><paramref name="Preview"/>: count only — who would be sent it, who was reached before, who has no contact — and queue nothing.</summary>
    public sealed record Request(string? Segment, NotificationChannel? Channel, int? Days, bool? Preview = null);

    /// <summary>Added: customers a message was queued for now; NoContact: customers of the segment without a contact on this channel.</summary>
    public sealed record Response(int Added, int AlreadyReached, DeliveryCounts Deliveries, int NoContact);

    public static async Task<Results<Ok<Response>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, AppDbContext db, Notifier notifier, IPaymentSystem payments, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var a = await db.Set<Announcement>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (request.Segment is null || !Segments.Contains(request.Segment)) errors.AddKey("segment", "Announcements.SegmentUnknown");
        if (request.Channel is not (NotificationChannel.InApp or NotificationChannel.Sms)) errors.AddKey("channel", "Announcements.ChannelInAppOrSms");
        var days = request.Days ?? 7;
        if (days is < 1 or > 90) errors.AddKey("days", "Announcements.DaysRange");
        if (!a.IsShownAt(now)) errors.AddKey("announcement", "Announcements.PushNotLive");
        if (request.Segment == "complaints" && a.Bank is null && a.Category is null) errors.AddKey("segment", "Announcements.ScopeRequired");
        if (request.Segment == "bank_users" && a.Bank is null) errors.AddKey("segment", "Announcements.BankRequired");
        if (errors.Any) return errors.ToProblem();

        var segment = request.Segment!;
        List<Guid> customers;
        try
        {
            customers = segment == "complaints"
                ? await ComplainingAsync(db, a, ct)
                : await BankUsersAsync(db, payments, a.Bank!, now.AddDays(-days), now, ct);
        }
        catch (PaymentSystemUnavailableException)
        {
            // Nothing is queued yet: the push can simply be tried again.
            return PaymentSystemUnavailableException.Problem(l);
        }
        // Reached: a message was queued for them. A customer recorded with no contact on an earlier push's channel was not,
        // and is tried again (counting them reached left customers without a phone out of every later in-app push).
        var earlier = await db.Set<AnnouncementDelivery>().AsNoTracking().Where(d => d.AnnouncementId == id).ToDictionaryAsync(d => d.CustomerId, ct);
        var fresh = customers.Where(c => earlier.GetValueOrDefault(c)?.NotificationId is null).ToList();
        if (request.Preview == true)
        {
            // A mass SMS cannot be taken back: the page shows these figures before anything is sent.
            var reachable = 0;
            foreach (var chunk in fresh.Chunk(500))
            {
                var records = await db.Customers.AsNoTracking().Where(c => chunk.Contains(c.Id)).ToListAsync(ct);
                reachable += records.Count(c => Notifier.HasAddress(c, request.Channel!.Value));
            }
            return TypedResults.Ok(new Response(reachable, customers.Count - fresh.Count, await GetAnnouncement.CountsAsync(db, id, ct), fresh.Count - reachable));
        }
        var actor = actors.Current;
        var (added, noContact) = (0, 0);
        foreach (var chunk in fresh.Chunk(200))
        {
            var records = await db.Customers.Where(c => chunk.Contains(c.Id)).ToListAsync(ct);
            foreach (var customer in records)
            {
                var english = Notifier.CultureOf(customer).Name == "en";
                var values = new Dictionary<string, string?>
                {
                    ["customerName"] = customer.Name, ["title"] = english ? a.TitleEn : a.TitleZh, ["body"] = english ? a.BodyEn : a.BodyZh,
                };
                var queued = await notifier.QueueAsync(customer, DefaultTemplates.Announcement, values, actor, ct, [request.Channel!.Value]);
                var unreached = earlier.GetValueOrDefault(customer.Id);
                if (unreached is not null && queued.Count == 0) continue;
                // The unreached row is replaced, not updated: a delete that finds its row gone (another push of this
                // announcement took the customer meanwhile) fails this batch, as a second insert for a customer does.
                if (unreached is not null) db.Remove(unreached);
                db.Set<AnnouncementDelivery>().Add(new AnnouncementDelivery
                {
                    AnnouncementId = a.Id, CustomerId = customer.Id, NotificationId = queued.FirstOrDefault()?.Id, Segment = segment, QueuedAt = now,
                });
                if (queued.Count > 0) added++;
                else noContact++;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Pushed twice at once (a double click, two supervisors): this batch is left to the other push; what was
                // saved before it stands, and pushing again reaches only those still missing.
                return TypedResults.Problem(l["Announcements.PushedMeanwhile"], statusCode: StatusCodes.Status409Conflict);
            }
            db.ChangeTracker.Clear();
        }
        return TypedResults.Ok(new Response(added, customers.Count - fresh.Count, await GetAnnouncement.CountsAsync(db, id, ct), noContact));
    }

    private static async Task<List<Guid>> ComplainingAsync(AppDbContext db, Announcement a, CancellationToken ct)
    {
        var open = db.Tickets.AsNoTracking().Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
        if (a.Bank is not null) open = open.Where(t => t.Bank == a.Bank);
        if (a.Category is { } category) open = open.Where(t => t.Category == category);
        return await open.Select(t => t.CustomerId).Distinct().ToListAsync(ct);
    }

    private static async Task<List<Guid>> BankUsersAsync(AppDbContext db, IPaymentSystem payments, string bank, DateTime from, DateTime to, CancellationToken ct)
    {
        // A card's bank is what was typed when it was bound (中国建设银行, 建行储蓄卡, ccb …): every spelling the bank is known by
        // counts (an exact match on the bank's own names found none of the demo's cards, and no customer was reached).
        var spellings = await db.BankCards.AsNoTracking().Select(c => c.BankName).Distinct().ToListAsync(ct);
        var names = spellings.Where(n => Banks.Find(n) == bank).ToList();
        if (names.Count == 0) return [];
        var cards = await db.BankCards.AsNoTracking().Where(c => names.Contains(c.BankName))
            .Join(db.Customers.AsNoTracking().Where(c => c.AccountId != null), c => c.CustomerId, c => c.Id, (card, c) => new { c.Id, c.AccountId, card.PanMasked })
            .OrderBy(x => x.Id).ThenBy(x => x.PanMasked)
            .Take(MaxBankCandidates * 3).ToListAsync(ct);
        var users = new List<Guid>();
        foreach (var customer in cards.GroupBy(c => (c.Id, c.AccountId)).Take(MaxBankCandidates))
        {
            var endings = customer.Select(c => LastFour(c.PanMasked)).Where(e => e.Length == 4).ToHashSet();
            var transactions = await payments.SearchAsync(customer.Key.AccountId!, from, to, ct);
            if (transactions.Any(t => t.CardMasked is { } card && endings.Contains(LastFour(card)))) users.Add(customer.Key.Id);
        }
        return users;
    }

    private static string LastFour(string masked)
    {
        var digits = new string(masked.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 4 ? digits[^4..] : "";
    }
}
