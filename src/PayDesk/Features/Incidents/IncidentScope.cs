using PayDesk.Features.Complaints;

namespace PayDesk.Features.Incidents;

/// <summary>Whether a complaint falls in an incident's scope: every set part must match, unset parts match anything.</summary>
internal static class IncidentScope
{
    public static bool IsEmpty(Incident i) =>
        i.Category is null && i.Bank is null && i.Channel is null && string.IsNullOrWhiteSpace(i.Product) && string.IsNullOrWhiteSpace(i.Region);

    public static bool Matches(Incident i, Ticket t, string? region) =>
        !IsEmpty(i)
        && (i.Category is null || i.Category == t.Category)
        && (i.Bank is null || string.Equals(i.Bank, t.Bank, StringComparison.OrdinalIgnoreCase))
        && (i.Channel is null || i.Channel == t.Channel)
        && (string.IsNullOrWhiteSpace(i.Product) || t.Subject.Contains(i.Product, StringComparison.OrdinalIgnoreCase)
            || t.Description.Contains(i.Product, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(i.Region) || string.Equals(i.Region, region, StringComparison.OrdinalIgnoreCase));

    /// <summary>The same test in the query (complaints of a scope, for confirming a suggestion and bulk linking).</summary>
    public static IQueryable<Ticket> Within(IQueryable<Ticket> tickets, TicketCategory? category, string? bank, TicketChannel? channel, string? product, string? region)
    {
        if (category is { } c) tickets = tickets.Where(t => t.Category == c);
        if (!string.IsNullOrWhiteSpace(bank)) tickets = tickets.Where(t => t.Bank == bank);
        if (channel is { } ch) tickets = tickets.Where(t => t.Channel == ch);
        if (!string.IsNullOrWhiteSpace(product)) tickets = tickets.Where(t => t.Subject.Contains(product) || t.Description.Contains(product));
        if (!string.IsNullOrWhiteSpace(region)) tickets = tickets.Where(t => t.Customer!.Region == region);
        return tickets;
    }

    /// <summary>The notice channel that is the customer's own: how the complaint came in (phone and SMS by SMS, e-mail by e-mail, the rest in the app).</summary>
    public static Notifications.NotificationChannel NoticeChannel(TicketChannel channel, Features.Customers.Customer customer, bool socialReply) => channel switch
    {
        TicketChannel.Phone or TicketChannel.Sms when customer.PhoneHash is not null => Notifications.NotificationChannel.Sms,
        TicketChannel.Email when customer.Email is not null => Notifications.NotificationChannel.Email,
        TicketChannel.WeChat or TicketChannel.Weibo when socialReply => Notifications.NotificationChannel.Social,
        _ => Notifications.NotificationChannel.InApp,
    };
}
