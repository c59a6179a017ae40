using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>The escalation queue (breached clocks) and the at-risk queue (running clocks past their warning point).</summary>
internal static class ListSlaQueue
{
    public sealed record QueueItem(Guid TicketId, string Number, string Subject, TicketPriority Priority, Guid? OwnerId, ClockKind Kind, DateTime? DueAt, DateTime? BreachedAt);

    public static async Task<Results<Ok<Paged<QueueItem>>, ValidationProblem>> HandleAsync(
        AppDbContext db, IStringLocalizer<SharedResource> l, bool breached, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var clocks = breached
            ? db.SlaClocks.Where(c => c.BreachedAt != null && c.StoppedAt == null)
            : db.SlaClocks.Where(c => c.Status == ClockStatus.Running && c.WarnedAt != null && c.BreachedAt == null);
        var query = clocks.Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => new { c, t })
            .Where(x => x.t.Status != TicketStatus.Closed);
        var total = await query.CountAsync(ct);
        var items = await (breached ? query.OrderBy(x => x.c.BreachedAt) : query.OrderBy(x => x.c.DueAt))
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(x => new QueueItem(x.t.Id, x.t.Number, x.t.Subject, x.t.Priority, x.t.OwnerId, x.c.Kind, x.c.DueAt, x.c.BreachedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<QueueItem>(items, paging.Page, paging.PageSize, total));
    }
}
