using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels;

/// <summary>
/// One row per message a channel delivered, keyed by the channel's own id (Message-ID, MsgId,
/// the gateway's id). Providers deliver twice — WeChat retries three times, mail servers re-send
/// after a lost 250 — and this key is what makes the second delivery a no-op.
/// </summary>
internal sealed class InboundReceipt
{
    public long Id { get; init; }
    public TicketChannel Channel { get; init; }
    public required string ExternalId { get; init; }

    /// <summary>The message's <see cref="InboundMessage.ContentHash"/>, where the channel gives one.</summary>
    public string? ContentHash { get; init; }
    public Guid? TicketId { get; set; }
    public Guid? MessageId { get; set; }
    public Guid? QuarantineId { get; set; }
    public DateTime ReceivedAt { get; init; }
}

public enum QuarantineStatus
{
    Held,
    Released,
    Discarded,
}

/// <summary>
/// A message that could not go on a ticket (unparseable, no sender, an auto-reply or bounce),
/// kept with its raw source and the reason so an administrator can look, release or discard it.
/// </summary>
internal sealed class QuarantinedMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public TicketChannel Channel { get; init; }
    public required string Reason { get; init; }
    public string? Detail { get; init; }
    public string? SenderMasked { get; init; }
    public string? Subject { get; init; }
    public required byte[] Raw { get; init; }
    public DateTime ReceivedAt { get; init; }
    public QuarantineStatus Status { get; set; }
    public Guid? TicketId { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

/// <summary>A file that came with a message (e-mail attachment, chat upload); the bytes live under the data folder.</summary>
internal sealed class Attachment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? TicketId { get; set; }
    public Guid? TicketMessageId { get; set; }
    public Guid? ConversationId { get; set; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public required string StoragePath { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>A customer's id on a social or messaging channel (a WeChat openid, a Weibo uid), so the next message finds them.</summary>
internal sealed class ChannelIdentity
{
    public long Id { get; init; }
    public TicketChannel Channel { get; init; }
    public required string ExternalUserId { get; init; }
    public Guid CustomerId { get; set; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class InboundReceiptConfiguration : IEntityTypeConfiguration<InboundReceipt>
{
    public void Configure(EntityTypeBuilder<InboundReceipt> b)
    {
        b.ToTable("inbound_receipts");
        b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.ExternalId).HasMaxLength(300);
        b.Property(r => r.ContentHash).HasMaxLength(64);
        b.HasIndex(r => new { r.Channel, r.ExternalId }).IsUnique();
        b.HasIndex(r => r.TicketId);
    }
}

internal sealed class QuarantinedMessageConfiguration : IEntityTypeConfiguration<QuarantinedMessage>
{
    public void Configure(EntityTypeBuilder<QuarantinedMessage> b)
    {
        b.ToTable("quarantined_messages");
        b.Property(q => q.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(q => q.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(q => q.Reason).HasMaxLength(32);
        b.Property(q => q.Detail).HasMaxLength(1000);
        b.Property(q => q.SenderMasked).HasMaxLength(254);
        b.Property(q => q.Subject).HasMaxLength(300);
        b.Property(q => q.ResolvedBy).HasMaxLength(100);
        b.HasIndex(q => new { q.Status, q.ReceivedAt });
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("attachments");
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.StoragePath).HasMaxLength(300);
        b.HasIndex(a => a.TicketId);
        b.HasIndex(a => a.TicketMessageId);
        b.HasIndex(a => a.ConversationId);
    }
}

internal sealed class ChannelIdentityConfiguration : IEntityTypeConfiguration<ChannelIdentity>
{
    public void Configure(EntityTypeBuilder<ChannelIdentity> b)
    {
        b.ToTable("channel_identities");
        b.Property(i => i.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.ExternalUserId).HasMaxLength(128);
        b.HasIndex(i => new { i.Channel, i.ExternalUserId }).IsUnique();
        b.HasIndex(i => i.CustomerId);
    }
}
