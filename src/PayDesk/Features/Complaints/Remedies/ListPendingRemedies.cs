using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>A money remedy waiting for its second person, with the complaint it belongs to.</summary>
internal sealed record PendingRemedy(Guid Id, Guid TicketId, string TicketNumber, ResolutionKind Kind, Money? Amount, string Note,
    string RequestedBy, Guid? RequestedById, DateTime CreatedAt, string? ApprovalReason);

/// <summary>
/// 待复核: every remedy waiting for a second person, oldest first, for the experts, supervisors and administrators who
/// approve them (a newcomer's walk found them only on each complaint's page, so a refund could wait unseen).
/// </summary>
internal static class ListPendingRemedies
{
    public static async Task<Results<Ok<Paged<PendingRemedy>>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        int? page, int? pageSize, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!DecideRemedy.MayApprove(actors.Current)) return DecideRemedy.NotApprover(l);
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await PageAsync(db, paging, exceptRequestedBy: null, ct));
    }

    /// <summary>One page of what waits; <paramref name="exceptRequestedBy"/> leaves out a person's own requests (they cannot approve them).</summary>
    public static async Task<Paged<PendingRemedy>> PageAsync(AppDbContext db, PageRequest paging, Guid? exceptRequestedBy, CancellationToken ct)
    {
        var waiting = db.ResolutionActions.AsNoTracking().Where(a => a.Status == ResolutionStatus.PendingApproval);
        if (exceptRequestedBy is { } own) waiting = waiting.Where(a => a.RequestedById != own);
        var total = await waiting.CountAsync(ct);
        var rows = await waiting.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Join(db.Tickets, a => a.TicketId, t => t.Id, (a, t) => new { a.Id, a.TicketId, t.Number, a.Kind, a.Amount, a.Currency, a.Note, a.RequestedByName, a.RequestedById, a.CreatedAt, a.ApprovalReason })
            .ToListAsync(ct);
        var items = rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new PendingRemedy(r.Id, r.TicketId, r.Number, r.Kind, r.Amount is { } v ? new Money(v, r.Currency!) : null, r.Note,
                r.RequestedByName, r.RequestedById, r.CreatedAt, r.ApprovalReason)).ToList();
        return new Paged<PendingRemedy>(items, paging.Page, paging.PageSize, total);
    }
}
