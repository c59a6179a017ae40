using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

internal static class UpdateCustomer
{
    public static async Task<Results<Ok<CustomerResponse>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, CustomerInput request, AppDbContext db, CustomerDirectory directory, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var customer = await db.Customers.Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        if (request.Name is not null) errors.Required("name", request.Name);
        var (phone, idNumber, email) = CustomerDirectory.Validate(request, errors, "", nameRequired: false);
        if (phone is not null && phone != Current(directory, customer, PersonalDataKind.Phone)
            && await db.Customers.AnyAsync(c => c.Id != id && c.PhoneHash == directory.HashOf(PersonalDataKind.Phone, phone), ct))
        {
            errors.AddKey("phone", "Customer.PhoneTaken");
        }
        if (email is not null && await db.Customers.AnyAsync(c => c.Id != id && c.Email == email, ct))
        {
            errors.AddKey("email", "Customer.EmailTaken");
        }
        if (errors.Any) return errors.ToProblem();

        if (request.Name is not null) customer.Name = CustomerDirectory.Typed(request.Name)!;
        if (request.Kind is { } kind) customer.Kind = kind;
        if (email is not null) customer.Email = email;
        if (request.AccountId is not null) customer.AccountId = request.AccountId.Trim();
        if (request.Region is not null) customer.Region = CustomerDirectory.Typed(request.Region);
        if (request.Locale is not null) customer.Locale = request.Locale;
        if (phone is not null) directory.SetPhone(customer, phone);
        if (idNumber is not null) directory.SetIdNumber(customer, idNumber);
        customer.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CustomerResponse.From(customer));
    }

    private static string? Current(CustomerDirectory directory, Customer customer, PersonalDataKind kind) =>
        directory.Reveal(customer, kind);
}
