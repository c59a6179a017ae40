using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Identity;

/// <summary>Staff accounts, and the owners named in complaint changes, are known by their display names.</summary>
internal sealed class StaffAuditNames(AppDbContext db) : Audit.IAuditNames
{
    public async Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var people = ids["AppUser"].ToArray();
        foreach (var u in await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct)) names[u.Id] = u.DisplayName;
    }

    public Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct) => Task.FromResult<IReadOnlyCollection<Guid>>([]);
}
