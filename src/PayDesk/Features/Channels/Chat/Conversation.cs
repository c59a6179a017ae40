using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Channels.Chat;

public enum ConversationStatus
{
    /// <summary>The assistant is answering; a person joins when it hands the chat over.</summary>
    Bot,

    /// <summary>In the human queue, no agent yet.</summary>
    Waiting,
    Active,
    Ended,
}

/// <summary>A live chat (在线客服) between a visitor or customer and an agent; its messages are the transcript.</summary>
internal sealed class Conversation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Chat for the web widget; WeChat, Weibo or App when the assistant answers a social or in-app message.</summary>
    public Complaints.TicketChannel Channel { get; set; } = Complaints.TicketChannel.Chat;

    /// <summary>The user's id on that channel (a WeChat openid) for social conversations.</summary>
    public string? ExternalUserId { get; set; }
    public Guid? CustomerId { get; set; }
    public required string VisitorName { get; set; }
    public string? ContactMasked { get; set; }
    public ConversationStatus Status { get; set; }
    public Guid? AgentId { get; set; }
    public string? AgentName { get; set; }
    public Guid? TicketId { get; set; }
    public string Locale { get; set; } = "zh-CN";
    public string? PageUrl { get; set; }

    /// <summary>Started outside service hours: what the visitor writes goes onto a complaint instead of waiting for an agent.</summary>
    public bool OffHours { get; set; }
    public DateTime StartedAt { get; init; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public DateTime LastMessageAt { get; set; }

    /// <summary>Read receipts: the last message id each side has seen.</summary>
    public long CustomerReadUpTo { get; set; }
    public long AgentReadUpTo { get; set; }

    // The assistant's memory of this chat.
    public string? BotStage { get; set; }
    public string? BotIntent { get; set; }
    public int BotFailures { get; set; }
    public string? BotSerial { get; set; }

    /// <summary>When the visitor proved by one-time code that they hold the account; account data only after this.</summary>
    public DateTime? VerifiedAt { get; set; }

    /// <summary>How the visitor proved it: "sms_code" (one-time code to the bound phone) or "session" (a signed-in portal customer).</summary>
    public string? VerifiedBy { get; set; }

    /// <summary>What the assistant offered to pick from (transaction serials, call-back times), one per line, in the order shown.</summary>
    public string? BotChoices { get; set; }

    /// <summary>
    /// A complaint (or call-back request) the visitor asked for while the contact they gave is an existing customer's and
    /// unproven: kept until the one-time code proves it, then filed with these words.
    /// </summary>
    public string? BotPending { get; set; }

    /// <summary>
    /// The phone or e-mail the visitor gave (not signed in) is a customer's already on record: until a one-time code proves
    /// it, nothing is filed on that customer and nothing is sent to them on the visitor's word.
    /// </summary>
    public bool ClaimsExistingCustomer { get; set; }

    /// <summary>What the assistant tells the agent it hands over to: intent, facts, suggested category and priority, why.</summary>
    public string? HandOffNote { get; set; }

    /// <summary>
    /// When retention anonymised a chat that never became a complaint (one that did goes with its complaint): its visitor's
    /// name, contact and messages are gone, its times and outcome stay for reports.
    /// </summary>
    public DateTime? AnonymisedAt { get; set; }
}

internal sealed class ChatMessage
{
    /// <summary>Increasing: a client that reconnects asks for everything after the last id it has.</summary>
    public long Id { get; init; }
    public Guid ConversationId { get; init; }

    /// <summary>The sender's own id for the message; a resend after a dropped connection carries the same id.</summary>
    public required string ClientMessageId { get; init; }
    public bool FromCustomer { get; init; }
    public bool FromSystem { get; init; }

    /// <summary>Written by the assistant (not by a person).</summary>
    public bool FromBot { get; init; }
    public required string SenderName { get; init; }
    public required string Body { get; init; }
    public Guid? AttachmentId { get; init; }
    public DateTime CreatedAt { get; init; }

    /// <summary>
    /// A visitor's message to the assistant: when an instance took on answering it. A resend of the message id
    /// whose answer never went out (the instance died, the work failed) claims it again after
    /// <see cref="ChatService.AnswerRetryAfter"/>.
    /// </summary>
    public DateTime? AnswerClaimedAt { get; set; }

    /// <summary>When the assistant's answer to this visitor message was stored (in the same save as the answer).</summary>
    public DateTime? AnsweredAt { get; set; }

    /// <summary>A message the assistant writes into a conversation (web chat or social).</summary>
    public static ChatMessage ByBot(Guid conversationId, string body, DateTime now) => new()
    {
        ConversationId = conversationId, ClientMessageId = "bot-" + Guid.NewGuid().ToString("N")[..16], FromBot = true,
        SenderName = Assistant.AssistantBrain.BotName,
        Body = Infrastructure.Security.PersonalNumbers.Mask(PayDesk.Infrastructure.Http.ClippedText.Head(body, ChatService.TextMax)).Text, CreatedAt = now,
    };
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.ToTable("conversations");
        b.Property(c => c.VisitorName).HasMaxLength(100);
        b.Property(c => c.ContactMasked).HasMaxLength(254);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.AgentName).HasMaxLength(100);
        b.Property(c => c.Locale).HasMaxLength(16);
        b.Property(c => c.PageUrl).HasMaxLength(500);
        b.Property(c => c.BotStage).HasMaxLength(32);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.ExternalUserId).HasMaxLength(128);
        b.HasIndex(c => new { c.Channel, c.ExternalUserId, c.Status });
        b.Property(c => c.BotIntent).HasMaxLength(64);
        b.Property(c => c.BotSerial).HasMaxLength(64);
        b.Property(c => c.VerifiedBy).HasMaxLength(16);
        b.Property(c => c.BotChoices).HasMaxLength(400);
        b.Property(c => c.BotPending).HasMaxLength(ChatService.TextMax);
        b.Property(c => c.HandOffNote).HasMaxLength(1000);
        b.HasIndex(c => new { c.Status, c.StartedAt });
        b.HasIndex(c => new { c.AgentId, c.Status });
        b.HasIndex(c => new { c.CustomerId, c.StartedAt });
        b.HasIndex(c => new { c.TicketId, c.AnonymisedAt, c.LastMessageAt });
    }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> b)
    {
        b.ToTable("chat_messages");
        b.Property(m => m.ClientMessageId).HasMaxLength(64);
        b.Property(m => m.SenderName).HasMaxLength(100);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.HasIndex(m => new { m.ConversationId, m.ClientMessageId }).IsUnique();
        b.HasIndex(m => new { m.ConversationId, m.Id });
        b.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
