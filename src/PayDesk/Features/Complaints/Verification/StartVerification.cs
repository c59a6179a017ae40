using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// 核实身份, first half: send a one-time code to the customer's bound phone or e-mail (at most
/// <see cref="VerificationOptions.MaxCodesPerHour"/> a complaint); <see cref="ConfirmVerificationCode"/> checks it.
/// </summary>
internal static class StartVerification
{
    public sealed record StartRequest(VerificationMethod? Method);

    public sealed record StartResponse(Guid ChallengeId, VerificationMethod Method, string Destination, DateTime ExpiresAt);

    public static async Task<Results<Created<StartResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
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
        else if (method == VerificationMethod.PortalSession) errors.AddKey("method", "Request.InvalidEnum", "sms_code, email_code");
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
            DestinationMasked = channel == NotificationChannel.Sms ? customer.PhoneMasked! : Infrastructure.Security.PersonalData.MaskEmail(customer.Email!),
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

    /// <summary>The code sent last that can still be entered, if any (the workbench shows where it went).</summary>
    public static Task<VerificationChallenge?> PendingAsync(AppDbContext db, Guid ticketId, DateTime now, CancellationToken ct) =>
        db.VerificationChallenges.AsNoTracking()
            .Where(c => c.TicketId == ticketId && c.Status == ChallengeStatus.Pending && c.ExpiresAt > now)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
}
