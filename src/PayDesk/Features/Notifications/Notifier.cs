using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Notifications;

/// <summary>
/// Puts messages for a customer into the outbox, in the caller's unit of work (so a status change
/// and its notice commit together or not at all). Sending happens in <see cref="NotificationDispatcher"/>.
/// </summary>
internal sealed class Notifier(AppDbContext db, PersonalDataProtector protector, ISocialReplyRoutes social, TimeProvider clock, StoredTemplates templates)
{
    /// <summary>
    /// Whether the customer has an address for a notice on this channel (a phone for SMS, an e-mail; the in-app notice always):
    /// what queueing finds. A social reply needs the complaint's channel identity and is not answered here.
    /// </summary>
    public static bool HasAddress(Customer customer, NotificationChannel channel) => channel switch
    {
        NotificationChannel.Sms => customer.PhoneMasked is not null,
        NotificationChannel.Email => customer.Email is not null,
        NotificationChannel.InApp => true,
        NotificationChannel.Social => false,
    };

    /// <summary>A notice about no complaint (a sign-in or verification code).</summary>
    public Task<IReadOnlyList<Notification>> QueueAsync(
        Customer customer, string templateKey, IReadOnlyDictionary<string, string?> values, Actor actor,
        CancellationToken ct, NotificationChannel[]? channels = null, string? secret = null) =>
        QueueAsync(customer, ticket: null, templateKey, values, actor, ct, channels, secret);

    public async Task<IReadOnlyList<Notification>> QueueAsync(
        Customer customer, Ticket? ticket, string templateKey, IReadOnlyDictionary<string, string?> values, Actor actor,
        CancellationToken ct, NotificationChannel[]? channels = null, string? secret = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var locale = CultureOf(customer).Name;
        channels ??= DefaultChannels(customer);
        var stored = (await templates.GetAsync(db, ct)).Where(t => t.Key == templateKey && t.Locale == locale).ToList();
        var queued = new List<Notification>();
        var socialId = channels.Contains(NotificationChannel.Social) && ticket is not null
            ? await db.ChannelIdentities.AsNoTracking().Where(i => i.CustomerId == customer.Id && i.Channel == ticket.Channel)
                .OrderByDescending(i => i.Id).Select(i => i.ExternalUserId).FirstOrDefaultAsync(ct)
            : null;
        foreach (var channel in channels)
        {
            var destination = channel switch
            {
                NotificationChannel.Sms => customer.PhoneMasked,
                NotificationChannel.Email => customer.Email is { } e ? PersonalData.MaskEmail(e) : null,
                NotificationChannel.InApp => "app",
                NotificationChannel.Social => socialId is null ? null : social.MaskUser(socialId),
            };
            if (destination is null) continue;
            var (subject, body) = stored.FirstOrDefault(t => t.Channel == channel) is { } custom
                ? (custom.Subject ?? "", custom.Body)
                : DefaultTemplates.For(templateKey, locale);
            var notification = new Notification
            {
                CustomerId = customer.Id,
                TicketId = ticket?.Id,
                Channel = channel,
                TemplateKey = templateKey,
                Locale = locale,
                DestinationMasked = destination,
                Subject = channel == NotificationChannel.Sms ? null : Render(subject, values),
                Body = Render(body, values),
                SecretCipher = secret is null ? null : protector.ProtectSecret(secret),
                NextAttemptAt = now,
                CreatedAt = now,
            };
            db.Notifications.Add(notification);
            queued.Add(notification);
        }
        if (ticket is not null && queued.Count > 0)
        {
            Timeline.Record(db, ticket, TicketEventKind.Notification, actor, now, data: new JsonObject
            {
                ["template"] = templateKey,
                ["channels"] = new JsonArray(queued.Select(n => (JsonNode?)EnumText.Name(n.Channel)).ToArray()),
            }, customerVisible: templateKey != DefaultTemplates.VerificationCode);
        }
        return queued;
    }

    /// <summary>Whether a notice can go back on the social channel a complaint came from.</summary>
    public bool CanReplyOn(TicketChannel channel) => social.CanReply(channel);

