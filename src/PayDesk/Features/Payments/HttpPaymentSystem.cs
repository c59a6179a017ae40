using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayDesk.Features.Payments;

/// <summary>
/// The payment system over HTTP (contract in docs/payment-system-api.md). Timeouts, retries of
/// transient failures and a circuit breaker come from the standard resilience handler; a 404 means
/// "no such record", anything else unexpected is an error the caller reports.
/// </summary>
internal sealed class HttpPaymentSystem(HttpClient http) : IPaymentSystem
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public Task<PaymentTransaction?> FindTransactionAsync(string serial, CancellationToken ct) =>
        GetOrNullAsync<PaymentTransaction>($"transactions/{Uri.EscapeDataString(serial)}", ct);

    public async Task<IReadOnlyList<PaymentTransaction>> SearchAsync(string accountId, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var url = $"accounts/{Uri.EscapeDataString(accountId)}/transactions?from={Uri.EscapeDataString(fromUtc.ToString("O"))}&to={Uri.EscapeDataString(toUtc.ToString("O"))}";
        return await GetOrNullAsync<List<PaymentTransaction>>(url, ct) ?? [];
    }

    public Task<AccountStatus?> GetAccountStatusAsync(string accountId, CancellationToken ct) =>
        GetOrNullAsync<AccountStatus>($"accounts/{Uri.EscapeDataString(accountId)}/status", ct);

    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken ct) where T : class
    {
        try
        {
            using var response = await http.GetAsync(path, ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<T>(Json, ct);
        }
        // Every way the back end can fail reaches callers as one exception: an error status, no connection, the resilience
        // handler's timeout or open circuit (Polly's rejections, not HttpRequestException), an answer that is not the contract.
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException or Polly.ExecutionRejectedException
            || ex is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new PaymentSystemUnavailableException(ex);
        }
    }
}
