using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Payments;

/// <summary>
/// The payment system adapter. The demo ledger is built in and always answers. Over HTTP the contract
/// (docs/payment-system-api.md) has no health route, so the check asks for the status of an account that cannot
/// exist: 404 (or 200) means the system is up and took our key; 401/403 means the key is refused; anything else, or
/// no answer, is down. No retries here (the resilience handler would stretch a check to many seconds).
/// Failure is Degraded (docs/operations.md): complaints are still taken, only transaction look-ups fail.
/// </summary>
internal sealed class PaymentSystemHealthCheck(IOptions<PaymentSystemOptions> options, IHttpClientFactory clients) : IHealthCheck
{
    public const string ClientName = "payment-system-health";
    internal const string ProbeAccount = "paydesk-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var o = options.Value;
        if (o.Mode != "http") return HealthCheckResult.Healthy("Built-in demo ledger.");
        var http = clients.CreateClient(ClientName);
        try
        {
            using var response = await http.GetAsync($"accounts/{ProbeAccount}/status", ct);
            return response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.NotFound => HealthCheckResult.Healthy("Payment system answers."),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new HealthCheckResult(context.Registration.FailureStatus,
                    $"Payment system refused PayDesk's key ({(int)response.StatusCode}): check PaymentSystem:ApiKey."),
                _ => new HealthCheckResult(context.Registration.FailureStatus, $"Payment system answered {(int)response.StatusCode}."),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Payment system unreachable: {ex.Message}");
        }
    }
}
