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
}
