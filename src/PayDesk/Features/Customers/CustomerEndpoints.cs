using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

internal static class CustomerEndpoints
{
    public static IHostApplicationBuilder AddCustomers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CustomerDirectory>();
        builder.Services.AddSingleton<PersonalDataProtector>();
        return builder;
    }

    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers").RequireAuthorization(Policies.Staff);
        customers.MapGet("/", ListAsync).WithName("ListCustomers")
            .WithSummary("Customers, newest first; q matches a name, an exact phone number or e-mail.");
        customers.MapGet("/{id:guid}", GetAsync).WithName("GetCustomer").WithSummary("One customer, personal numbers masked.");
        customers.MapPost("/", CreateCustomer.HandleAsync).WithName("CreateCustomer").WithSummary("Add a customer.");
        customers.MapPatch("/{id:guid}", UpdateCustomer.HandleAsync).WithName("UpdateCustomer").WithSummary("Change a customer's details.");
        customers.MapPost("/{id:guid}/cards", BindBankCard.HandleAsync).WithName("BindBankCard").WithSummary("Record a bank card bound to the account.");
        customers.MapPost("/{id:guid}/reveal", RevealPersonalData.HandleAsync).WithName("RevealPersonalData")
            .WithSummary("Show one unmasked personal number; needs a reason and is audited.");
        return api;
    }

    private static async Task<Results<Ok<Paged<CustomerResponse>>, ValidationProblem>> ListAsync(
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

    private static async Task<Results<Ok<CustomerResponse>, NotFound>> GetAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == id, ct);
        return customer is null ? TypedResults.NotFound() : TypedResults.Ok(CustomerResponse.From(customer));
    }
}
