using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Storage;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels.Email;

/// <summary>E-mail in: raw bytes → a complaint, or the quarantine when it cannot be read.</summary>
internal sealed class EmailReceiver(ChannelIntake intake)
{
    public async Task<InboundResult> ReceiveAsync(byte[] raw, bool envelopeNullSender, CancellationToken ct)
    {
        var parsed = EmailParser.Parse(raw, envelopeNullSender);
        return parsed.Message is { } message
            ? await intake.AcceptAsync(message, ct)
            : await intake.QuarantineRawAsync(TicketChannel.Email, parsed.ExternalId, raw, parsed.FailureReason!, parsed.Detail, ct, parsed.Subject);
    }
}

/// <summary>
/// Answers 250 only after the message is committed (on a complaint or in the quarantine), so a
/// message the sender thinks delivered is never lost; on a failure it answers 421 and the sending
/// server tries again later.
/// </summary>
internal sealed class IntakeMessageStore(IServiceScopeFactory scopes, ILogger<IntakeMessageStore> logger) : MessageStore
{
    public override async Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var nullSender = string.IsNullOrEmpty(transaction.From?.User) && string.IsNullOrEmpty(transaction.From?.Host);
            await scope.ServiceProvider.GetRequiredService<EmailReceiver>().ReceiveAsync(buffer.ToArray(), nullSender, cancellationToken);
            return SmtpServer.Protocol.SmtpResponse.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Inbound e-mail could not be stored; the sender will retry");
            return new SmtpServer.Protocol.SmtpResponse(SmtpServer.Protocol.SmtpReplyCode.ServiceUnavailable, "Try again later");
        }
    }
}

/// <summary>The inbound SMTP listener (SmtpServer), for the company's MX or a forwarding rule to point at.</summary>
internal sealed class SmtpListener(IOptions<InboundEmailOptions> options, IntakeMessageStore store, ILogger<SmtpListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Port <= 0) return;
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName(o.ServerName)
            .MaxMessageSize(o.MaxMessageBytes)
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Parse(o.Host), o.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        logger.LogInformation("Inbound SMTP listening on {Host}:{Port}", o.Host, o.Port);
        try
        {
            await new SmtpServer.SmtpServer(serverOptions, services).StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
