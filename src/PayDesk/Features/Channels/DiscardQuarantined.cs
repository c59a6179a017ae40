using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>An administrator marks a held message as looked at and not needed; the source stays.</summary>
internal static class DiscardQuarantined
{
    public static async Task<Results<Ok<QuarantineItem>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var held = await db.QuarantinedMessages.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (held is null) return TypedResults.NotFound();
        if (held.Status != QuarantineStatus.Held)
        {
            var errors = new ValidationErrors(l);
            errors.AddKey("status", "Quarantine.NotHeld");
            return errors.ToProblem();
        }
        held.Status = QuarantineStatus.Discarded;
        held.ResolvedAt = clock.GetUtcNow().UtcDateTime;
        held.ResolvedBy = actors.Current.Name;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ListQuarantined.ToItem(held, held.Raw.Length));
    }
}
