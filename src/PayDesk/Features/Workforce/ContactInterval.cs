using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Workforce;

public enum ContactSource
{
    /// <summary>Counted by PayDesk from its own calls, chats and complaints.</summary>
    Live,

    /// <summary>Loaded from an earlier system (ACD or ticketing export) or the demo history.</summary>
    Imported,
}

/// <summary>Contacts offered on one channel in one 30-minute interval: the history peak forecasting learns from.</summary>
internal sealed class ContactInterval
{
    public long Id { get; init; }
    public TicketChannel Channel { get; init; }
    public DateTime StartUtc { get; init; }
    public ContactSource Source { get; init; }
    public int Offered { get; set; }
    public int Handled { get; set; }

    /// <summary>Total handle time of the handled contacts, for average handle time.</summary>
    public long HandleSeconds { get; set; }
}

/// <summary>A day a supervisor marks: a promotion (促销活动), a bank's maintenance, a known outage.</summary>
internal sealed class MarkedDayRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateOnly Date { get; set; }

    /// <summary>Days of one kind share what the forecaster learns about them ("promotion").</summary>
    public required string Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>Expected volume against a normal day, used until the history holds a day of this kind.</summary>
    public double? ExpectedUplift { get; set; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class ContactIntervalConfiguration : IEntityTypeConfiguration<ContactInterval>
{
    public void Configure(EntityTypeBuilder<ContactInterval> b)
    {
        b.ToTable("contact_intervals");
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Source).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(c => new { c.Channel, c.StartUtc, c.Source }).IsUnique();
        b.HasIndex(c => c.StartUtc);
    }
}

internal sealed class MarkedDayConfiguration : IEntityTypeConfiguration<MarkedDayRecord>
{
    public void Configure(EntityTypeBuilder<MarkedDayRecord> b)
    {
        b.ToTable("marked_days");
        b.Property(m => m.Kind).HasMaxLength(32);
        b.Property(m => m.Name).HasMaxLength(100);
        b.HasIndex(m => m.Date);
    }
}
