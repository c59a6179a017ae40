using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels.Social;

/// <summary>
/// Keeps what a social user sends that is not for the assistant to answer — a picture, a voice clip, a video, a location,
/// a file, a message type we do not know — for what it is. On the user's open complaint it is a message there (with its
/// file), so the agent sees it; otherwise it joins the user's conversation with the assistant (and reaches the complaint
/// if that conversation is handed to a person later). Nothing is turned into a request for a person.
/// </summary>
internal sealed class KeepSocialMessage(
    AppDbContext db, ChannelIntake intake, AttachmentStore attachments, IOptions<Assistant.AssistantOptions> assistant,
    IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    /// <param name="Text">What the agent reads, e.g. "[图片]" or "[位置] 上海市… (31.2, 121.4)".</param>
    /// <param name="File">The fetched file, or null (then <paramref name="Text"/> says what could not be kept).</param>
    public sealed record Request(TicketChannel Channel, InboundSender From, string ExternalId, string Text, InboundFile? File)
    {
        public string UserId => From.ExternalUserId!;
    }

    /// <summary>Sent before (same id): it is not fetched or kept again.</summary>
    public async Task<InboundResult?> SeenAsync(TicketChannel channel, string userId, string externalId, CancellationToken ct)
    {
        var receipt = await db.InboundReceipts.AsNoTracking().FirstOrDefaultAsync(r => r.Channel == channel && r.ExternalId == externalId, ct);
        if (receipt is not null)
        {
            var number = receipt.TicketId is { } id ? await db.Tickets.Where(t => t.Id == id).Select(t => t.Number).FirstOrDefaultAsync(ct) : null;
            return new InboundResult(InboundOutcome.Duplicate, receipt.TicketId, number, receipt.MessageId, receipt.QuarantineId, null);
        }
        var clientId = ClientId(externalId);
        var kept = await db.ChatMessages.AsNoTracking()
            .Join(db.Conversations.Where(c => c.Channel == channel && c.ExternalUserId == userId), m => m.ConversationId, c => c.Id, (m, c) => m)
            .AnyAsync(m => m.ClientMessageId == clientId, ct);
        return kept ? new InboundResult(InboundOutcome.Duplicate, null, null, null, null, null) : null;
    }

    /// <summary>The complaint a hand-off filed for this user, while it is open; later messages belong there.</summary>
    public async Task<(Guid TicketId, Guid ConversationId)?> OpenComplaintAsync(TicketChannel channel, string userId, CancellationToken ct)
    {
        var open = await db.Conversations.AsNoTracking()
            .Where(c => c.Channel == channel && c.ExternalUserId == userId && c.TicketId != null && c.Status == ConversationStatus.Ended)
            .OrderByDescending(c => c.LastMessageAt)
            .Join(db.Tickets.Where(t => t.Status != TicketStatus.Closed), c => c.TicketId, t => (Guid?)t.Id, (c, t) => new { TicketId = t.Id, ConversationId = c.Id })
            .FirstOrDefaultAsync(ct);
        return open is null ? null : (open.TicketId, open.ConversationId);
    }

    public async Task<InboundResult> KeepAsync(Request request, CancellationToken ct)
    {
        if (await SeenAsync(request.Channel, request.UserId, request.ExternalId, ct) is { } seen) return seen;
        var open = await OpenComplaintAsync(request.Channel, request.UserId, ct);
        if (open is not null || !assistant.Value.Enabled)
        {
            // People handle this user now (or there is no assistant): the message and its file go onto the complaint.
            var result = await intake.AcceptAsync(new InboundMessage
            {
                Channel = request.Channel,
                ExternalId = request.ExternalId,
                From = request.From,
                Body = request.Text,
                Files = request.File is { } f ? [f] : [],
                ContinuesRecentComplaint = true,
                KnownTicketId = open?.TicketId,
            }, ct);
            if (open is { ConversationId: var conversationId } && result.Outcome != InboundOutcome.Duplicate && result.TicketId is { } ticketId)
            {
                await db.Attachments.Where(a => a.TicketId == ticketId && a.TicketMessageId == result.MessageId && a.ConversationId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ConversationId, conversationId), ct);
            }
            return result;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = await CurrentConversationAsync(request, now, ct);
        var text = request.Text;
        Guid? attachmentId = null;
        if (request.File is { } file)
        {
            var refusal = attachments.Check(file.FileName, file.Content, out var type);
            if (refusal is null)
            {
                var saved = await attachments.SaveAsync(file.FileName, type!, file.Content, ct);
                saved.ConversationId = conversation.Id;
                db.Attachments.Add(saved);
                attachmentId = saved.Id;
            }
            else
            {
                text += "\n" + l["Attachment.NotKept", file.FileName, l[refusal]];
            }
        }
        db.ChatMessages.Add(new ChatMessage
        {
            ConversationId = conversation.Id, ClientMessageId = ClientId(request.ExternalId), FromCustomer = true, SenderName = conversation.VisitorName,
            Body = Infrastructure.Security.PersonalNumbers.MaskText(PayDesk.Infrastructure.Http.ClippedText.Head(text, ChatService.TextMax))!,
            AttachmentId = attachmentId, CreatedAt = now, AnsweredAt = now,
        });
        conversation.LastMessageAt = now;
        await db.SaveChangesAsync(ct);
        return new InboundResult(InboundOutcome.Answered, null, null, null, null, null);
    }

    /// <summary>The user's conversation with the assistant (30 minutes of quiet start a new one, as the assistant does).</summary>
    private Task<Conversation> CurrentConversationAsync(Request request, DateTime now, CancellationToken ct) =>
        SocialConversations.CurrentAsync(db, request.Channel, request.From, now, l, ct);

    /// <summary>The same cut the assistant makes, so a message it stored and one kept here are found by the same id.</summary>
    private static string ClientId(string externalId) => externalId.Length > 64 ? externalId[..64] : externalId;

    /// <summary>
    /// A location report (the user allowed the account to see where they are): remembered in their conversation without a
    /// word back and without waking the assistant.
    /// </summary>
    public async Task NoteSilentlyAsync(Request request, CancellationToken ct)
    {
        if (await SeenAsync(request.Channel, request.UserId, request.ExternalId, ct) is not null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        // The user's latest conversation (handed over or not): a report is no reason to start one, nor to keep one alive.
        var conversation = await db.Conversations.Where(c => c.Channel == request.Channel && c.ExternalUserId == request.UserId)
            .OrderByDescending(c => c.LastMessageAt).FirstOrDefaultAsync(ct) ?? await CurrentConversationAsync(request, now, ct);
        db.ChatMessages.Add(new ChatMessage
        {
            ConversationId = conversation.Id, ClientMessageId = ClientId(request.ExternalId), FromCustomer = true, FromSystem = true,
            // A location's label is whatever the map gave (a shop's phone number included), masked like any text.
            SenderName = conversation.VisitorName, Body = Infrastructure.Security.PersonalNumbers.Mask(request.Text).Text, CreatedAt = now, AnsweredAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A file that came with a message the assistant read as text (a voice clip and its recognition): kept beside that
    /// message — on the complaint when the message went onto one, else in the user's conversation.
    /// </summary>
    public async Task AttachAsync(TicketChannel channel, string userId, string externalId, InboundFile file, InboundResult result, CancellationToken ct)
    {
        if (attachments.Check(file.FileName, file.Content, out var type) is not null) return;
        var clientId = ClientId(externalId);
        var conversationId = await db.ChatMessages.AsNoTracking()
            .Join(db.Conversations.Where(c => c.Channel == channel && c.ExternalUserId == userId), m => m.ConversationId, c => c.Id, (m, c) => m)
            .Where(m => m.ClientMessageId == clientId).Select(m => (Guid?)m.ConversationId).FirstOrDefaultAsync(ct);
        var onComplaint = result.Outcome is InboundOutcome.Created or InboundOutcome.Appended;
        if (conversationId is null && !onComplaint) return;
        var saved = await attachments.SaveAsync(file.FileName, type!, file.Content, ct);
        saved.ConversationId = conversationId;
        if (onComplaint)
        {
            saved.TicketId = result.TicketId;
            saved.TicketMessageId = result.MessageId;
        }
        db.Attachments.Add(saved);
        await db.SaveChangesAsync(ct);
    }
}
