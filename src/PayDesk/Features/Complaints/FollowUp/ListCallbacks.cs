using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>A callback as the API, the inbox and the workbench show it.</summary>
internal sealed record CallbackResponse(
    Guid Id, Guid TicketId, string? TicketNumber, DateTime DueAt, string Note, Guid? OwnerId, CallbackStatus Status,
    CallbackOutcome? Outcome, string? OutcomeNote, DateTime? CompletedAt)
{
    internal static CallbackResponse From(Callback c, string? number) =>
        new(c.Id, c.TicketId, number, c.DueAt, c.Note, c.OwnerId, c.Status, c.Outcome, c.OutcomeNote, c.CompletedAt);
}

/// <summary>A complaint's callbacks, earliest due first.</summary>
internal static class ListCallbacks
{
    public static async Task<Results<Ok<List<CallbackResponse>>, NotFound>> HandleAsync(string id, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var items = await db.Callbacks.AsNoTracking().Where(c => c.TicketId == ticket.Id).OrderBy(c => c.DueAt).ToListAsync(ct);
        return TypedResults.Ok(items.Select(c => CallbackResponse.From(c, ticket.Number)).ToList());
    }

    /// <summary>For pages: the complaint's callbacks by its id (visibility already checked by the caller).</summary>
    public static async Task<List<CallbackResponse>> ForTicketAsync(AppDbContext db, Guid ticketId, string? number, CancellationToken ct) =>
        (await db.Callbacks.AsNoTracking().Where(c => c.TicketId == ticketId).OrderBy(c => c.DueAt).ToListAsync(ct))
            .Select(c => CallbackResponse.From(c, number)).ToList();
}
