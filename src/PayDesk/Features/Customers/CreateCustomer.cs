using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Customers;

internal static class CreateCustomer
{
    public static async Task<Results<Created<CustomerResponse>, ValidationProblem, Conflict<CustomerResponse>>> HandleAsync(
        CustomerInput request, AppDbContext db, CustomerDirectory directory, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var (phone, idNumber, email) = CustomerDirectory.Validate(request, errors, "", nameRequired: true);
        if (errors.Any) return errors.ToProblem();

        if (await directory.FindAsync(phone, email, ct) is { } existing)
        {
            return TypedResults.Conflict(CustomerResponse.From(existing));
        }
        var customer = directory.Add(request.Name!, phone, idNumber, email, request.Kind ?? CustomerKind.Consumer, request.AccountId, request.Region, request.Locale);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/customers/{customer.Id}", CustomerResponse.From(customer));
    }
}
