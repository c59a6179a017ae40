using PayDesk.Features.Payments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Transaction evidence behind a complaint: the named transaction (only if it is the complainant's own), the
/// account's transactions in a window (three days either side of the complaint unless asked otherwise), likely
/// duplicate debits and the account state. Needs a verified complainant; every look-up is kept on the complaint
/// (<see cref="RecordTransactionLookup"/>).
/// </summary>
internal static class LookUpTransactions
{
    /// <summary>The longest window one look-up may cover: a month, as a statement would.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>Every field optional: the complaint's serial and the days around it are the default question.</summary>
    public sealed record LookupRequest(DateTimeOffset? From, DateTimeOffset? To, string? Serial, MoneyInput? Amount);

    public sealed record Evidence(
        PaymentTransaction? Transaction, IReadOnlyList<PaymentTransaction> Nearby, IReadOnlyList<DuplicatePair> Duplicates,
        AccountStatus? Account, Guid EvidenceId, LookupQuery Query);

    public sealed record DuplicatePair(string First, string Second, decimal Amount, string Currency, string Merchant);

    public static async Task<Results<Created<Evidence>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, LookupRequest? request, AppDbContext db, ActorAccessor actors, IPaymentSystem payments, TimeProvider clock,
        IOptions<VerificationOptions> verification, IStringLocalizer<SharedResource> l, ILogger<Evidence> logger, CancellationToken ct)
    {
        request ??= new LookupRequest(null, null, null, null);
        var errors = new ValidationErrors(l);
        var serial = string.IsNullOrWhiteSpace(request.Serial) ? null : request.Serial.Trim();
        TicketRules.CheckTransactionId(errors, "serial", serial);
        TicketRules.CheckAmount(errors, "amount", request.Amount);
        if (request.From is { } f && request.To is { } t)
        {
            if (f > t) errors.AddKey("to", "Evidence.RangeOrder");
            else if (t - f > MaxWindow) errors.AddKey("to", "Evidence.RangeTooLong", MaxWindow.Days);
        }
        else if (request.From.HasValue != request.To.HasValue) errors.AddKey(request.From is null ? "from" : "to", "Evidence.RangeBothEnds");
        if (errors.Any) return errors.ToProblem();

        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!RecordVerification.IsVerified(ticket, now, verification.Value))
        {
            return TypedResults.Problem(l["Verification.Required"], statusCode: StatusCodes.Status403Forbidden, title: l["Verification.Title"]);
        }

        serial ??= request.From is null && request.Amount is null ? ticket.TransactionId : null;
        Evidence evidence;
        try
        {
            var transaction = serial is not null ? await payments.FindTransactionAsync(serial, ct) : null;
            // A transaction that belongs to someone else is not this customer's evidence.
            var account = ticket.Customer!.AccountId;
            if (transaction is not null && account is { } own && transaction.AccountId != own) transaction = null;
            var around = transaction?.OccurredAt ?? ticket.OccurredAt ?? ticket.CreatedAt;
            var from = request.From?.UtcDateTime ?? around.AddDays(-3);
            var to = request.To?.UtcDateTime ?? around.AddDays(3);
            var amount = request.Amount is { Value: { } value, Currency: { } currency } ? new Money(value, currency.Trim().ToUpperInvariant()) : null;
            IReadOnlyList<PaymentTransaction> found = account is null ? [] : await payments.SearchAsync(account, from, to, ct);
            var nearby = found.Where(x => amount is null || x.Amount == amount.Value && x.Currency == amount.Currency).ToList();
            // The named transaction is part of the answer even when it lies outside the window.
            if (transaction is not null && nearby.All(x => x.Serial != transaction.Serial)) nearby.Insert(0, transaction);
            // Duplicates among what was asked for: narrowed to one amount, a pair of other debits answered "0 笔 · 1 组疑似重复扣款"
            // and a walk read another complaint's money as this one's.
            var duplicates = DuplicateDebits.Find(amount is null ? found : nearby, TimeSpan.FromMinutes(30))
                .Select(p => new DuplicatePair(p.First.Serial, p.Second.Serial, p.First.Amount, p.First.Currency, p.First.Merchant)).ToList();
            var state = account is null ? null : await payments.GetAccountStatusAsync(account, ct);
            var query = new LookupQuery(from, to, serial, amount);
            var kept = RecordTransactionLookup.Apply(db, ticket, actor, now, query, nearby, duplicates.Count);
            evidence = new Evidence(transaction, nearby, duplicates, state, kept.Id, query);
        }
        catch (PaymentSystemUnavailableException ex)
        {
            logger.LogWarning("Payment system lookup failed: {Error}", ex.Message);
            return PaymentSystemUnavailableException.Problem(l);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}/evidence/{evidence.EvidenceId}", evidence);
    }
}
