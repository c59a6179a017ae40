namespace PayDesk.Features.Channels.Email;

internal sealed class InboundEmailOptions
{
    /// <summary>Port of the inbound SMTP listener; 0 (the default) leaves it off.</summary>
    public int Port { get; set; }
    public string Host { get; set; } = "127.0.0.1";
    public string ServerName { get; set; } = "paydesk";
    public int MaxMessageBytes { get; set; } = 25 * 1024 * 1024;
}
