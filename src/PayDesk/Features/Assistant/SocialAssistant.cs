using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Channels.Social;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Assistant;

/// <summary>What the assistant did with a social or in-app message.</summary>
internal sealed record SocialAnswer(IReadOnlyList<string> Replies, bool HandedOff, string? Note)
{
    /// <summary>On hand-off: the conversation the complaint is made from, its problem as a subject, and what was said.</summary>
    public Guid? ConversationId { get; init; }
    public string? Subject { get; init; }
    public string? Transcript { get; init; }

    /// <summary>The user was handed to a person before and that complaint is still open: the message belongs there.</summary>
    public Guid? ContinuesTicketId { get; init; }
}

/// <summary>
/// Bot first on WeChat, Weibo and the app: a message is answered by the assistant in a conversation
/// kept per user (30 minutes of quiet start a new one); only what it hands over goes onto a complaint.
/// A provider's re-delivery of a message gets the same answer again, never a second one.
/// </summary>
internal sealed class SocialAssistant(
    AppDbContext db, AssistantBrain brain, IOptions<AssistantOptions> options, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public static TimeSpan Quiet => SocialConversations.Quiet;

    public async Task<SocialAnswer?> TryAnswerAsync(InboundMessage message, CancellationToken ct)
    {
        if (!options.Value.Enabled || message.From.ExternalUserId is not { } userId || message.Files.Count > 0) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var seen = await db.ChatMessages.AsNoTracking()
            .Join(db.Conversations.Where(c => c.Channel == message.Channel && c.ExternalUserId == userId), m => m.ConversationId, c => c.Id, (m, c) => m)
            .FirstOrDefaultAsync(m => m.ClientMessageId == message.ExternalId, ct);
        if (seen is not null)
        {
            var again = await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == seen.ConversationId && m.Id > seen.Id)
                .OrderBy(m => m.Id).ToListAsync(ct);
            var replies = again.TakeWhile(m => !m.FromCustomer).Where(m => m.FromBot).Select(m => m.Body).ToList();
            var handed = await db.Conversations.AnyAsync(c => c.Id == seen.ConversationId && c.Status != ConversationStatus.Bot, ct);
            return handed ? null : new SocialAnswer(replies, false, null);
        }

        // Handed to a person before, and the complaint is still open: everything the user sends goes there, to its agent.
        var open = await db.Conversations.AsNoTracking()
            .Where(c => c.Channel == message.Channel && c.ExternalUserId == userId && c.TicketId != null && c.Status == ConversationStatus.Ended)
            .OrderByDescending(c => c.LastMessageAt).Select(c => c.TicketId)
            .Join(db.Tickets.Where(t => t.Status != Complaints.TicketStatus.Closed), id => id, t => t.Id, (id, t) => (Guid?)t.Id)
            .FirstOrDefaultAsync(ct);
        if (open is { } continues) return new SocialAnswer([], HandedOff: true, null) { ContinuesTicketId = continues };

        var conversation = await SocialConversations.CurrentAsync(db, message.Channel, message.From, now, l, ct);
        var clientMessageId = message.ExternalId.Length > 64 ? message.ExternalId[..64] : message.ExternalId;
        // The assistant, like the transcript, sees personal numbers masked: nothing it remembers holds them in clear.
        var body = Infrastructure.Security.PersonalText.Keep(db, Infrastructure.Security.PersonalText.ChatMessage,
            Infrastructure.Security.PersonalText.ChatKey(conversation.Id, clientMessageId), "body",
            PayDesk.Infrastructure.Http.ClippedText.Head(message.Body, ChatService.TextMax), now);
        var said = new ChatMessage
        {
            ConversationId = conversation.Id, ClientMessageId = clientMessageId,
            FromCustomer = true, SenderName = conversation.VisitorName, Body = body,
            CreatedAt = now,
        };
        db.ChatMessages.Add(said);
        var reply = await brain.RespondAsync(conversation, body, ct, message.Body);
        db.ChatMessages.AddRange(reply.Messages.Select(body => ChatMessage.ByBot(conversation.Id, body, now)));
        conversation.LastMessageAt = now;
        if (reply.HandOff is not null) conversation.Status = ConversationStatus.Ended;
        await db.SaveChangesAsync(ct);
        // Outside service hours the assistant filed the complaint itself; later messages continue it (see above).
        if (reply.HandOff is null || reply.OnComplaint) return new SocialAnswer(reply.Messages, false, null);
        var history = await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == conversation.Id).OrderBy(m => m.Id).ToListAsync(ct);
        return new SocialAnswer(reply.Messages, true, conversation.HandOffNote)
        {
            ConversationId = conversation.Id,
            Subject = ProblemOf(history.Where(m => m.FromCustomer).Select(m => m.Body).ToList()),
            Transcript = string.Join("\n", history.Select(m => $"{(m.FromCustomer ? conversation.VisitorName : m.SenderName)}: {m.Body}")),
        };
    }

    /// <summary>
    /// What the customer's problem is, for the complaint's subject: their first message that says something —
    /// not a greeting, not the words that asked for a person ("转人工", "人工客服", "agent").
    /// </summary>
    internal static string? ProblemOf(IReadOnlyList<string> customerSaid)
    {
        static string Core(string s) => new(s.Where(char.IsLetterOrDigit).ToArray());
        var problem = customerSaid.FirstOrDefault(s => Core(s).Length > 6 && !AsksForPerson(Core(s)))
            ?? customerSaid.FirstOrDefault(s => Core(s).Length > 0 && !AsksForPerson(Core(s)) && !IsGreeting(Core(s)));
        if (problem is null) return null;
        return PayDesk.Infrastructure.Http.ClippedText.FirstLine(problem, 60);
    }

    private static bool AsksForPerson(string core) =>
        core.Length <= 8 && (core.Contains("人工") || core.Contains("客服") || core.Contains("真人")
            || core.Equals("agent", StringComparison.OrdinalIgnoreCase) || core.Equals("human", StringComparison.OrdinalIgnoreCase));

    private static bool IsGreeting(string core) =>
        core is "你好" or "您好" or "在吗" or "在不在" or "hi" or "hello" or "Hi" or "Hello" or "喂";
}
