using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

/// <summary>Customers, newest first; a search term matches a name, an exact phone number or e-mail.</summary>
internal static class ListCustomers
{
    public static async Task<Results<Ok<Paged<CustomerResponse>>, ValidationProblem>> HandleAsync(
        AppDbContext db, CustomerDirectory directory, IStringLocalizer<SharedResource> l,
        string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();

        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var phone = PersonalData.NormalizePhone(term);
            var email = term.Contains('@') ? CustomerDirectory.NormalizeEmail(term) : null;
            if (phone is not null)
            {
                var hash = directory.HashOf(PersonalDataKind.Phone, phone);
                query = query.Where(c => c.PhoneHash == hash);
            }
            else if (email is not null)
            {
                query = query.Where(c => c.Email == email);
            }
            else
            {
                query = query.Where(c => c.Name.Contains(term));
            }
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.CreatedAt).Skip(paging.Skip).Take(paging.PageSize)
            .Include(c => c.Cards).ToListAsync(ct);
        return TypedResults.Ok(new Paged<CustomerResponse>(items.Select(CustomerResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }
}
