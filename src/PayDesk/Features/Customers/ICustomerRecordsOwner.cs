using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Customers;

/// <summary>
/// A feature whose rows belong to a customer (complaints, calls, chats, notices, logins). When two customer
/// records become one, <see cref="MergeCustomers"/> asks each owner to move its rows, inside the merge's
/// transaction; the owners' rules stay with the owners and Customers depends on none of them.
/// </summary>
internal interface ICustomerRecordsOwner
{
    Task MoveToCustomerAsync(AppDbContext db, Guid from, Guid into, CancellationToken ct);
}
