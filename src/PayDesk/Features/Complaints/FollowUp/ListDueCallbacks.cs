using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>My callbacks due now or within <see cref="Lead"/>, earliest first (the inbox's call-back list).</summary>
internal static class ListDueCallbacks
{
    /// <summary>Callbacks show in the owner's queue this long before they are due.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);

    public static async Task<Ok<List<CallbackResponse>>> HandleAsync(AppDbContext db, ActorAccessor actors, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ForOwnerAsync(db, actors.Current.UserId, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<List<CallbackResponse>> ForOwnerAsync(AppDbContext db, Guid? ownerId, DateTime now, CancellationToken ct)
    {
        var horizon = now + Lead;
        return await db.Callbacks.AsNoTracking()
            .Where(c => c.OwnerId == ownerId && c.Status == CallbackStatus.Scheduled && c.DueAt <= horizon)
            .OrderBy(c => c.DueAt).Take(100)
            .Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => new CallbackResponse(
                c.Id, c.TicketId, t.Number, c.DueAt, c.Note, c.OwnerId, c.Status, c.Outcome, c.OutcomeNote, c.CompletedAt))
            .ToListAsync(ct);
    }
}
