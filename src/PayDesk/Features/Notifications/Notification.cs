using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Notifications;

public enum NotificationChannel
{
    Sms,
    Email,
    InApp,

    /// <summary>A reply on the social channel the complaint came from (WeChat, Weibo, the app).</summary>
    Social,
}

public enum DeliveryStatus
{
    Pending,
    Sending,
    Sent,

    /// <summary>Failed at least once; retried at <see cref="Notification.NextAttemptAt"/>.</summary>
    Failed,

    /// <summary>Gave up after the last retry; shown to staff, never silently dropped.</summary>
    Dead,

    /// <summary>The provider reported the message reached the handset.</summary>
    Delivered,
}

/// <summary>
/// One message to a customer in the outbox (SPEC §2 step 5). Written in the same transaction as
/// the change it reports; sent by the dispatcher with retries. The destination is not stored in
/// clear: the sender looks it up on the customer record when it sends.
/// </summary>
internal sealed class Notification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; init; }
    public Guid? TicketId { get; init; }
    public NotificationChannel Channel { get; init; }
    public required string TemplateKey { get; init; }
    public required string Locale { get; init; }
    public required string DestinationMasked { get; init; }
    public string? Subject { get; init; }

    /// <summary>Rendered text; a one-time code appears only as {code}, filled in at send time from <see cref="SecretCipher"/>.</summary>
    public required string Body { get; init; }
    public string? SecretCipher { get; set; }
    public DeliveryStatus Status { get; set; } = DeliveryStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public string? ProviderMessageId { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? SentAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

/// <summary>An editable, per-language message template; built-in defaults apply where none is stored.</summary>
internal sealed class NotificationTemplate
{
    public long Id { get; init; }
    public required string Key { get; init; }
    public required string Locale { get; init; }
    public NotificationChannel Channel { get; init; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.TemplateKey).HasMaxLength(64);
        b.Property(n => n.Locale).HasMaxLength(16);
        b.Property(n => n.DestinationMasked).HasMaxLength(254);
        b.Property(n => n.Subject).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(4000);
        b.Property(n => n.LastError).HasMaxLength(1000);
        b.Property(n => n.ProviderMessageId).HasMaxLength(128);
        // The dispatcher finds due messages by this index, never by scanning.
        b.HasIndex(n => new { n.Status, n.NextAttemptAt });
        b.HasIndex(n => new { n.CustomerId, n.CreatedAt });
        // A complaint's notices, and (TicketId null) the old notices about no complaint that retention scrubs.
        b.HasIndex(n => new { n.TicketId, n.CreatedAt });
        b.HasIndex(n => n.ProviderMessageId);
    }
}

internal sealed class NotificationTemplateConfiguration : IEntityTypeConfiguration<NotificationTemplate>
{
    public void Configure(EntityTypeBuilder<NotificationTemplate> b)
    {
        b.ToTable("notification_templates");
        b.Property(t => t.Key).HasMaxLength(64);
        b.Property(t => t.Locale).HasMaxLength(16);
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Subject).HasMaxLength(200);
        b.Property(t => t.Body).HasMaxLength(4000);
        b.Property(t => t.UpdatedBy).HasMaxLength(100);
        b.HasIndex(t => new { t.Key, t.Locale, t.Channel }).IsUnique();
    }
}
