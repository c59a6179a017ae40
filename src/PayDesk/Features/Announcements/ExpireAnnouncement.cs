using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Announcements;

/// <summary>A supervisor takes an announcement down now (it stays in the list as expired; audited).</summary>
internal static class ExpireAnnouncement
{
    public static async Task<Results<Ok<AnnouncementDto>, NotFound>> HandleAsync(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var a = await db.Set<Announcement>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return TypedResults.NotFound();
        if (a.ExpireAt is null || a.ExpireAt > now)
        {
            a.ExpireAt = now;
            // A scheduled one that never showed keeps a consistent schedule: it expires as it would have started.
            if (a.PublishAt > now) a.PublishAt = now;
            a.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(AnnouncementDto.From(a, now));
    }
}
