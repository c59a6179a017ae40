using PayDesk.Features.Complaints;

namespace PayDesk.Features.Announcements;

/// <summary>An announcement as supervisors edit it; <c>State</c> is scheduled, live or expired at the time asked.</summary>
internal sealed record AnnouncementDto(
    Guid Id, AnnouncementKind Kind, string TitleZh, string TitleEn, string BodyZh, string BodyEn, string[] Placement,
    DateTime PublishAt, DateTime? ExpireAt, DateTime? WindowStart, DateTime? WindowEnd, string? Bank, TicketCategory? Category, string? Keywords,
    string State, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly (AnnouncementPlacement Flag, string Name)[] Places =
    [
        (AnnouncementPlacement.HelpCentre, "help_centre"), (AnnouncementPlacement.Portal, "portal"),
        (AnnouncementPlacement.Chat, "chat"), (AnnouncementPlacement.Assistant, "assistant"),
    ];

    public static string StateAt(Announcement a, DateTime now) =>
        a.PublishAt > now ? "scheduled" : a.ExpireAt is { } e && e <= now ? "expired" : "live";

    public static AnnouncementDto From(Announcement a, DateTime now) => new(
        a.Id, a.Kind, a.TitleZh, a.TitleEn, a.BodyZh, a.BodyEn, Places.Where(p => (a.Placement & p.Flag) != 0).Select(p => p.Name).ToArray(),
        a.PublishAt, a.ExpireAt, a.WindowStart, a.WindowEnd, a.Bank, a.Category, a.Keywords, StateAt(a, now), a.CreatedAt, a.UpdatedAt);
}

/// <summary>How a push went: customers reached, and their outbox messages by state.</summary>
internal sealed record DeliveryCounts(int Customers, int Queued, int Sent, int Failed, int NoContact);
