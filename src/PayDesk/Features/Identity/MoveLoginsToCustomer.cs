using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Identity;

/// <summary>Two customer records became one: the customer's logins belong to the record kept.</summary>
internal sealed class MoveLoginsToCustomer : ICustomerRecordsOwner
{
    public Task MoveToCustomerAsync(AppDbContext db, Guid from, Guid into, CancellationToken ct) =>
        db.Users.Where(u => u.CustomerId == from).ExecuteUpdateAsync(s => s.SetProperty(u => u.CustomerId, into), ct);
}
