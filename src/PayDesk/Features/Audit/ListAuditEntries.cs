using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Audit;

/// <summary>
/// The audit log, newest first, each entry told as a sentence in the reader's language with the raw details kept
/// beside it; filtered by who, by kind of record and action, by date (China time) and by complaint number.
/// </summary>
internal static class ListAuditEntries
{
    public sealed record Response(long Id, DateTime At, Guid? ActorId, string ActorName, string EntityType, Guid EntityId, string Action, string Changes,
        string? Target, string Description);

    /// <summary>Dates are the service centre's (Beijing time) calendar days.</summary>
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", HandleAsync).WithTags("Audit").RequireAuthorization(Policies.Supervisor)
            .WithName("ListAuditEntries")
            .WithSummary("The audit log, newest first, each entry described in words; filter by record, actor (id or name), action, dates (yyyy-MM-dd, Beijing time) or complaint number.");
        return api;
    }

    public static async Task<Results<Ok<Paged<Response>>, ValidationProblem>> HandleAsync(
        AppDbContext db, [Microsoft.AspNetCore.Mvc.FromServices] IEnumerable<IAuditNames> namers, IStringLocalizer<SharedResource> l, string? entityType, Guid? entityId, Guid? actorId,
        int? page, int? pageSize, CancellationToken ct,
        string? actor = null, string? action = null, string? from = null, string? to = null, string? ticket = null)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var fromDate = errors.OptionalDate("from", from);
        var toDate = errors.OptionalDate("to", to);
        if (fromDate is { } f0 && toDate is { } t0 && t0 < f0) errors.AddKey("to", "Audit.BadRange");
        errors.MaxLength("actor", actor, 100);
        errors.MaxLength("ticket", ticket, 40);
        errors.MaxLength("action", action, 32);
        if (errors.Any) return errors.ToProblem();

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType)) query = query.Where(a => a.EntityType == entityType);
        if (entityId is { } eid) query = query.Where(a => a.EntityId == eid);
        if (actorId is { } aid) query = query.Where(a => a.ActorId == aid);
        if (!string.IsNullOrWhiteSpace(actor))
        {
            var name = actor.Trim();
            query = query.Where(a => a.ActorName.Contains(name));
        }
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(a => a.Action == action.Trim());
        if (fromDate is { } fd)
        {
            var start = TimeZoneInfo.ConvertTimeToUtc(fd.ToDateTime(TimeOnly.MinValue), Zone);
            query = query.Where(a => a.At >= start);
        }
        if (toDate is { } td)
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(td.AddDays(1).ToDateTime(TimeOnly.MinValue), Zone);
            query = query.Where(a => a.At < end);
        }
        if (!string.IsNullOrWhiteSpace(ticket))
        {
            // The complaint's own entries, its messages' and its attachments' downloads.
            var related = new List<Guid>();
            foreach (var source in namers) related.AddRange(await source.OfComplaintAsync(ticket.Trim(), ct));
            if (related.Count == 0) return TypedResults.Ok(new Paged<Response>([], paging.Page, paging.PageSize, 0));
            query = query.Where(a => related.Contains(a.EntityId));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var names = await TargetsAsync(namers, rows, ct);
        var items = rows.Select(a =>
        {
            var target = names.Targets.GetValueOrDefault(a.EntityId);
            return new Response(a.Id, a.At, a.ActorId, a.ActorName, a.EntityType, a.EntityId, a.Action, a.Changes, target,
                DescribeAuditEntry.Describe(new AuditFacts(a.ActorName, a.EntityType, a.Action, a.Changes, target, names.People), l));
        }).ToList();
        return TypedResults.Ok(new Paged<Response>(items, paging.Page, paging.PageSize, total));
    }

    /// <summary>The records on one page as people know them, and the staff that owner changes point at.</summary>
    private static async Task<(Dictionary<Guid, string> Targets, Dictionary<Guid, string> People)> TargetsAsync(
        IEnumerable<IAuditNames> namers, List<AuditEntry> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => (r.EntityType, r.EntityId)).ToList();
        var owners = new List<Guid>();
        foreach (var row in rows.Where(r => r.EntityType == "Ticket" && r.Changes.Contains("\"ownerId\"", StringComparison.Ordinal)))
        {
            if (JsonNode.Parse(row.Changes)?["ownerId"] is JsonObject owner)
            {
                foreach (var side in new[] { owner["from"], owner["to"] })
                {
                    if (side is JsonValue v && Guid.TryParse(v.ToString(), out var id)) owners.Add(id);
                }
            }
        }
        var lookup = ids.Concat(owners.Select(o => ("AppUser", o))).Distinct().ToLookup(x => x.Item1, x => x.Item2);
        var names = new Dictionary<Guid, string>();
        foreach (var source in namers) await source.NameAsync(lookup, names, ct);
        var targets = rows.Where(r => names.ContainsKey(r.EntityId)).Select(r => r.EntityId).Distinct().ToDictionary(id => id, id => names[id]);
        return (targets, owners.Where(names.ContainsKey).Distinct().ToDictionary(id => id, id => names[id]));
    }
}
