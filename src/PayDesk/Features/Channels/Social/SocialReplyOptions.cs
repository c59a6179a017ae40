namespace PayDesk.Features.Channels.Social;

internal sealed class SocialReplyOptions
{
    /// <summary>Where replies for Weibo and app users are POSTed (signed like the inbound webhook); empty = no replies there.</summary>
    public string? ReplyUrl { get; set; }
}
