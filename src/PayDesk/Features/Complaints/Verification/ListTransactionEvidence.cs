using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>The transaction look-ups kept on a complaint, newest first, paged (staff only: they hold account data).</summary>
internal static class ListTransactionEvidence
{
    public static async Task<Results<Ok<Paged<EvidenceRecord>>, NotFound, ValidationProblem>> HandleAsync(
        string id, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await QueryAsync(db, ticket.Id, paging, ct));
    }

    public static async Task<Results<Ok<EvidenceRecord>, NotFound>> GetAsync(
        string id, Guid evidenceId, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var evidence = await db.Set<LookupEvidence>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId && e.TicketId == ticket.Id, ct);
        return evidence is null ? TypedResults.NotFound() : TypedResults.Ok(RecordTransactionLookup.Describe(evidence));
    }

    public static async Task<Paged<EvidenceRecord>> QueryAsync(AppDbContext db, Guid ticketId, PageRequest paging, CancellationToken ct)
    {
        var query = db.Set<LookupEvidence>().AsNoTracking().Where(e => e.TicketId == ticketId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<EvidenceRecord>(items.Select(RecordTransactionLookup.Describe).ToList(), paging.Page, paging.PageSize, total);
    }
}
