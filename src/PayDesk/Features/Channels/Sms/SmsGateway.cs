using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Notifications;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Channels.Sms;

/// <summary>
/// SMS out: through the HTTP gateway when a gateway URL is in force (Channels:Sms:Gateway:Url, or saved on /admin/channels),
/// else into the development outbox; chosen on every send, so a saved gateway carries the next message without a restart.
/// </summary>
internal sealed class SmsSender(IOptionsMonitor<SmsGatewayOptions> options, IServiceProvider services, StorageOptions storage) : INotificationSender
{
    private readonly DevelopmentOutboxSender _outbox = new(NotificationChannel.Sms, storage);

    public NotificationChannel Channel => NotificationChannel.Sms;

    public Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(options.CurrentValue.Url) ? _outbox.SendAsync(message, ct) : services.GetRequiredService<HttpSmsSender>().SendAsync(message, ct);
}

/// <summary>
/// SMS out through a generic HTTP gateway: POST {to, text, reference, sender} with a bearer key,
/// 2xx with {messageId}. Anything else throws, so the outbox retries with back-off.
/// </summary>
internal sealed class HttpSmsSender(HttpClient http, IOptionsMonitor<SmsGatewayOptions> options) : INotificationSender
{
    public NotificationChannel Channel => NotificationChannel.Sms;

    private sealed record SendResponse(string? MessageId);

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url)
        {
            Content = JsonContent.Create(new { to = message.Destination, text = message.Body, reference = message.Id.ToString(), sender = o.Sender }),
        };
        if (!string.IsNullOrEmpty(o.ApiKey)) request.Headers.Authorization = new("Bearer", o.ApiKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            // The gateway's reply may echo the number; only the status goes into the error we keep.
            throw new HttpRequestException($"SMS gateway answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
        var body = await response.Content.ReadFromJsonAsync<SendResponse>(JsonSerializerOptions.Web, ct);
        return body?.MessageId ?? throw new InvalidOperationException("SMS gateway gave no messageId.");
    }
}

/// <summary>SMS in (replies to our notices) and delivery reports, from the gateway's signed webhooks.</summary>
internal static class SmsWebhooks
{
    public sealed record InboundSms(string? MessageId, string? From, string? Text, DateTimeOffset? ReceivedAt);

    public sealed record DeliveryReport(string? MessageId, string? Status, string? Error);

    public static RouteGroupBuilder MapSms(this RouteGroupBuilder api)
    {
        var sms = api.MapGroup("/channels/sms").WithTags("Channels").AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(RateLimits.Webhook).AddEndpointFilter(WebhookReplayGuard.ReleaseOnFailureAsync);
        sms.MapPost("/inbound", InboundAsync).WithName("ReceiveSms").WithSummary("A customer's SMS (HMAC-signed by the gateway).");
        sms.MapPost("/status", StatusAsync).WithName("SmsDeliveryReport").WithSummary("A delivery report for an SMS we sent (HMAC-signed).");
        return api;
    }

    private static async Task<IResult> InboundAsync(HttpRequest request, ChannelIntake intake, IOptionsMonitor<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await WebhookSignature.ReadVerifiedAsync(request, "sms", options.CurrentValue.SmsSecret, clock, options.CurrentValue.MaxSkewSeconds, ct);
        if (problem is not null) return problem;
        if (!WebhookJson.TryRead<InboundSms>(body, out var sms, out var bad)) return bad!;
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(sms!.MessageId) || sms.MessageId.Length > 128) problems["messageId"] = ["Required, at most 128 characters."];
        if (Infrastructure.Security.PersonalData.NormalizePhone(sms.From) is null) problems["from"] = ["A phone number is required."];
        if (string.IsNullOrWhiteSpace(sms.Text) || sms.Text.Length > 2000) problems["text"] = ["Required, at most 2000 characters."];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var result = await intake.AcceptAsync(new InboundMessage
        {
            Channel = TicketChannel.Sms,
            ExternalId = sms.MessageId!,
            From = new InboundSender(null, Phone: sms.From),
            Body = sms.Text!,
            ContinuesRecentComplaint = true,
        }, ct);
        return TypedResults.Ok(result);
    }

    private static async Task<IResult> StatusAsync(HttpRequest request, AppDbContext db, IOptionsMonitor<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await WebhookSignature.ReadVerifiedAsync(request, "sms", options.CurrentValue.SmsSecret, clock, options.CurrentValue.MaxSkewSeconds, ct);
        if (problem is not null) return problem;
        if (!WebhookJson.TryRead<DeliveryReport>(body, out var report, out var bad)) return bad!;
        if (string.IsNullOrWhiteSpace(report!.MessageId) || report.Status is not ("delivered" or "failed"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["messageId and status (delivered or failed) are required."] });
        }
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Channel == NotificationChannel.Sms && n.ProviderMessageId == report.MessageId, ct);
        if (notification is null) return TypedResults.NotFound();
        if (report.Status == "delivered")
        {
            notification.Status = DeliveryStatus.Delivered;
            notification.DeliveredAt = clock.GetUtcNow().UtcDateTime;
        }
        else
        {
            // The gateway accepted it but the handset never got it: staff see it as undeliverable.
            notification.Status = DeliveryStatus.Dead;
            // A gateway's report may echo the number it could not reach.
            notification.LastError = "Undelivered: " + (report.Error is { } e ? PayDesk.Infrastructure.Http.ClippedText.Head(PayDesk.Infrastructure.Security.PersonalData.MaskContacts(e), 200) : null);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new { notification.Id, status = EnumText.Name(notification.Status) });
    }
}

internal static class WebhookJson
{
    public static bool TryRead<T>(byte[] body, out T? value, out IResult? problem) where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web);
            problem = value is null ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] }) : null;
        }
        catch (JsonException ex)
        {
            value = null;
            problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message] });
        }
        return problem is null;
    }
}
