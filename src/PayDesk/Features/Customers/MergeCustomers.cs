using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

/// <summary>
/// One person who reached us twice under two records (an e-mail sender and a caller) becomes one
/// customer: complaints, calls, chats, channel ids, notices and cards move to the record kept, facts
/// it lacked are filled in, the other record goes, and the audit log says who merged what and why.
/// </summary>
internal static class MergeCustomers
{
    public sealed record Request(Guid? IntoId, string? Reason);

    public static async Task<Results<Ok<CustomerResponse>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, Request request, AppDbContext db, IEnumerable<ICustomerRecordsOwner> owners, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.IntoId is null) errors.AddKey("intoId", "Validation.Required");
        else if (request.IntoId == id) errors.AddKey("intoId", "Customer.MergeSelf");
        if (errors.Required("reason", request.Reason) && request.Reason!.Trim().Length < 4) errors.AddKey("reason", "Customer.RevealReason");
        errors.MaxLength("reason", request.Reason, 500);
        if (errors.Any) return errors.ToProblem();

        var source = await db.Customers.Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == id, ct);
        var target = await db.Customers.Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == request.IntoId, ct);
        if (source is null || target is null) return TypedResults.NotFound();
        var actor = actors.Current;
        var now = clock.GetUtcNow().UtcDateTime;

        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var from = source.Id;
            var into = target.Id;
            foreach (var owner in owners) await owner.MoveToCustomerAsync(db, from, into, ct);
            var targetCards = target.Cards.Select(c => c.PanHash).ToHashSet();
            foreach (var card in source.Cards.Where(c => !targetCards.Contains(c.PanHash)).ToList())
            {
                await db.BankCards.Where(c => c.Id == card.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, into), ct);
                // Moved in the database already: the tracked copy must not be cascade-deleted with the old record.
                source.Cards.Remove(card);
                db.Entry(card).State = EntityState.Detached;
            }

            // The unique phone and e-mail move with the person: clear them on the record that goes first.
            var phone = (source.PhoneCipher, source.PhoneHash, source.PhoneMasked);
            var idNumber = (source.IdNumberCipher, source.IdNumberHash, source.IdNumberMasked);
            var email = source.Email;
            db.Customers.Remove(source);
            await db.SaveChangesAsync(ct);
            var filled = new JsonArray();
            if (target.PhoneHash is null && phone.PhoneHash is not null)
            {
                (target.PhoneCipher, target.PhoneHash, target.PhoneMasked) = phone;
                filled.Add("phone");
            }
            if (target.IdNumberHash is null && idNumber.IdNumberHash is not null)
            {
                (target.IdNumberCipher, target.IdNumberHash, target.IdNumberMasked) = idNumber;
                filled.Add("idNumber");
            }
            if (target.Email is null && email is not null)
            {
                target.Email = email;
                filled.Add("email");
            }
            target.AccountId ??= source.AccountId;
            target.UpdatedAt = now;
            db.AuditEntries.Add(new AuditEntry
            {
                At = now, ActorId = actor.UserId, ActorName = actor.Name, EntityType = nameof(Customer), EntityId = target.Id, Action = AuditActions.Merged,
                Changes = new JsonObject { ["mergedFrom"] = from.ToString(), ["reason"] = PersonalNumbers.MaskText(request.Reason!.Trim()), ["filled"] = filled }.ToJsonString(AuditJson.Options),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await db.Entry(target).Collection(c => c.Cards).Query().LoadAsync(ct);
        return TypedResults.Ok(CustomerResponse.From(target));
    }
}
