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

/// <summary>Signs a customer's logins out everywhere (their security stamps change; see <see cref="UserSessionCheck"/>).</summary>
internal sealed class SignOutCustomerLogins(Microsoft.AspNetCore.Identity.UserManager<PayDesk.Infrastructure.Security.AppUser> users, LiveSessions live)
    : ICustomerSignIns
{
    public async Task SignOutEverywhereAsync(Guid customerId, CancellationToken ct)
    {
        foreach (var login in await users.Users.Where(u => u.CustomerId == customerId).ToListAsync(ct))
        {
            await users.UpdateSecurityStampAsync(login);
            live.Changed(login.Id);
        }
    }
}
