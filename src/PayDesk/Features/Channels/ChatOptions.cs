namespace PayDesk.Features.Channels;

internal sealed class ChatOptions
{
    /// <summary>Origins whose pages may embed the chat widget; empty allows any (the widget carries no cookies).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
