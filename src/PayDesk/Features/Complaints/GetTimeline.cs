using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>One line of a complaint's timeline as the API and pages show it.</summary>
public sealed record TimelineEntry(
    long Id, DateTime At, string ActorName, TicketEventKind Kind, TicketStatus? FromStatus, TicketStatus? ToStatus,
    TicketTrigger? Trigger, string? Reason, string? Data);

internal static class GetTimeline
{
    public static async Task<Results<Ok<Paged<TimelineEntry>>, NotFound, ValidationProblem>> HandleAsync(
        string id, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize ?? PageRequest.MaxSize, errors);
        if (errors.Any) return errors.ToProblem();
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await QueryAsync(db, ticket.Id, actor, paging, ct));
    }

    public static async Task<Paged<TimelineEntry>> QueryAsync(AppDbContext db, Guid ticketId, Actor actor, PageRequest paging, CancellationToken ct)
    {
        var query = db.TicketEvents.AsNoTracking().Where(e => e.TicketId == ticketId);
        if (!actor.IsStaff) query = query.Where(e => e.CustomerVisible);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(e => e.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(e => new TimelineEntry(e.Id, e.At, e.ActorName, e.Kind, e.FromStatus, e.ToStatus, e.Trigger, e.Reason, e.Data))
            .ToListAsync(ct);
        return new Paged<TimelineEntry>(items, paging.Page, paging.PageSize, total);
    }
}
