using Microsoft.AspNetCore.Http.HttpResults;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class GetTicket
{
    /// <summary>A ticket the caller may not see answers 404, so its existence is not disclosed.</summary>
    public static async Task<Results<Ok<TicketResponse>, NotFound>> HandleAsync(
        string id, AppDbContext db, ActorAccessor actors, IComplaintFiles files, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(TicketResponse.For(ticket, actor) with { Attachments = await files.ListAsync(ticket.Id, actor, ct) });
    }
}
