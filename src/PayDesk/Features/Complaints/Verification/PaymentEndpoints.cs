using PayDesk.Features.Payments;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class PaymentEndpoints
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("PaymentSystem");
        builder.Services.AddOptions<PaymentSystemOptions>().Bind(section)
            .Validate(o => o.Mode is "demo" || (o.Mode is "http" && Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _)),
                "PaymentSystem:Mode must be 'demo', or 'http' with an absolute PaymentSystem:BaseUrl.")
            .ValidateOnStart();
        if (section["Mode"] == "http")
        {
            builder.Services.AddHttpClient<IPaymentSystem, HttpPaymentSystem>((sp, http) =>
                {
                    var options = sp.GetRequiredService<IOptions<PaymentSystemOptions>>().Value;
                    http.BaseAddress = new Uri(options.BaseUrl!.TrimEnd('/') + "/");
                    if (options.ApiKey is { Length: > 0 } key) http.DefaultRequestHeaders.Add("X-Api-Key", key);
                })
                .AddStandardResilienceHandler();
        }
        else
        {
            builder.Services.AddScoped<IPaymentSystem, DemoLedger>();
        }
        return builder;
    }

    public static RouteGroupBuilder MapPayments(this RouteGroupBuilder api)
    {
        api.MapGet("/tickets/{id}/evidence", LookUpTransactions.HandleAsync).WithTags("Payments").RequireAuthorization(Policies.Staff)
            .WithName("GetTicketEvidence")
            .WithSummary("Transaction logs and account state behind a complaint; needs a verified complainant.");
        return api;
    }
}
