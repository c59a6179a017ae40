using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Assistant;
using PayDesk.Features.Complaints;
using PayDesk.Features.Incidents;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Announcements;

/// <summary>One notice as customers see it, in their language and time zone; no personal data.</summary>
public sealed record PublicNotice(
    string Id, string Kind, string Title, string Body, string? Window, string? ExpectedFix, DateTime? ExpectedFixAt, string? Status);

/// <summary>
/// The notices shown now: open public incidents first (derived, never stored, so they disappear when the incident is
/// resolved or made private), then the stored announcements inside their schedule. Also answers the assistant when a
/// customer's question matches an incident's or an announcement's scope.
/// </summary>
internal sealed class PublicNotices(
    AppDbContext db, IActiveIncidents incidents, AssistantNoticeCache cache, TimeProvider clock, IStringLocalizer<SharedResource> l) : IAssistantNotices
{
    public const int MaxShown = 10;


    /// <summary>The notices for one place, in the current UI language; times in <paramref name="timeZone"/>.</summary>
    public async Task<IReadOnlyList<PublicNotice>> CurrentAsync(AnnouncementPlacement placement, string? timeZone, CancellationToken ct)
    {
        var zone = ServiceTime.Zone(timeZone);
        var notices = new List<PublicNotice>();
        foreach (var incident in await OpenIncidentsAsync(ct)) notices.Add(FromIncident(incident, zone));
        foreach (var a in await ActiveAsync(placement, ct)) notices.Add(FromAnnouncement(a, zone));
        return notices.Take(MaxShown).ToList();
    }

    /// <summary>What the assistant says about a question that matches a notice's scope (bank, product, keywords); null when none does.</summary>
    /// <remarks>Asked on every chat message, so it reads the notices from <see cref="AssistantNoticeCache"/>, not the database.</remarks>
    public async Task<string?> MatchAsync(string question, Func<CancellationToken, Task<string?>> timeZone, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(question)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = await cache.GetAsync(LoadForAssistantAsync, ct);
        var bank = Banks.Find(question);
        // The cached lists hold only open incidents and the assistant's announcements; the schedule is checked now.
        var incident = notices.Incidents.FirstOrDefault(i => NoticeMatch.Incident(question, bank, i.Bank, i.Product, i.Region));
        if (incident is not null) return Say(FromIncident(incident, ServiceTime.Zone(await timeZone(ct))));
        var announcement = notices.Announcements.FirstOrDefault(a => a.PublishAt <= now && (a.ExpireAt == null || a.ExpireAt > now)
            && NoticeMatch.Announcement(question, bank, a.Bank, a.Keywords));
        return announcement is null ? null : Say(FromAnnouncement(announcement, ServiceTime.Zone(await timeZone(ct))));
    }

    /// <summary>
    /// The open public incidents and the assistant's announcements not yet expired (scheduled ones included: the time is
    /// checked when a question is matched, so a cached copy starts showing an announcement at its publish time).
    /// </summary>
    private async Task<AssistantNoticeCache.Notices> LoadForAssistantAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var announcements = await db.Set<Announcement>().AsNoTracking()
            .Where(a => a.ExpireAt == null || a.ExpireAt > now)
            .OrderByDescending(a => a.PublishAt).Take(200).ToListAsync(ct);
        return new(await OpenIncidentsAsync(ct), announcements.Where(a => (a.Placement & AnnouncementPlacement.Assistant) != 0).ToList());
    }

    private static string Say(PublicNotice n) =>
        string.Join("\n", new[] { n.Title, n.Body, n.Window, n.ExpectedFix }.Where(s => !string.IsNullOrWhiteSpace(s)));

    private async Task<List<PublicIncident>> OpenIncidentsAsync(CancellationToken ct) =>
        (await incidents.PublicAsync(TimeSpan.Zero, ct)).Where(i => i.Status != IncidentStatus.Resolved).ToList();

    private async Task<List<Announcement>> ActiveAsync(AnnouncementPlacement placement, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var shown = await db.Set<Announcement>().AsNoTracking()
            .Where(a => a.PublishAt <= now && (a.ExpireAt == null || a.ExpireAt > now))
            .OrderByDescending(a => a.PublishAt).Take(100).ToListAsync(ct);
        return shown.Where(a => (a.Placement & placement) != 0).ToList();
    }

    private static bool English => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private PublicNotice FromIncident(PublicIncident i, TimeZoneInfo zone)
    {
        var scope = new List<string>();
        if (i.Bank is not null) scope.Add(Banks.Name(i.Bank));
        if (i.Product is not null) scope.Add(i.Product);
        if (i.Category is { } category) scope.Add(l[$"Category.{category}"]);
        if (i.Region is not null) scope.Add(i.Region);
        var title = scope.Count == 0 ? $"{l["Announcements.Kind.Incident"]}：{i.Title}" : $"{l["Announcements.Kind.Incident"]}：{string.Join(" · ", scope)}";
        if (English) title = title.Replace('：', ':').Replace(":", ": ");
        // The incident's public summary is written once, usually in Chinese: English readers get the standard sentence instead.
        var body = string.IsNullOrWhiteSpace(i.PublicSummary) || English && i.PublicSummary.Any(c => c is >= '\u4e00' and <= '\u9fff')
            ? l["Announcements.IncidentDefault"].Value
            : i.PublicSummary!;
        var fix = i.ExpectedFixAt is { } at ? l["Announcements.ExpectedFix", Local(at, zone), ZoneName(zone)].Value : l["Announcements.NoFixTimeYet"].Value;
        return new PublicNotice("incident-" + i.Number, "incident", title, body, null, fix, i.ExpectedFixAt, l[$"Announcements.IncidentStatus.{i.Status}"]);
    }

    private PublicNotice FromAnnouncement(Announcement a, TimeZoneInfo zone)
    {
        var window = a.WindowStart is { } from && a.WindowEnd is { } to
            ? l["Announcements.WindowText", Local(from, zone), Local(to, zone), ZoneName(zone)].Value
            : null;
        return new PublicNotice(a.Id.ToString(), KindName(a.Kind), English ? a.TitleEn : a.TitleZh, English ? a.BodyEn : a.BodyZh, window, null, null, null);
    }

    public static string KindName(AnnouncementKind kind) => kind switch
    {
        AnnouncementKind.Maintenance => "maintenance",
        AnnouncementKind.ServiceHours => "service_hours",
        AnnouncementKind.Security => "security",
        AnnouncementKind.General => "general",
    };


    private static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string ZoneName(TimeZoneInfo zone) => zone.Id is "Asia/Shanghai" or "China Standard Time" ? l["Announcements.BeijingTime"] : zone.Id;
}

