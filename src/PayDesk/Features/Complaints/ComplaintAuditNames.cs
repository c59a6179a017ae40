using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Complaints;

/// <summary>Complaints and their messages are known by the complaint number.</summary>
internal sealed class ComplaintAuditNames(AppDbContext db) : Audit.IAuditNames
{
    public async Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var tickets = ids["Ticket"].ToArray();
        foreach (var t in await db.Tickets.AsNoTracking().Where(t => tickets.Contains(t.Id)).Select(t => new { t.Id, t.Number }).ToListAsync(ct)) names[t.Id] = t.Number;
        var messages = ids["TicketMessage"].ToArray();
        foreach (var m in await db.TicketMessages.AsNoTracking().Where(m => messages.Contains(m.Id))
                     .Join(db.Tickets, m => m.TicketId, t => t.Id, (m, t) => new { m.Id, t.Number }).ToListAsync(ct)) names[m.Id] = m.Number;
    }

    public async Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct)
    {
        var id = await db.Tickets.AsNoTracking().Where(t => t.Number == number).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        return id is null ? [] : [id.Value, .. await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == id).Select(m => m.Id).ToListAsync(ct)];
    }
}
