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
        AppDbContext db, IStringLocalizer<SharedResource> l, string? entityType, Guid? entityId, Guid? actorId,
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
            var number = ticket.Trim();
            var ticketId = await db.Tickets.AsNoTracking().Where(t => t.Number == number).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
            if (ticketId is null) return TypedResults.Ok(new Paged<Response>([], paging.Page, paging.PageSize, 0));
            // The complaint's own entries, its messages' and its attachments' downloads.
            var related = await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticketId).Select(m => m.Id)
                .Concat(db.Attachments.AsNoTracking().Where(a => a.TicketId == ticketId).Select(a => a.Id)).ToListAsync(ct);
            related.Add(ticketId.Value);
            query = query.Where(a => related.Contains(a.EntityId));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var names = await TargetsAsync(db, rows, ct);
        var items = rows.Select(a =>
        {
            var target = names.Targets.GetValueOrDefault(a.EntityId);
            return new Response(a.Id, a.At, a.ActorId, a.ActorName, a.EntityType, a.EntityId, a.Action, a.Changes, target,
                DescribeAuditEntry.Describe(new AuditFacts(a.ActorName, a.EntityType, a.Action, a.Changes, target, names.People), l));
        }).ToList();
        return TypedResults.Ok(new Paged<Response>(items, paging.Page, paging.PageSize, total));
    }

    /// <summary>The records on one page as people know them, and the staff that owner changes point at.</summary>
    private static async Task<(Dictionary<Guid, string> Targets, Dictionary<Guid, string> People)> TargetsAsync(AppDbContext db, List<AuditEntry> rows, CancellationToken ct)
    {
        var targets = new Dictionary<Guid, string>();
        Guid[] Of(string type) => rows.Where(r => r.EntityType == type).Select(r => r.EntityId).Distinct().ToArray();

        var ticketIds = Of("Ticket");
        foreach (var t in await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id)).Select(t => new { t.Id, t.Number }).ToListAsync(ct)) targets[t.Id] = t.Number;
        var messageIds = Of("TicketMessage");
        foreach (var m in await db.TicketMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id))
                     .Join(db.Tickets, m => m.TicketId, t => t.Id, (m, t) => new { m.Id, t.Number }).ToListAsync(ct)) targets[m.Id] = m.Number;
        var attachmentIds = Of("Attachment");
        foreach (var a in await db.Attachments.AsNoTracking().Where(a => attachmentIds.Contains(a.Id) && a.TicketId != null)
                     .Join(db.Tickets, a => a.TicketId, t => t.Id, (a, t) => new { a.Id, t.Number }).ToListAsync(ct)) targets[a.Id] = a.Number;
        var customerIds = Of("Customer");
        foreach (var c in await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct)) targets[c.Id] = c.Name;
        var cardIds = Of("BankCard");
        foreach (var c in await db.BankCards.AsNoTracking().Where(c => cardIds.Contains(c.Id)).Select(c => new { c.Id, c.BankName, c.PanMasked }).ToListAsync(ct)) targets[c.Id] = $"{c.BankName} {c.PanMasked}";

        // Staff: accounts acted on, and owners named in complaint changes.
        var people = Of("AppUser").ToHashSet();
        foreach (var row in rows.Where(r => r.EntityType == "Ticket" && r.Changes.Contains("\"ownerId\"", StringComparison.Ordinal)))
        {
            if (JsonNode.Parse(row.Changes)?["ownerId"] is JsonObject owner)
            {
                foreach (var side in new[] { owner["from"], owner["to"] })
                {
                    if (side is JsonValue v && Guid.TryParse(v.ToString(), out var id)) people.Add(id);
                }
            }
        }
        var staff = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        var names = staff.ToDictionary(u => u.Id, u => u.DisplayName);
        foreach (var u in staff.Where(u => Of("AppUser").Contains(u.Id))) targets[u.Id] = $"{u.DisplayName}（{u.Email}）";
        return (targets, names);
    }
}