/// <summary>Whether a customer's question is about a notice's scope: the bank it names, a product or region word, or a keyword.</summary>
internal static class NoticeMatch
{
    public static bool Incident(string question, string? questionBank, string? bank, string? product, string? region)
    {
        if (bank is not null) return string.Equals(questionBank, bank, StringComparison.OrdinalIgnoreCase);
        return Contains(question, product) || Contains(question, region);
    }

    public static bool Announcement(string question, string? questionBank, string? bank, string? keywords)
    {
        if (bank is not null && string.Equals(questionBank, bank, StringComparison.OrdinalIgnoreCase)) return true;
        return Words(keywords).Any(w => Contains(question, w));
    }

    public static IEnumerable<string> Words(string? keywords) =>
        (keywords ?? "").Split([',', '，', '、', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(w => w.Length >= 2);

    private static bool Contains(string question, string? word) =>
        !string.IsNullOrWhiteSpace(word) && word.Trim().Length >= 2 && question.Contains(word.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The assistant's copy of the public notices, shared by every chat on this instance: reloaded when a save on this instance
/// changed an incident or an announcement (<see cref="SavedEntities"/>), and at the latest after <see cref="MaxAge"/>
/// for changes made on other instances. Without it every chat message cost two more queries (a tenth of the chat path's CPU).
/// </summary>
internal sealed class AssistantNoticeCache(SavedEntities saved, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    public sealed record Notices(IReadOnlyList<PublicIncident> Incidents, IReadOnlyList<Announcement> Announcements);

    private readonly SavedEntitiesCache<Notices> _cache = new(saved, clock, MaxAge, typeof(Incident), typeof(Announcement));

    public Task<Notices> GetAsync(Func<CancellationToken, Task<Notices>> load, CancellationToken ct) => _cache.GetAsync(load, ct);
}
