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

/// <summary>
/// The customer's own sign-ins (kept by Identity): when the phone or e-mail they sign in with is replaced, whoever signed in
/// with the old one is signed out. Customers asks; it depends on no sign-in code.
/// </summary>
internal interface ICustomerSignIns
{
    Task SignOutEverywhereAsync(Guid customerId, CancellationToken ct);
}