    /// <summary>
    /// Where a staff reply goes "by the channel it came from" (按来源渠道): always in-app (the portal keeps the thread); a
    /// complaint that came by text message or by phone is answered by text message (a newcomer's walk found such replies
    /// sent by e-mail, to customers who had written from a phone); one from a social channel back there when a reply
    /// route is configured, with e-mail beside it as before; the rest (app, web, chat, e-mail) by e-mail where the
    /// customer has one. A text message that cannot be sent (no phone on file) falls back to e-mail.
    /// </summary>
    public NotificationChannel[] ReplyChannels(Customer customer, Ticket ticket)
    {
        var reachable = DefaultChannels(customer);
        var channels = new List<NotificationChannel> { NotificationChannel.InApp };
        if (ticket.Channel is TicketChannel.Sms or TicketChannel.Phone && reachable.Contains(NotificationChannel.Sms)) channels.Add(NotificationChannel.Sms);
        else if (reachable.Contains(NotificationChannel.Email)) channels.Add(NotificationChannel.Email);
        if (social.CanReply(ticket.Channel)) channels.Add(NotificationChannel.Social);
        return channels.ToArray();
    }

    /// <summary>Every customer gets in-app notices; SMS and e-mail where the customer has them.</summary>
    public static NotificationChannel[] DefaultChannels(Customer customer)
    {
        var channels = new List<NotificationChannel>();
        if (customer.PhoneHash is not null) channels.Add(NotificationChannel.Sms);
        if (customer.Email is not null) channels.Add(NotificationChannel.Email);
        channels.Add(NotificationChannel.InApp);
        return channels.ToArray();
    }

    /// <summary>Fills {placeholders}; {code} is left for the sender so one-time codes are never stored in clear.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values)
    {
        var text = template;
        foreach (var (key, value) in values)
        {
            if (key == "code") continue;
            var filled = value ?? "";
            // A value that ends its own sentence ("已原路退款。") swallows the template's full stop after the
            // placeholder ("{reason}。"), so the customer never reads "。。" whatever text an agent or admin wrote.
            text = text.Contains('{' + key + '}', StringComparison.Ordinal)
                ? System.Text.RegularExpressions.Regex.Replace(text, System.Text.RegularExpressions.Regex.Escape("{" + key + "}") + "([。．.])?",
                    m => filled + (m.Groups[1].Success && EndsSentence(filled) ? "" : m.Groups[1].Value))
                : text;
        }
        return text;
    }

    private static bool EndsSentence(string text) => text.TrimEnd() is { Length: > 0 } t && "。．.！!？?…".Contains(t[^1]);

    /// <summary>The language a customer reads their notices in: English when their locale says so, else Chinese.</summary>
    public static System.Globalization.CultureInfo CultureOf(Customer customer) =>
        System.Globalization.CultureInfo.GetCultureInfo(customer.Locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN");

    public static Dictionary<string, string?> ValuesFor(Ticket ticket, Customer customer, string? reason = null) => new()
    {
        ["customerName"] = customer.Name,
        ["ticketNumber"] = ticket.Number,
        ["subject"] = ticket.Subject,
        // The customer reads the status in words of their language ("处理中" / "In progress"), never the code.
        ["status"] = SharedResource.Manager.GetString("Status." + ticket.Status, CultureOf(customer))
            ?? EnumText.Name(ticket.Status),
        // What staff typed for the customer (a progress reason, a reply's excerpt) leaves masked, as the timeline shows it.
        ["reason"] = Infrastructure.Security.PersonalNumbers.MaskText(reason),
    };
}

/// <summary>
/// The templates administrators changed (few rows), shared by every notice on this instance: every complaint's acknowledgement
/// read them from the database at intake. Reloaded when a save here changed a template and at the latest after
/// <see cref="MaxAge"/> for changes made on other instances.
/// </summary>
internal sealed class StoredTemplates(SavedEntities saved, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SavedEntitiesCache<IReadOnlyList<NotificationTemplate>> _cache = new(saved, clock, MaxAge, typeof(NotificationTemplate));

    public Task<IReadOnlyList<NotificationTemplate>> GetAsync(AppDbContext db, CancellationToken ct) =>
        _cache.GetAsync(async token => await db.NotificationTemplates.AsNoTracking().ToListAsync(token), ct);
}
