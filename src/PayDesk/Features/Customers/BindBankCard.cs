using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

internal static class BindBankCard
{
    public sealed record Request(string? Number, string? BankName);

    public static async Task<Results<Created<BankCardResponse>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, Request request, AppDbContext db, CustomerDirectory directory, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var customer = await db.Customers.Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        errors.RequiredText("bankName", request.BankName, 64);
        string? pan = null;
        if (errors.Required("number", request.Number))
        {
            pan = PersonalData.NormalizeCardNumber(request.Number);
            if (pan is null) errors.AddKey("number", "Validation.CardNumber");
            else if (customer.Cards.Any(c => c.PanHash == directory.HashOf(PersonalDataKind.CardNumber, pan)))
            {
                errors.AddKey("number", "Customer.CardAlreadyBound");
            }
        }
        if (errors.Any) return errors.ToProblem();

        var card = directory.BindCard(customer, pan!, request.BankName!);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/customers/{id}", BankCardResponse.From(card));
    }
}
