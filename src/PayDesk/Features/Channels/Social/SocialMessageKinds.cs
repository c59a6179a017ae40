using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels.Social;

/// <summary>
/// The non-text messages of the generic Weibo/app webhook, handled as WeChat's are: an image is fetched (from an allowed
/// origin only) and kept, a location kept with its label and coordinates, both acknowledged; a link is read as text.
/// </summary>
internal sealed class SocialMessageKinds(KeepSocialMessage keep, WeChatMedia media, IOptions<SocialReplyOptions> options, IStringLocalizer<SharedResource> l)
{
    public static Dictionary<string, string[]> Validate(SocialWebhooks.SocialMessage m)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(m.MessageId) || m.MessageId.Length > 128) problems["messageId"] = ["Required, at most 128 characters."];
        if (string.IsNullOrWhiteSpace(m.UserId) || m.UserId.Length > 128) problems["userId"] = ["Required, at most 128 characters."];
        var type = m.Type ?? "text";
        var textRequired = type == "text";
        if ((textRequired && string.IsNullOrWhiteSpace(m.Text)) || m.Text is { Length: > 4000 }) problems["text"] = [textRequired ? "Required, at most 4000 characters." : "At most 4000 characters."];
        switch (type)
        {
            case "text":
                break;
            case "link":
                if (!Uri.TryCreate(m.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || m.Url!.Length > 2000) problems["url"] = ["An absolute http(s) URL, at most 2000 characters."];
                if (m.Title is { Length: > 300 }) problems["title"] = ["At most 300 characters."];
                break;
            case "image":
                if (string.IsNullOrWhiteSpace(m.MediaUrl) || m.MediaUrl.Length > 2000) problems["mediaUrl"] = ["Required, at most 2000 characters."];
                break;
            case "location":
                if (m.Latitude is not (>= -90 and <= 90)) problems["latitude"] = ["Required, −90 to 90."];
                if (m.Longitude is not (>= -180 and <= 180)) problems["longitude"] = ["Required, −180 to 180."];
                if (m.Label is { Length: > 300 }) problems["label"] = ["At most 300 characters."];
                break;
            default:
                problems["type"] = ["One of text, link, image, location."];
                break;
        }
        return problems;
    }

    /// <summary>What the assistant reads: the text, or a link's title, text and address.</summary>
    public static string TextOf(SocialWebhooks.SocialMessage m) => m.Type == "link"
        ? string.Join("\n", new[] { m.Title, m.Text, m.Url }.Where(s => !string.IsNullOrWhiteSpace(s)))
        : m.Text!;

    /// <summary>Keeps an image or a location and returns the acknowledgement; null for text and links (the assistant's part).</summary>
    public async Task<InboundResult?> KeepAsync(TicketChannel channel, InboundSender from, SocialWebhooks.SocialMessage m, CancellationToken ct)
    {
        if (m.Type is not ("image" or "location")) return null;
        var kind = m.Type == "image" ? l["WeChat.Image"].Value : l["WeChat.Location"].Value;
        var place = string.Create(CultureInfo.InvariantCulture,
            $"{(string.IsNullOrWhiteSpace(m.Label) ? "" : m.Label.Trim() + " ")}({m.Latitude:0.######}, {m.Longitude:0.######})");
        var result = await keep.SeenAsync(channel, m.UserId!, m.MessageId!, ct);
        if (result is null)
        {
            var caption = string.IsNullOrWhiteSpace(m.Text) ? "" : " " + m.Text.Trim();
            InboundFile? file = null;
            var text = m.Type == "location" ? $"[{kind}] {place}{caption}" : $"[{kind}]{caption}";
            if (m.Type == "image")
            {
                var bytes = await media.FetchAllowedAsync(m.MediaUrl, options.Value.MediaHosts, ct);
                if (bytes is null) text += " " + l["Social.MediaNotFetched", m.MediaUrl!];
                else file = new InboundFile(Path.GetFileName(new Uri(m.MediaUrl!).AbsolutePath) is { Length: > 0 } name ? name : "image", "", bytes);
            }
            result = await keep.KeepAsync(new KeepSocialMessage.Request(channel, from, m.MessageId!, text, file), ct);
        }
        string reply = result.TicketNumber is { } number ? l["WeChat.ReceivedKind", kind, number]
            : m.Type == "image" ? l["WeChat.ImageReceived"] : l["WeChat.LocationReceived", place];
        return result with { Replies = [reply] };
    }
}
