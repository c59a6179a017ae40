using PayDesk.Features.Payments;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Transaction evidence behind a complaint: the named transaction (only if it is the complainant's own), the
/// account's transactions three days either side, likely duplicate debits and the account state. Needs a
/// verified complainant; every look-up is on the timeline.
/// </summary>
internal static class LookUpTransactions
{
    public sealed record Evidence(
        PaymentTransaction? Transaction, IReadOnlyList<PaymentTransaction> Nearby, IReadOnlyList<DuplicatePair> Duplicates,
        AccountStatus? Account);

    public sealed record DuplicatePair(string First, string Second, decimal Amount, string Currency, string Merchant);

    public static async Task<Results<Ok<Evidence>, NotFound, ProblemHttpResult>> HandleAsync(
        string id, AppDbContext db, ActorAccessor actors, IPaymentSystem payments, TimeProvider clock,
        IOptions<VerificationOptions> verification, IStringLocalizer<SharedResource> l, ILogger<Evidence> logger, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!RecordVerification.IsVerified(ticket, now, verification.Value))
        {
            return TypedResults.Problem(l["Verification.Required"], statusCode: StatusCodes.Status403Forbidden, title: l["Verification.Title"]);
        }

        Evidence evidence;
        try
        {
            var transaction = ticket.TransactionId is { } serial ? await payments.FindTransactionAsync(serial, ct) : null;
            // A transaction that belongs to someone else is not this customer's evidence.
            if (transaction is not null && ticket.Customer!.AccountId is { } own && transaction.AccountId != own) transaction = null;
            var account = ticket.Customer!.AccountId;
            var around = transaction?.OccurredAt ?? ticket.OccurredAt ?? ticket.CreatedAt;
            var nearby = account is null ? [] : await payments.SearchAsync(account, around.AddDays(-3), around.AddDays(3), ct);
            var duplicates = DuplicateDebits.Find(nearby, TimeSpan.FromMinutes(30))
                .Select(p => new DuplicatePair(p.First.Serial, p.Second.Serial, p.First.Amount, p.First.Currency, p.First.Merchant)).ToList();
            evidence = new Evidence(transaction, nearby, duplicates, account is null ? null : await payments.GetAccountStatusAsync(account, ct));
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Payment system lookup failed: {Error}", ex.Message);
            return TypedResults.Problem(l["Payments.Unavailable"], statusCode: StatusCodes.Status502BadGateway, title: l["Payments.Title"]);
        }

        Timeline.Record(db, ticket, TicketEventKind.Lookup, actor, now, data: new JsonObject
        {
            ["serial"] = ticket.TransactionId,
            ["found"] = evidence.Transaction is not null,
            ["nearby"] = evidence.Nearby.Count,
            ["duplicates"] = evidence.Duplicates.Count,
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(evidence);
    }
}
