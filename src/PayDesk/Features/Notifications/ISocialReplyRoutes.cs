using PayDesk.Features.Complaints;

namespace PayDesk.Features.Notifications;

/// <summary>
/// Whether and where a notice can go back on the social channel a complaint came from (WeChat, Weibo, …).
/// Answered by the Channels feature, which holds the adapters; the outbox only asks.
/// </summary>
internal interface ISocialReplyRoutes
{
    bool CanReply(TicketChannel channel);

    /// <summary>The outbox's destination for a channel user, as "{channel}:{id}".</summary>
    string Destination(TicketChannel channel, string externalUserId);

    /// <summary>The channel user as staff may see it.</summary>
    string MaskUser(string externalUserId);
}
