using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Announcements;

/// <summary>A supervisor writes or changes an announcement (both languages, where it shows, its schedule and scope); audited.</summary>
internal static class SaveAnnouncement
{
    public sealed record Request(
        AnnouncementKind? Kind, string? TitleZh, string? TitleEn, string? BodyZh, string? BodyEn, string[]? Placement,
        DateTime? PublishAt, DateTime? ExpireAt, DateTime? WindowStart, DateTime? WindowEnd, string? Bank, TicketCategory? Category, string? Keywords);

    public static async Task<Results<Created<AnnouncementDto>, ValidationProblem>> CreateAsync(
        Request request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = Validate(request, l, out var placement, out var bank);
        if (errors.Any) return errors.ToProblem();
        var a = new Announcement
        {
            TitleZh = "", TitleEn = "", BodyZh = "", BodyEn = "", CreatedById = actors.Current.UserId, CreatedAt = now,
        };
        Apply(a, request, placement, bank, now);
        db.Set<Announcement>().Add(a);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/announcements/{a.Id}", AnnouncementDto.From(a, now));
    }

    public static async Task<Results<Ok<AnnouncementDto>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, Request request, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var a = await db.Set<Announcement>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return TypedResults.NotFound();
        var errors = Validate(request, l, out var placement, out var bank);
        if (errors.Any) return errors.ToProblem();
        Apply(a, request, placement, bank, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AnnouncementDto.From(a, now));
    }

    private static void Apply(Announcement a, Request r, AnnouncementPlacement placement, string? bank, DateTime now)
    {
        a.Kind = r.Kind!.Value;
        a.TitleZh = Infrastructure.Security.PersonalNumbers.MaskText(r.TitleZh!.Trim())!;
        a.TitleEn = Infrastructure.Security.PersonalNumbers.MaskText(r.TitleEn!.Trim())!;
        a.BodyZh = Infrastructure.Security.PersonalNumbers.MaskText(r.BodyZh!.Trim())!;
        a.BodyEn = Infrastructure.Security.PersonalNumbers.MaskText(r.BodyEn!.Trim())!;
        a.Placement = placement;
        a.PublishAt = Utc(r.PublishAt!.Value);
        a.ExpireAt = r.ExpireAt is { } e ? Utc(e) : null;
        a.WindowStart = r.WindowStart is { } s ? Utc(s) : null;
        a.WindowEnd = r.WindowEnd is { } w ? Utc(w) : null;
        a.Bank = bank;
        a.Category = r.Category;
        a.Keywords = string.IsNullOrWhiteSpace(r.Keywords) ? null : string.Join(", ", NoticeMatch.Words(r.Keywords));
        a.UpdatedAt = now;
    }

    /// <summary>Times arrive as UTC ("Z"); a time without an offset is taken as UTC too.</summary>
    public static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    private static readonly DateTime First = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), Last = new(2099, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    private static ValidationErrors Validate(Request r, IStringLocalizer<SharedResource> l, out AnnouncementPlacement placement, out string? bank)
    {
        var errors = new ValidationErrors(l);
        if (r.Kind is null) errors.AddKey("kind", "Validation.Required");
        errors.RequiredText("titleZh", r.TitleZh, 200);
        errors.RequiredText("titleEn", r.TitleEn, 200);
        errors.RequiredText("bodyZh", r.BodyZh, 2000);
        errors.RequiredText("bodyEn", r.BodyEn, 2000);
        errors.MaxLength("keywords", r.Keywords, 500);
        // Stored re-joined with ", ": "ab,ab,…" (500 characters) grew to 666 and PostgreSQL refused the save (HTTP 500).
        if (!string.IsNullOrWhiteSpace(r.Keywords) && r.Keywords.Length <= 500 && string.Join(", ", NoticeMatch.Words(r.Keywords)).Length > 500)
        {
            errors.AddKey("keywords", "Validation.MaxLength", 500);
        }
        placement = AnnouncementPlacement.None;
        foreach (var name in r.Placement ?? [])
        {
            var place = AnnouncementDto.Places.FirstOrDefault(p => p.Name == name);
            if (place.Name is null) { errors.AddKey("placement", "Announcements.PlacementUnknown", name ?? ""); continue; }
            placement |= place.Flag;
        }
        if (placement == AnnouncementPlacement.None && r.Placement is not { Length: > 0 }) errors.AddKey("placement", "Validation.Required");
        if (r.PublishAt is null) errors.AddKey("publishAt", "Validation.Required");
        foreach (var (field, value) in new[] { ("publishAt", r.PublishAt), ("expireAt", r.ExpireAt), ("windowStart", r.WindowStart), ("windowEnd", r.WindowEnd) })
        {
            if (value is { } v && (Utc(v) < First || Utc(v) > Last)) errors.AddKey(field, "Announcements.TimeRange");
        }
        if (r.PublishAt is { } p && r.ExpireAt is { } x && Utc(x) <= Utc(p)) errors.AddKey("expireAt", "Announcements.ExpireAfterPublish");
        if (r.Kind == AnnouncementKind.Maintenance && (r.WindowStart is null || r.WindowEnd is null)) errors.AddKey("windowStart", "Announcements.WindowRequired");
        if ((r.WindowStart is null) != (r.WindowEnd is null)) errors.AddKey("windowEnd", "Announcements.WindowRequired");
        if (r.WindowStart is { } ws && r.WindowEnd is { } we && Utc(we) <= Utc(ws)) errors.AddKey("windowEnd", "Announcements.WindowOrder");
        bank = null;
        if (!string.IsNullOrWhiteSpace(r.Bank))
        {
            var code = r.Bank.Trim();
            bank = Banks.All.FirstOrDefault(b => string.Equals(b.Code, code, StringComparison.OrdinalIgnoreCase))?.Code ?? Banks.Find(code);
            if (bank is null) errors.AddKey("bank", "Announcements.BankUnknown");
        }
        return errors;
    }
}
