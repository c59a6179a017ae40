using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>A remedy (refund, adjustment, unfreeze request, retry guidance, explanation) as the API and the workbench show it.</summary>
internal sealed record ActionResponse(
    Guid Id, ResolutionKind Kind, Money? Amount, string Note, ResolutionStatus Status, string RequestedBy, string? DecidedBy,
    string? DecisionNote, DateTime CreatedAt, DateTime? DecidedAt, string? ApprovalReason)
{
    internal static ActionResponse From(ResolutionAction a) => new(a.Id, a.Kind, a.Amount is { } v ? new Money(v, a.Currency!) : null,
        a.Note, a.Status, a.RequestedByName, a.DecidedByName, a.DecisionNote, a.CreatedAt, a.DecidedAt, a.ApprovalReason);
}

/// <summary>The remedies taken or proposed on a complaint, oldest first.</summary>
internal static class ListRemedies
{
    public static async Task<Results<Ok<List<ActionResponse>>, NotFound>> HandleAsync(string id, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var actions = await db.ResolutionActions.AsNoTracking().Where(a => a.TicketId == ticket.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(actions.Select(ActionResponse.From).ToList());
    }

    /// <summary>For pages: the complaint's remedies, by its id (visibility already checked by the caller).</summary>
    public static async Task<List<ActionResponse>> ForTicketAsync(AppDbContext db, Guid ticketId, CancellationToken ct) =>
        (await db.ResolutionActions.AsNoTracking().Where(a => a.TicketId == ticketId).OrderBy(a => a.CreatedAt).ToListAsync(ct))
            .Select(ActionResponse.From).ToList();
}
