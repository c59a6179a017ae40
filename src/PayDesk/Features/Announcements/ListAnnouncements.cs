using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Announcements;

/// <summary>Every announcement, newest publication first, optionally by state (scheduled, live, expired); paged.</summary>
internal static class ListAnnouncements
{
    public static readonly string[] States = ["scheduled", "live", "expired"];

    public static async Task<Results<Ok<Paged<AnnouncementDto>>, ValidationProblem>> HandleAsync(
        string? state, int? page, int? pageSize, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (state is not null && !States.Contains(state)) errors.AddKey("state", "Announcements.StateUnknown");
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await PageAsync(db, clock, state, paging, ct));
    }

    public static async Task<Paged<AnnouncementDto>> PageAsync(AppDbContext db, TimeProvider clock, string? state, PageRequest paging, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Set<Announcement>().AsNoTracking();
        query = state switch
        {
            "scheduled" => query.Where(a => a.PublishAt > now),
            "live" => query.Where(a => a.PublishAt <= now && (a.ExpireAt == null || a.ExpireAt > now)),
            "expired" => query.Where(a => a.ExpireAt != null && a.ExpireAt <= now),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<AnnouncementDto>(rows.Select(a => AnnouncementDto.From(a, now)).ToList(), paging.Page, paging.PageSize, total);
    }
}
