using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Audit;

internal static class ListAuditEntries
{
    public sealed record Response(long Id, DateTime At, Guid? ActorId, string ActorName, string EntityType, Guid EntityId, string Action, string Changes);

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", HandleAsync).WithTags("Audit").RequireAuthorization(Policies.Supervisor)
            .WithName("ListAuditEntries").WithSummary("The audit log, newest first; filter by record or by actor.");
        return api;
    }

    public static async Task<Results<Ok<Paged<Response>>, ValidationProblem>> HandleAsync(
        AppDbContext db, IStringLocalizer<SharedResource> l, string? entityType, Guid? entityId, Guid? actorId,
        int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType)) query = query.Where(a => a.EntityType == entityType);
        if (entityId is { } eid) query = query.Where(a => a.EntityId == eid);
        if (actorId is { } aid) query = query.Where(a => a.ActorId == aid);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(a => new Response(a.Id, a.At, a.ActorId, a.ActorName, a.EntityType, a.EntityId, a.Action, a.Changes))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<Response>(items, paging.Page, paging.PageSize, total));
    }
}
