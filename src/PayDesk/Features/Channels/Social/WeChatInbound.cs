using System.Globalization;
using System.Xml.Linq;

namespace PayDesk.Features.Channels.Social;

/// <summary>What a WeChat message or event is, so each is handled for what it is (a picture is not a request for a person).</summary>
internal enum WeChatKind
{
    Text,
    Image,
    Voice,
    Video,
    Location,
    Link,
    File,
    Subscribe,
    Unsubscribe,
    Scan,
    LocationReport,
    MenuClick,
    MenuView,
    OtherEvent,
    Unknown,
}

/// <summary>One WeChat delivery read from its XML (公众号消息接口: text, image, voice, video, shortvideo, location, link, file, event).</summary>
internal sealed record WeChatInbound(WeChatKind Kind, string OpenId, string Account, string MsgId, string RawType)
{
    public string? Text { get; init; }
    public string? MediaId { get; init; }
    public string? PicUrl { get; init; }
    public string? Format { get; init; }
    public string? Title { get; init; }
    public string? Label { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? EventKey { get; init; }

    /// <summary>Null when the XML lacks a sender, the account or a type.</summary>
    public static WeChatInbound? Read(XElement xml)
    {
        string? Field(string name) => (string?)xml.Element(name);
        double? Number(string name) =>
            double.TryParse(Field(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
        var openId = Field("FromUserName");
        var account = Field("ToUserName");
        var type = Field("MsgType")?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(openId) || string.IsNullOrEmpty(account) || string.IsNullOrEmpty(type)) return null;
        var evt = Field("Event")?.Trim().ToLowerInvariant();
        // Events carry no MsgId: the sender, the time and the event make one (WeChat re-sends with the same CreateTime).
        var msgId = Field("MsgId") is { Length: > 0 } id ? id : $"{openId}:{Field("CreateTime")}:{evt ?? type}";
        var kind = type switch
        {
            "text" => WeChatKind.Text,
            "image" => WeChatKind.Image,
            "voice" => WeChatKind.Voice,
            "video" or "shortvideo" => WeChatKind.Video,
            "location" => WeChatKind.Location,
            "link" => WeChatKind.Link,
            "file" => WeChatKind.File,
            "event" => evt switch
            {
                "subscribe" => WeChatKind.Subscribe,
                "unsubscribe" => WeChatKind.Unsubscribe,
                "scan" => WeChatKind.Scan,
                "location" => WeChatKind.LocationReport,
                "click" => WeChatKind.MenuClick,
                "view" => WeChatKind.MenuView,
                _ => WeChatKind.OtherEvent,
            },
            _ => WeChatKind.Unknown,
        };
        return new WeChatInbound(kind, openId, account, msgId, type)
        {
            Text = kind switch
            {
                WeChatKind.Text => Field("Content"),
                WeChatKind.Voice => Field("Recognition") is { Length: > 0 } recognised ? recognised.Trim() : null,
                WeChatKind.Link => string.Join("\n", new[] { Field("Title"), Field("Description"), Field("Url") }.Where(s => !string.IsNullOrWhiteSpace(s))),
                _ => null,
            },
            MediaId = Field("MediaId"),
            PicUrl = Field("PicUrl"),
            Format = Field("Format")?.Trim().ToLowerInvariant(),
            Title = Field("Title") ?? Field("FileName"),
            Label = Field("Label"),
            Latitude = kind == WeChatKind.LocationReport ? Number("Latitude") : Number("Location_X"),
            Longitude = kind == WeChatKind.LocationReport ? Number("Longitude") : Number("Location_Y"),
            EventKey = Field("EventKey"),
        };
    }

    /// <summary>"label (lat, lng)" for a location, as the agent reads it.</summary>
    public string Place() =>
        string.Create(CultureInfo.InvariantCulture, $"{(string.IsNullOrWhiteSpace(Label) ? "" : Label.Trim() + " ")}({Latitude:0.######}, {Longitude:0.######})");
}
