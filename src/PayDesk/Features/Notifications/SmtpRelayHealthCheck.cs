using MailKit.Net.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Notifications;

/// <summary>
/// The mail relay in force (Email:Smtp or saved on /admin/channels): connect, greeting, EHLO (and STARTTLS when the
/// relay offers it), QUIT — nothing is sent and no password is tried. No relay configured is healthy: notices go to
/// the development outbox. Failure is Degraded (docs/operations.md): notices wait in the outbox and are retried,
/// complaints are still taken.
/// </summary>
internal sealed class SmtpRelayHealthCheck(IOptionsMonitor<SmtpOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Host)) return HealthCheckResult.Healthy("No SMTP relay configured: e-mail notices go to the development outbox.");
        var where = $"{o.Host}:{o.Port}";
        try
        {
            using var client = new SmtpClient { Timeout = (int)Math.Min(o.TimeoutSeconds * 1000L, 5000) };
            await client.ConnectAsync(o.Host, o.Port, o.Security, ct);
            await client.DisconnectAsync(quit: true, ct);
            return HealthCheckResult.Healthy($"SMTP relay {where} answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"SMTP relay {where} unreachable: {ex.Message}");
        }
    }
}
