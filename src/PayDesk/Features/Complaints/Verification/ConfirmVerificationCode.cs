using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>The state of a complaint's verification after a check.</summary>
internal sealed record VerificationStatus(bool Verified, VerificationMethod? Method, DateTime? VerifiedAt, int? AttemptsLeft);

/// <summary>核实身份, second half: the code the customer received; wrong codes count towards a lock.</summary>
internal static class ConfirmVerificationCode
{
    public sealed record ConfirmRequest(string? Code);

    public static async Task<Results<Ok<VerificationStatus>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, Guid challengeId, ConfirmRequest request, AppDbContext db, ActorAccessor actors, OneTimeCodes codes,
        TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var challenge = await db.VerificationChallenges.FirstOrDefaultAsync(c => c.Id == challengeId && c.TicketId == ticket.Id, ct);
        if (challenge is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        var code = request.Code?.Trim();
        if (errors.Required("code", code) && (code!.Length != 6 || !code.All(char.IsAsciiDigit))) errors.AddKey("code", "Verification.CodeShape");
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        if (challenge.Status == ChallengeStatus.Verified) return TypedResults.Ok(new VerificationStatus(true, challenge.Method, challenge.VerifiedAt, null));
        if (challenge.Status == ChallengeStatus.Locked)
        {
            return TypedResults.Problem(l["Verification.Locked"], statusCode: StatusCodes.Status423Locked, title: l["Verification.Title"]);
        }
        if (now > challenge.ExpiresAt)
        {
            return TypedResults.Problem(l["Verification.Expired"], statusCode: StatusCodes.Status410Gone, title: l["Verification.Title"]);
        }

        // The attempt is counted in the database before the code is compared (parallel guesses included).
        var check = await codes.CheckAsync(OneTimeCodePurpose.ComplaintVerification, challenge.Id.ToString("N"), code, ct);
        challenge.Attempts++;
        if (check.Outcome != CodeCheck.Accepted)
        {
            var locked = check.Outcome == CodeCheck.Dead || check.AttemptsLeft <= 0;
            if (locked) challenge.Status = ChallengeStatus.Locked;
            Timeline.Record(db, ticket, TicketEventKind.Verification, actor, now,
                data: new JsonObject { ["step"] = locked ? "locked" : "wrong_code", ["method"] = EnumText.Name(challenge.Method) });
            await db.SaveChangesAsync(ct);
            if (locked) return TypedResults.Problem(l["Verification.Locked"], statusCode: StatusCodes.Status423Locked, title: l["Verification.Title"]);
            errors.AddKey("code", "Verification.WrongCode", check.AttemptsLeft);
            return errors.ToProblem();
        }
        RecordVerification.Apply(db, ticket, challenge.Method, actor, now);
        challenge.Status = ChallengeStatus.Verified;
        challenge.VerifiedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new VerificationStatus(true, challenge.Method, now, null));
    }
}
