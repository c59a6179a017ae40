namespace PayDesk.Features.Channels;

/// <summary>Shared secrets for the signed webhooks; a channel whose secret is empty is switched off.</summary>
internal sealed class WebhookOptions
{
    public string? PhoneSecret { get; set; }
    public string? SmsSecret { get; set; }
    public string? SocialSecret { get; set; }

    /// <summary>How far a webhook's timestamp may be from our clock (replayed requests are refused).</summary>
    public int MaxSkewSeconds { get; set; } = 300;
}
