using MailKit.Security;

namespace PayDesk.Features.Notifications;

internal sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "service@paydesk.local";
    public string FromName { get; set; } = "PayDesk 客服中心";
    public int TimeoutSeconds { get; set; } = 30;
}
