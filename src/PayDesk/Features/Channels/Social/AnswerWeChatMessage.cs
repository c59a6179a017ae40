using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels.Social;

/// <summary>
/// What PayDesk says back to one WeChat message or event (the passive reply), after doing what that kind asks for:
/// text, links, voice with its recognition and mapped menu clicks go to the assistant (or the open complaint) as text;
/// pictures, voice clips, videos, files and locations are kept and acknowledged; a location report is kept silently;
/// subscribing is greeted; unsubscribing and menu links need nothing; an unknown type is asked for text, never handed off.
/// </summary>
internal sealed class AnswerWeChatMessage(
    ChannelIntake intake, Assistant.SocialAssistant assistant, Infrastructure.Data.AppDbContext db, KeepSocialMessage keep, WeChatMedia media,
    IOptionsMonitor<WeChatOptions> options, IStringLocalizer<SharedResource> l)
{
    /// <returns>The reply text, or null for WeChat's "success" (nothing to say).</returns>
    public async Task<string?> RespondAsync(WeChatInbound m, byte[] raw, CancellationToken ct)
    {
        switch (m.Kind)
        {
            case WeChatKind.Subscribe or WeChatKind.Scan:
                return l["WeChat.Welcome"];
            case WeChatKind.Unsubscribe or WeChatKind.MenuView or WeChatKind.OtherEvent:
                return null;
            case WeChatKind.LocationReport:
                await keep.NoteSilentlyAsync(Request(m, $"[{l["WeChat.LocationReport"]}] {m.Place()}", null), ct);
                return null;
            case WeChatKind.MenuClick:
                return m.EventKey is { Length: > 0 } key && options.CurrentValue.Menu.TryGetValue(key, out var said) && !string.IsNullOrWhiteSpace(said)
                    ? await AsTextAsync(m, said, raw, null, ct)
                    : l["WeChat.SendText"];
            case WeChatKind.Text or WeChatKind.Link when !string.IsNullOrWhiteSpace(m.Text):
                return await AsTextAsync(m, m.Text, raw, null, ct);
            case WeChatKind.Voice when m.Text is { } recognised:
                var known = await keep.SeenAsync(TicketChannel.WeChat, m.OpenId, m.MsgId, ct) is not null;
                var audio = known ? null : await media.FetchAsync(m.MediaId, null, ct);
                return await AsTextAsync(m, recognised, raw, audio is null ? null : new InboundFile(FileName(m), "", audio), ct);
            default:
                return await KeepAsync(m, ct);
        }
    }

    private async Task<string?> AsTextAsync(WeChatInbound m, string text, byte[] raw, InboundFile? file, CancellationToken ct)
    {
        var result = await SocialWebhooks.AnswerOrAcceptAsync(new InboundMessage
        {
            Channel = TicketChannel.WeChat,
            ExternalId = m.MsgId,
            From = new InboundSender(null, ExternalUserId: m.OpenId),
            Body = PayDesk.Infrastructure.Http.ClippedText.Head(text, 4000),
            ContinuesRecentComplaint = true,
            Raw = raw,
        }, intake, assistant, db, ct);
        if (file is not null) await keep.AttachAsync(TicketChannel.WeChat, m.OpenId, m.MsgId, file, result, ct);
        var replies = result.Replies is { Count: > 0 } r ? string.Join("\n\n", r) : null;
        return result.TicketNumber is { } number
            ? replies is null ? l["WeChat.Received", number] : replies + "\n\n" + l["WeChat.Received", number]
            : replies;
    }

    /// <summary>A picture, clip, video, file, location or unknown type: kept (with its file when it can be fetched) and acknowledged.</summary>
    private async Task<string> KeepAsync(WeChatInbound m, CancellationToken ct)
    {
        var kind = m.Kind switch
        {
            WeChatKind.Image => l["WeChat.Image"].Value,
            WeChatKind.Voice => l["WeChat.Voice"].Value,
            WeChatKind.Video => l["WeChat.Video"].Value,
            WeChatKind.File => l["WeChat.File"].Value,
            WeChatKind.Location => l["WeChat.Location"].Value,
            _ => m.RawType,
        };
        var result = await keep.SeenAsync(TicketChannel.WeChat, m.OpenId, m.MsgId, ct);
        if (result is null)
        {
            var text = m.Kind switch
            {
                WeChatKind.Location => $"[{kind}] {m.Place()}",
                WeChatKind.File when !string.IsNullOrWhiteSpace(m.Title) => $"[{kind}] {m.Title}",
                _ => $"[{kind}]",
            };
            // A video is noted, not downloaded: it is rarely evidence and seldom fits the attachment limit or the five seconds.
            var bytes = m.Kind is WeChatKind.Image or WeChatKind.Voice or WeChatKind.File ? await media.FetchAsync(m.MediaId, m.PicUrl, ct) : null;
            if (bytes is null && !string.IsNullOrEmpty(m.MediaId)) text += " " + l["WeChat.MediaNotFetched", m.MediaId];
            result = await keep.KeepAsync(Request(m, text, bytes is null ? null : new InboundFile(FileName(m), "", bytes)), ct);
        }
        if (m.Kind == WeChatKind.Unknown) return l["WeChat.SendText"];
        if (result.TicketNumber is { } number) return l["WeChat.ReceivedKind", kind, number];
        return m.Kind switch
        {
            WeChatKind.Image => l["WeChat.ImageReceived"],
            WeChatKind.Location => l["WeChat.LocationReceived", m.Place()],
            _ => l["WeChat.MediaReceived", kind],
        };
    }

    private static KeepSocialMessage.Request Request(WeChatInbound m, string text, InboundFile? file) =>
        new(TicketChannel.WeChat, new InboundSender(null, ExternalUserId: m.OpenId), m.MsgId, text, file);

    private static string FileName(WeChatInbound m) => m.Kind switch
    {
        WeChatKind.Image => $"wechat-{Safe(m.MsgId)}.jpg",
        WeChatKind.Voice => $"wechat-{Safe(m.MsgId)}.{(m.Format is "mp3" ? "mp3" : "amr")}",
        _ when !string.IsNullOrWhiteSpace(m.Title) => m.Title,
        _ => $"wechat-{Safe(m.MsgId)}",
    };

    private static string Safe(string id) => new(id.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
}
