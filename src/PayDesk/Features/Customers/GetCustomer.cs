using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Customers;

/// <summary>One customer, personal numbers masked.</summary>
internal static class GetCustomer
{
    public static async Task<Results<Ok<CustomerResponse>, NotFound>> HandleAsync(Guid id, AppDbContext db, CancellationToken ct) =>
        await FindAsync(db, id, ct) is { } customer ? TypedResults.Ok(customer) : TypedResults.NotFound();

    public static async Task<CustomerResponse?> FindAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == id, ct);
        return customer is null ? null : CustomerResponse.From(customer);
    }
}
