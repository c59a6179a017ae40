using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Complaints;

public enum CallbackStatus
{
    Scheduled,
    Completed,
    Cancelled,
}

public enum CallbackOutcome
{
    Reached,
    NoAnswer,
    WrongNumber,
    RescheduleRequested,
}

/// <summary>回电: a call back to the customer at an agreed time, owned by the complaint's owner.</summary>
internal sealed class Callback
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; init; }
    public DateTime DueAt { get; init; }
    public required string Note { get; init; }
    public Guid? OwnerId { get; init; }
    public CallbackStatus Status { get; set; }
    public CallbackOutcome? Outcome { get; set; }
    public string? OutcomeNote { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? CompletedAt { get; set; }
    public DateTime? RemindedAt { get; set; }
}

internal sealed class CallbackConfiguration : IEntityTypeConfiguration<Callback>
{
    public void Configure(EntityTypeBuilder<Callback> b)
    {
        b.ToTable("callbacks");
        b.Property(c => c.Note).HasMaxLength(1000);
        b.Property(c => c.OutcomeNote).HasMaxLength(1000);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(32);
        // The owner's queue and the reminder sweep read callbacks by due time.
        b.HasIndex(c => new { c.Status, c.DueAt });
        b.HasIndex(c => new { c.OwnerId, c.Status, c.DueAt });
        b.HasIndex(c => c.TicketId);
        b.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}
