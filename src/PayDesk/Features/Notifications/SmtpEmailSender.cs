using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Notifications;

/// <summary>
/// E-mail notices: through the company's SMTP relay (MailKit) when a host is in force (Email:Smtp:Host, or saved on
/// /admin/channels), else into the development outbox. Chosen on every send from the current options, so a relay saved
/// by an administrator carries the next notice without a restart.
/// </summary>
internal sealed class EmailSender(Microsoft.Extensions.Options.IOptionsMonitor<SmtpOptions> options, StorageOptions storage) : INotificationSender
{
    private readonly DevelopmentOutboxSender _outbox = new(NotificationChannel.Email, storage);
    private readonly SmtpEmailSender _smtp = new(options);

    public NotificationChannel Channel => NotificationChannel.Email;

    public Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(options.CurrentValue.Host) ? _outbox.SendAsync(message, ct) : _smtp.SendAsync(message, ct);
}

/// <summary>E-mail notices through the company's SMTP relay (MailKit), with the options in force at the time of sending.</summary>
internal sealed class SmtpEmailSender(Microsoft.Extensions.Options.IOptionsMonitor<SmtpOptions> options) : INotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        mail.To.Add(MailboxAddress.Parse(message.Destination));
        mail.Subject = message.Subject ?? "PayDesk";
        mail.MessageId = $"{message.Id:N}@paydesk";
        mail.Headers.Add("Auto-Submitted", "auto-generated");
        if (message.InReplyTo is { } parent)
        {
            mail.InReplyTo = parent;
            mail.References.Add(parent);
        }
        mail.Body = new TextPart("plain") { Text = message.Body };

        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Email:Smtp:Host is not set."), o.Port, o.Security, ct);
        if (!string.IsNullOrEmpty(o.User)) await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(quit: true, ct);
        return mail.MessageId;
    }
}
