using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Cases;

/// <summary>The case library's audit entries: a case made from a complaint, its draft edited, published.</summary>
internal static class CaseAudit
{
    public const string Entity = "ServiceCase";
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Published = "published";
}

/// <summary>Cases are known in the audit log by their (scrubbed) title.</summary>
internal sealed class CaseAuditNames(AppDbContext db) : Audit.IAuditNames
{
    public async Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var cases = ids[CaseAudit.Entity].ToArray();
        if (cases.Length == 0) return;
        foreach (var c in await db.Set<ServiceCase>().AsNoTracking().Where(c => cases.Contains(c.Id)).Select(c => new { c.Id, c.Title }).ToListAsync(ct))
        {
            names[c.Id] = c.Title;
        }
    }

    public async Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct) =>
        await db.Set<ServiceCase>().AsNoTracking().Where(c => c.TicketNumber == number).Select(c => c.Id).ToListAsync(ct);
}
