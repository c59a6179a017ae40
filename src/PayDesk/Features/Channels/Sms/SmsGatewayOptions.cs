namespace PayDesk.Features.Channels.Sms;

internal sealed class SmsGatewayOptions
{
    /// <summary>The gateway's send URL (docs/channels.md); empty keeps SMS in the development outbox.</summary>
    public string? Url { get; set; }
    public string? ApiKey { get; set; }
    public string Sender { get; set; } = "PayDesk";
}
