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
        Guid id, CustomerInput request, AppDbContext db, CustomerDirectory directory, TimeProvider clock, ActorAccessor actors,
        ICustomerSignIns signIns, IStringLocalizer<SharedResource> l, CancellationToken ct)
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
        // The bound phone and e-mail sign the customer in (SMS code, password reset) and receive the verification codes that
        // unlock their transactions: replacing one is a supervisor's decision, or an agent could bind their own phone and
        // sign in as the customer. Adding one where there was none stays with agents (a caller gives their number).
        var currentPhone = phone is null ? null : Current(directory, customer, PersonalDataKind.Phone);
        var phoneReplaced = phone is not null && currentPhone is not null && phone != currentPhone;
        var emailReplaced = email is not null && customer.Email is not null && !string.Equals(email, customer.Email, StringComparison.OrdinalIgnoreCase);
        if (!errors.Any && !actors.Current.IsSupervisor)
        {
            if (phoneReplaced) errors.AddKey("phone", "Customer.ContactChangeNeedsSupervisor");
            if (emailReplaced) errors.AddKey("email", "Customer.ContactChangeNeedsSupervisor");
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
        if (phoneReplaced || emailReplaced)
        {
            // Whoever signed in with the old number or address is signed out of the customer's account.
            await signIns.SignOutEverywhereAsync(id, ct);
        }
        return TypedResults.Ok(CustomerResponse.From(customer));
    }

    private static string? Current(CustomerDirectory directory, Customer customer, PersonalDataKind kind) =>
        directory.Reveal(customer, kind);
}
