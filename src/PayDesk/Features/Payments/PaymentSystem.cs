namespace PayDesk.Features.Payments;

public enum PaymentStatus
{
    Succeeded,
    Failed,
    Pending,

    /// <summary>Debited, then automatically reversed (冲正) by the bank.</summary>
    Reversed,
}

public enum RefundState
{
    None,
    Pending,
    Completed,
    Rejected,
}

/// <summary>A transaction as the payment system reports it; the card number arrives masked.</summary>
public sealed record PaymentTransaction(
    string Serial, string AccountId, string Merchant, decimal Amount, string Currency, PaymentStatus Status,
    DateTime OccurredAt, string? CardMasked, RefundState Refund, decimal? RefundAmount, DateTime? RefundExpectedBy);

public sealed record AccountStatus(string AccountId, bool Frozen, string? FrozenReason, DateTime? FrozenAt);

/// <summary>
/// The payment company's own systems, seen from the service centre: transaction logs, refunds and
/// account state (SPEC §2 step 2, 调取交易日志). Two implementations: the built-in demo ledger and an
/// HTTP adapter for a real back end (docs/payment-system-api.md).
/// </summary>
internal interface IPaymentSystem
{
    Task<PaymentTransaction?> FindTransactionAsync(string serial, CancellationToken ct);

    Task<IReadOnlyList<PaymentTransaction>> SearchAsync(string accountId, DateTime fromUtc, DateTime toUtc, CancellationToken ct);

    Task<AccountStatus?> GetAccountStatusAsync(string accountId, CancellationToken ct);
}

/// <summary>The payment system did not answer usably (down, timed out, circuit open, or an answer outside the contract).</summary>
internal sealed class PaymentSystemUnavailableException(Exception inner)
    : Exception($"The payment system did not answer: {inner.GetType().Name}: {inner.Message}", inner)
{
    /// <summary>How an endpoint says so: 502, "payment system unavailable", in the caller's language.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) =>
        TypedResults.Problem(l["Payments.Unavailable"], statusCode: StatusCodes.Status502BadGateway, title: l["Payments.Title"]);
}

internal sealed class PaymentSystemOptions
{
    /// <summary>"demo" (built-in ledger) or "http".</summary>
    public string Mode { get; set; } = "demo";
    public string? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
    public int TimeoutSeconds { get; set; } = 5;
}

/// <summary>Duplicate debits: two successful charges of one account, same merchant and amount, minutes apart.</summary>
internal static class DuplicateDebits
{
    public static IReadOnlyList<(PaymentTransaction First, PaymentTransaction Second)> Find(IEnumerable<PaymentTransaction> transactions, TimeSpan within)
    {
        var ordered = transactions.Where(t => t.Status == PaymentStatus.Succeeded).OrderBy(t => t.OccurredAt).ToList();
        var pairs = new List<(PaymentTransaction, PaymentTransaction)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            for (var j = i + 1; j < ordered.Count && ordered[j].OccurredAt - ordered[i].OccurredAt <= within; j++)
            {
                if (ordered[j].Merchant == ordered[i].Merchant && ordered[j].Amount == ordered[i].Amount && ordered[j].Currency == ordered[i].Currency
                    && ordered[j].AccountId == ordered[i].AccountId)
                {
                    pairs.Add((ordered[i], ordered[j]));
                }
            }
        }
        return pairs;
    }
}
