using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels.Social;

/// <summary>
/// A social user's current conversation with the assistant (30 minutes of quiet start a new one), shared by the assistant's
/// answers and the messages kept without it, so both land in the same conversation.
/// </summary>
internal static class SocialConversations
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(30);

    /// <summary>The open conversation, or a new one added to <paramref name="db"/> (the caller saves).</summary>
    public static async Task<Conversation> CurrentAsync(
        AppDbContext db, TicketChannel channel, InboundSender from, DateTime now, IStringLocalizer l, CancellationToken ct)
    {
        var userId = from.ExternalUserId!;
        var since = now - Quiet;
        var conversation = await db.Conversations
            .Where(c => c.Channel == channel && c.ExternalUserId == userId && c.Status == ConversationStatus.Bot && c.LastMessageAt >= since)
            .OrderByDescending(c => c.LastMessageAt).FirstOrDefaultAsync(ct);
        if (conversation is not null) return conversation;
        var customerId = await db.ChannelIdentities.Where(i => i.Channel == channel && i.ExternalUserId == userId)
            .Select(i => (Guid?)i.CustomerId).FirstOrDefaultAsync(ct);
        var locale = customerId is { } id ? await db.Customers.Where(c => c.Id == id).Select(c => c.Locale).FirstAsync(ct) : "zh-CN";
        conversation = new Conversation
        {
            Channel = channel, ExternalUserId = userId, CustomerId = customerId, VisitorName = VisitorName(channel, userId, from.Name, l),
            Status = ConversationStatus.Bot, Locale = locale, StartedAt = now, LastMessageAt = now,
        };
        db.Conversations.Add(conversation);
        return conversation;
    }

    /// <summary>
    /// What agents see for a user who sent no name: the channel and the last four characters of the provider's id
    /// ("微信公众号用户 …x7Qa"), never the whole openid, which is an identifier across every message the user sends.
    /// </summary>
    public static string VisitorName(TicketChannel channel, string userId, string? name, IStringLocalizer l)
    {
        if (!string.IsNullOrWhiteSpace(name)) return PayDesk.Infrastructure.Http.ClippedText.Head(name, 100);
        var tail = userId.Length > 4 ? userId[^4..] : userId;
        return l["Social.VisitorName", l[$"Channel.{channel}"].Value, tail];
    }
}
