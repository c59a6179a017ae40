using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Incidents;

/// <summary>Incidents, their updates and links are known in the audit log by the incident's number; a complaint's links belong to it.</summary>
internal sealed class IncidentAuditNames(AppDbContext db) : Audit.IAuditNames
{
    public async Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var incidents = ids[nameof(Incident)].ToArray();
        foreach (var i in await db.Set<Incident>().AsNoTracking().Where(i => incidents.Contains(i.Id)).Select(i => new { i.Id, i.Number }).ToListAsync(ct))
            names[i.Id] = i.Number;
        var updates = ids[nameof(IncidentUpdate)].ToArray();
        foreach (var u in await db.Set<IncidentUpdate>().AsNoTracking().Where(u => updates.Contains(u.Id))
                     .Join(db.Set<Incident>(), u => u.IncidentId, i => i.Id, (u, i) => new { u.Id, i.Number }).ToListAsync(ct))
            names[u.Id] = u.Number;
        var links = ids[nameof(IncidentComplaint)].ToArray();
        foreach (var l in await db.Set<IncidentComplaint>().AsNoTracking().Where(l => links.Contains(l.Id))
                     .Join(db.Set<Incident>(), l => l.IncidentId, i => i.Id, (l, i) => new { l.Id, i.Number }).ToListAsync(ct))
            names[l.Id] = l.Number;
    }

    public async Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct) =>
        await db.Set<IncidentComplaint>().AsNoTracking()
            .Where(l => db.Tickets.Any(t => t.Id == l.TicketId && t.Number == number)).Select(l => l.Id).ToListAsync(ct);
}
