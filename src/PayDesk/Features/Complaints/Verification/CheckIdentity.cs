using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>核实身份 without a code: the last six ID characters plus the bound phone; failures lock like wrong codes.</summary>
internal static class CheckIdentity
{
    public sealed record IdCheckRequest(string? IdNumberLast6, string? Phone);

    public static async Task<Results<Ok<VerificationStatus>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, IdCheckRequest request, AppDbContext db, ActorAccessor actors, CustomerDirectory directory,
        TimeProvider clock, IOptions<VerificationOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var customer = ticket.Customer!;
        var errors = new ValidationErrors(l);
        var last6 = request.IdNumberLast6?.Trim().ToUpperInvariant();
        if (errors.Required("idNumberLast6", last6) && (last6!.Length != 6 || !last6.All(c => char.IsAsciiDigit(c) || c == 'X'))) errors.AddKey("idNumberLast6", "Verification.IdShape");
        var phone = PersonalData.NormalizePhone(request.Phone);
        if (errors.Required("phone", request.Phone) && phone is null) errors.AddKey("phone", "Validation.Phone");
        if (customer.IdNumberHash is null || customer.PhoneHash is null) errors.AddKey("method", "Verification.NoIdOnFile");
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        // Wrong ID/phone answers count against the same limit as wrong codes, within the hour.
        var failures = await db.VerificationChallenges.CountAsync(c => c.TicketId == ticket.Id && c.Method == VerificationMethod.IdAndPhone
            && c.Status == ChallengeStatus.Locked && c.CreatedAt > now.AddHours(-1), ct);
        if (failures >= options.Value.MaxIdCheckFailuresPerHour)
        {
            return TypedResults.Problem(l["Verification.Locked"], statusCode: StatusCodes.Status423Locked, title: l["Verification.Title"]);
        }
        var idOnFile = directory.Reveal(customer, PersonalDataKind.IdNumber)!;
        var ok = idOnFile.EndsWith(last6!, StringComparison.Ordinal) && directory.HashOf(PersonalDataKind.Phone, phone!) == customer.PhoneHash;
        db.VerificationChallenges.Add(new VerificationChallenge
        {
            TicketId = ticket.Id, CustomerId = customer.Id, Method = VerificationMethod.IdAndPhone, DestinationMasked = customer.PhoneMasked!,
            Status = ok ? ChallengeStatus.Verified : ChallengeStatus.Locked, Attempts = 1, CreatedAt = now, ExpiresAt = now,
            VerifiedAt = ok ? now : null, RequestedById = actor.UserId,
        });
        if (!ok)
        {
            Timeline.Record(db, ticket, TicketEventKind.Verification, actor, now, data: new JsonObject { ["step"] = "id_mismatch", ["method"] = "id_and_phone" });
            await db.SaveChangesAsync(ct);
            errors.AddKey("idNumberLast6", "Verification.IdMismatch", options.Value.MaxIdCheckFailuresPerHour - failures - 1);
            return errors.ToProblem();
        }
        RecordVerification.Apply(db, ticket, VerificationMethod.IdAndPhone, actor, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new VerificationStatus(true, VerificationMethod.IdAndPhone, now, null));
    }
}
