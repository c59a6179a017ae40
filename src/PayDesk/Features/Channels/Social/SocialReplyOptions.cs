namespace PayDesk.Features.Channels.Social;

internal sealed class SocialReplyOptions
{
    /// <summary>Where replies for Weibo and app users are POSTed (signed like the inbound webhook); empty = no replies there.</summary>
    public string? ReplyUrl { get; set; }

    /// <summary>Origins (scheme, host, port) an app or Weibo image's <c>mediaUrl</c> may be fetched from; empty = none is fetched (noted instead).</summary>
    public string[]? MediaHosts { get; set; }
}
