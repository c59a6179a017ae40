using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Customers;

/// <summary>Customer records are known by the customer's name, bank cards by bank and masked number.</summary>
internal sealed class CustomerAuditNames(AppDbContext db) : Audit.IAuditNames
{
    public async Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var customers = ids["Customer"].ToArray();
        foreach (var c in await db.Customers.AsNoTracking().Where(c => customers.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct)) names[c.Id] = c.Name;
        var cards = ids["BankCard"].ToArray();
        foreach (var c in await db.BankCards.AsNoTracking().Where(c => cards.Contains(c.Id)).Select(c => new { c.Id, c.BankName, c.PanMasked }).ToListAsync(ct)) names[c.Id] = $"{c.BankName} {c.PanMasked}";
    }

    public Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct) => Task.FromResult<IReadOnlyCollection<Guid>>([]);
}
