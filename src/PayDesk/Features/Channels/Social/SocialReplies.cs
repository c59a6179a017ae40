using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PayDesk.Features.Notifications;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels.Social;

/// <summary>Sends an agent's reply back to the customer on the social channel the complaint came from.</summary>
internal interface ISocialReplyAdapter
{
    /// <summary>Chinese text as characters, not \u escapes: readable in the integrator's logs, half the bytes.</summary>
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    TicketChannel Channel { get; }

    bool Configured { get; }

    /// <returns>The provider's message id, when it gives one.</returns>
    Task<string?> SendAsync(string externalUserId, string text, Guid reference, CancellationToken ct);
}

/// <summary>
/// The notification outbox's route for social replies: the destination is "{channel}:{user id}",
/// and the adapter for that channel delivers it (retries and delivery states come from the outbox).
/// </summary>
internal sealed class SocialReplySender(IEnumerable<ISocialReplyAdapter> adapters) : INotificationSender, ISocialReplyRoutes
{
    private readonly Dictionary<TicketChannel, ISocialReplyAdapter> _adapters = adapters.ToDictionary(a => a.Channel);

    public NotificationChannel Channel => NotificationChannel.Social;

    public bool CanReply(TicketChannel channel) => _adapters.TryGetValue(channel, out var a) && a.Configured;

    public string MaskUser(string externalUserId) => ChannelIntake.MaskSender(new InboundSender(null, ExternalUserId: externalUserId))!;

    public string Destination(TicketChannel channel, string externalUserId) => $"{Infrastructure.Http.EnumText.Name(channel)}:{externalUserId}";

    public Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var colon = message.Destination.IndexOf(':');
        var channel = Enum.GetValues<TicketChannel>().FirstOrDefault(c => Infrastructure.Http.EnumText.Name(c) == message.Destination[..Math.Max(colon, 0)]);
        if (colon <= 0 || !_adapters.TryGetValue(channel, out var adapter) || !adapter.Configured)
        {
            throw new InvalidOperationException("No reply route is configured for this social channel.");
        }
        return adapter.SendAsync(message.Destination[(colon + 1)..], message.Body, message.Id, ct);
    }
}

/// <summary>Generic signed outbound webhook for Weibo and the app: the integrator delivers the text to the user.</summary>
internal sealed class WebhookReplyAdapter(TicketChannel channel, IHttpClientFactory http, IOptions<SocialReplyOptions> options, IOptionsMonitor<WebhookOptions> secrets, TimeProvider clock)
    : ISocialReplyAdapter
{
    public TicketChannel Channel => channel;

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.ReplyUrl) && !string.IsNullOrEmpty(secrets.CurrentValue.SocialSecret);

    public async Task<string?> SendAsync(string externalUserId, string text, Guid reference, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            source = Infrastructure.Http.EnumText.Name(channel), userId = externalUserId, text, reference = reference.ToString(),
        }, ISocialReplyAdapter.Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.ReplyUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secrets.CurrentValue.SocialSecret!, timestamp, body));
        using var response = await http.CreateClient(nameof(WebhookReplyAdapter)).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Reply webhook answered {(int)response.StatusCode}.", null, response.StatusCode);
        return reference.ToString();
    }
}

/// <summary>
/// WeChat's customer-service message API (客服消息): an access token from the app id and secret,
/// cached until shortly before it expires, then a text message to the user's openid. WeChat allows
/// it within 48 hours of the user's last message.
/// </summary>
internal sealed class WeChatReplyAdapter(IHttpClientFactory http, WeChatAccessTokens tokens) : ISocialReplyAdapter
{
    public TicketChannel Channel => TicketChannel.WeChat;

    public bool Configured => tokens.Configured;

    public async Task<string?> SendAsync(string externalUserId, string text, Guid reference, CancellationToken ct)
    {
        var client = http.CreateClient(nameof(WeChatReplyAdapter));
        var token = await tokens.GetAsync(client, ct);
        var payload = new JsonObject { ["touser"] = externalUserId, ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = text } };
        using var response = await client.PostAsync($"{tokens.Api}/cgi-bin/message/custom/send?access_token={Uri.EscapeDataString(token)}",
            new StringContent(payload.ToJsonString(ISocialReplyAdapter.Json), Encoding.UTF8, "application/json"), ct);
        var result = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        var code = result?["errcode"]?.GetValue<int>() ?? -1;
        tokens.Drop(code); // token expired early: the retry fetches a new one
        if (!response.IsSuccessStatusCode || code != 0) throw new InvalidOperationException($"WeChat answered errcode {code}.");
        return reference.ToString();
    }
}
