using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

/// <summary>An agent who must call a customer back, or verify an ID, sees the full number once, with a reason on record.</summary>
internal static class RevealPersonalData
{
    public sealed record Request(PersonalDataKind? Field, string? Reason);

    public sealed record Response(PersonalDataKind Field, string? Value);

    public static async Task<Results<Ok<Response>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, Request request, AppDbContext db, CustomerDirectory directory, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        if (request.Field is null or PersonalDataKind.CardNumber) errors.AddKey("field", "Customer.RevealField");
        if (errors.Required("reason", request.Reason) && request.Reason!.Trim().Length < 4) errors.AddKey("reason", "Customer.RevealReason");
        errors.MaxLength("reason", request.Reason, 500);
        if (errors.Any) return errors.ToProblem();

        var actor = actors.Current;
        db.AuditEntries.Add(AuditEntry.Of(actor, nameof(Customer), customer.Id, AuditActions.Revealed,
            new JsonObject { ["field"] = EnumText.Name(request.Field!.Value), ["reason"] = Infrastructure.Security.PersonalNumbers.MaskText(request.Reason!.Trim()) }, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Response(request.Field!.Value, directory.Reveal(customer, request.Field.Value)));
    }
}
