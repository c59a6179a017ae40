using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Complaints;

/// <summary>Two customer records became one: the complaints and verification challenges go to the record kept.</summary>
internal sealed class MoveComplaintsToCustomer : ICustomerRecordsOwner
{
    public async Task MoveToCustomerAsync(AppDbContext db, Guid from, Guid into, CancellationToken ct)
    {
        await db.Tickets.Where(t => t.CustomerId == from).ExecuteUpdateAsync(s => s.SetProperty(t => t.CustomerId, into), ct);
        await db.VerificationChallenges.Where(v => v.CustomerId == from).ExecuteUpdateAsync(s => s.SetProperty(v => v.CustomerId, into), ct);
    }
}
