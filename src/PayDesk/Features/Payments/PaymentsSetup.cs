using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Payments;

/// <summary>The payment system PayDesk reads transactions and account states from: the demo ledger, or the company's over HTTP.</summary>
internal static class PaymentsSetup
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("PaymentSystem");
        builder.Services.AddOptions<PaymentSystemOptions>().Bind(section)
            .Validate(o => o.Mode is "demo" || (o.Mode is "http" && Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _)),
                "PaymentSystem:Mode must be 'demo', or 'http' with an absolute PaymentSystem:BaseUrl.")
            .ValidateOnStart();
        builder.Services.AddHealthChecks().AddCheck<PaymentSystemHealthCheck>("payment_system", HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(5));
        if (section["Mode"] == "http")
        {
            builder.Services.AddHttpClient(PaymentSystemHealthCheck.ClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<PaymentSystemOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl!.TrimEnd('/') + "/");
                http.Timeout = TimeSpan.FromSeconds(Math.Clamp(options.TimeoutSeconds, 1, 5));
                if (options.ApiKey is { Length: > 0 } key) http.DefaultRequestHeaders.Add("X-Api-Key", key);
            });
            builder.Services.AddHttpClient<IPaymentSystem, HttpPaymentSystem>((sp, http) =>
                {
                    var options = sp.GetRequiredService<IOptions<PaymentSystemOptions>>().Value;
                    http.BaseAddress = new Uri(options.BaseUrl!.TrimEnd('/') + "/");
                    if (options.ApiKey is { Length: > 0 } key) http.DefaultRequestHeaders.Add("X-Api-Key", key);
                })
                // Retries, timeouts and the circuit breaker as Microsoft.Extensions.Http.Resilience sets them, tunable under
                // PaymentSystem:Resilience (e.g. Retry:MaxRetryAttempts, AttemptTimeout:Timeout) — docs/payment-system-api.md.
                .AddStandardResilienceHandler(o => section.GetSection("Resilience").Bind(o));
        }
        else
        {
            builder.Services.AddScoped<IPaymentSystem, DemoLedger>();
        }
        return builder;
    }
}
