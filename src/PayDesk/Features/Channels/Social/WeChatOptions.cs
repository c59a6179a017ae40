namespace PayDesk.Features.Channels.Social;

internal sealed class WeChatOptions
{
    /// <summary>The token set in the official account's server configuration; empty switches WeChat off.</summary>
    public string? Token { get; set; }

    /// <summary>App id and secret for the customer-service message API, so agents' replies reach the user; empty = passive replies only.</summary>
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }

    /// <summary>The API's address (a test or proxy may stand in for api.weixin.qq.com).</summary>
    public string? ApiBase { get; set; }

    /// <summary>
    /// Origins (scheme, host and port) a picture's PicUrl may be fetched from. Nothing else is ever fetched from a URL in a
    /// message: the sender controls it, and fetching it blindly would let anyone make us call our own network (SSRF).
    /// Empty means WeChat's picture hosts.
    /// </summary>
    public string[]? MediaHosts { get; set; }

    /// <summary>WeChat wants the passive reply within five seconds: a media download gets this long, then the message is kept with a note.</summary>
    public double MediaTimeoutSeconds { get; set; } = 3;

    /// <summary>Custom menu keys (CLICK events) and what the customer is taken to have said; the assistant answers it like typed text.</summary>
    public Dictionary<string, string> Menu { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUMAN_AGENT"] = "转人工",
        ["REFUND_STATUS"] = "查询退款进度",
    };

    public static readonly string[] DefaultMediaHosts = ["https://mmbiz.qpic.cn", "https://mmbiz.qlogo.cn"];
}
