using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// 核实身份: before account matters are discussed or money moves, the complainant proves they hold
/// the account — by a one-time code to the bound phone or e-mail, or by ID digits plus the bound phone.
/// </summary>
internal static class VerificationEndpoints
{
    public sealed record StartRequest(VerificationMethod? Method);

    public sealed record StartResponse(Guid ChallengeId, VerificationMethod Method, string Destination, DateTime ExpiresAt);

    public sealed record ConfirmRequest(string? Code);

    public sealed record IdCheckRequest(string? IdNumberLast6, string? Phone);

    public sealed record StatusResponse(bool Verified, VerificationMethod? Method, DateTime? VerifiedAt, int? AttemptsLeft);

    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>().Bind(builder.Configuration.GetSection("Verification"))
            .Validate(o => o.MaxCodesPerHour is > 0 and <= 20 && o.ValidForHours is > 0,
                "Verification options out of range.")
            .ValidateOnStart();
        return builder;
    }

    public static RouteGroupBuilder MapVerification(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets/{id}/verification").WithTags("Verification").RequireAuthorization(Policies.Staff);
        group.MapPost("/", StartAsync).WithName("StartVerification").WithSummary("Send a one-time code to the customer's bound phone or e-mail.");
        group.MapPost("/{challengeId:guid}/confirm", ConfirmAsync).WithName("ConfirmVerification").WithSummary("Check the code the customer received.");
        group.MapPost("/id-check", IdCheckAsync).WithName("VerifyByIdAndPhone").WithSummary("Check the last six ID characters and the bound phone.");
        return api;
    }

    public static bool IsVerified(Ticket ticket, DateTime now, VerificationOptions options) =>
        ticket.VerifiedAt is { } at && now - at <= TimeSpan.FromHours(options.ValidForHours);

    internal static async Task<Results<Created<StartResponse>, NotFound, ValidationProblem, ProblemHttpResult>> StartAsync(
        string id, StartRequest request, AppDbContext db, ActorAccessor actors, Notifier notifier, OneTimeCodes codes,
        TimeProvider clock, IOptions<VerificationOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        var method = request.Method ?? VerificationMethod.SmsCode;
        var customer = ticket.Customer!;
        if (method == VerificationMethod.IdAndPhone) errors.AddKey("method", "Verification.UseIdCheck");
        else if (method == VerificationMethod.SmsCode && customer.PhoneHash is null) errors.AddKey("method", "Verification.NoPhone");
        else if (method == VerificationMethod.EmailCode && customer.Email is null) errors.AddKey("method", "Verification.NoEmail");
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        var recent = await db.VerificationChallenges.CountAsync(c => c.TicketId == ticket.Id && c.CreatedAt > now.AddHours(-1), ct);
        if (recent >= options.Value.MaxCodesPerHour)
        {
            return TypedResults.Problem(l["Verification.TooMany"], statusCode: StatusCodes.Status429TooManyRequests, title: l["Verification.Title"]);
        }

        var channel = method == VerificationMethod.SmsCode ? NotificationChannel.Sms : NotificationChannel.Email;
        var challengeId = Guid.CreateVersion7();
        // The code itself (hash, attempts, expiry, single use) is a one-time code bound to this challenge.
        var code = await codes.IssueAsync(OneTimeCodePurpose.ComplaintVerification, challengeId.ToString("N"), ct, challengeId);
        if (code is null)
        {
            return TypedResults.Problem(l["Verification.TooMany"], statusCode: StatusCodes.Status429TooManyRequests, title: l["Verification.Title"]);
        }
        var stored = new VerificationChallenge
        {
            Id = challengeId,
            TicketId = ticket.Id,
            CustomerId = customer.Id,
            Method = method,
            DestinationMasked = channel == NotificationChannel.Sms ? customer.PhoneMasked! : Notifier.MaskEmail(customer.Email!),
            Status = ChallengeStatus.Pending,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(codes.Options.LifetimeMinutes),
            RequestedById = actor.UserId,
        };
        db.VerificationChallenges.Add(stored);
        await notifier.QueueAsync(customer, ticket, DefaultTemplates.VerificationCode, new Dictionary<string, string?>(), actor, ct, [channel], secret: code);
        Timeline.Record(db, ticket, TicketEventKind.Verification, actor, now,
            data: new JsonObject { ["step"] = "code_sent", ["method"] = EnumText.Name(method), ["to"] = stored.DestinationMasked });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}/verification/{stored.Id}",
            new StartResponse(stored.Id, method, stored.DestinationMasked, stored.ExpiresAt));
    }

    internal static async Task<Results<Ok<StatusResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
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
        if (challenge.Status == ChallengeStatus.Verified) return TypedResults.Ok(new StatusResponse(true, challenge.Method, challenge.VerifiedAt, null));
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
        Verified(db, ticket, challenge.Method, actor, now);
        challenge.Status = ChallengeStatus.Verified;
        challenge.VerifiedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new StatusResponse(true, challenge.Method, now, null));
    }

    internal static async Task<Results<Ok<StatusResponse>, NotFound, ValidationProblem, ProblemHttpResult>> IdCheckAsync(
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
        Verified(db, ticket, VerificationMethod.IdAndPhone, actor, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new StatusResponse(true, VerificationMethod.IdAndPhone, now, null));
    }

    private static void Verified(AppDbContext db, Ticket ticket, VerificationMethod method, Actor actor, DateTime now)
    {
        ticket.VerifiedAt = now;
        ticket.VerificationMethod = method;
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Verification, actor, now, customerVisible: true,
            data: new JsonObject { ["step"] = "verified", ["method"] = EnumText.Name(method) });
    }
}
