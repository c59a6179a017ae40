using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Notifications;

/// <summary>Two customer records became one: the notices sent go with the record kept.</summary>
internal sealed class MoveNoticesToCustomer : ICustomerRecordsOwner
{
    public Task MoveToCustomerAsync(AppDbContext db, Guid from, Guid into, CancellationToken ct) =>
        db.Notifications.Where(n => n.CustomerId == from).ExecuteUpdateAsync(s => s.SetProperty(n => n.CustomerId, into), ct);
}
