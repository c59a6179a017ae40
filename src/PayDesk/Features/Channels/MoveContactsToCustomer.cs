using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels;

/// <summary>Two customer records became one: calls, chats and channel ids go to the record kept.</summary>
internal sealed class MoveContactsToCustomer : ICustomerRecordsOwner
{
    public async Task MoveToCustomerAsync(AppDbContext db, Guid from, Guid into, CancellationToken ct)
    {
        await db.Calls.Where(c => c.CustomerId == from).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, into), ct);
        await db.Conversations.Where(c => c.CustomerId == from).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, into), ct);
        await db.ChannelIdentities.Where(c => c.CustomerId == from).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, into), ct);
    }
}
