using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PayDesk.Features.Notifications;

/// <summary>E-mail notices through the company's SMTP relay (MailKit), when `Email:Smtp:Host` is configured.</summary>
internal sealed class SmtpEmailSender(Microsoft.Extensions.Options.IOptions<SmtpOptions> options) : INotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var o = options.Value;
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
