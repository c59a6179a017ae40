using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Complaints;

/// <summary>How the complainant proved they are the account holder (SPEC §2 step 2).</summary>
public enum VerificationMethod
{
    /// <summary>One-time code sent by SMS to the bound phone.</summary>
    SmsCode,

    /// <summary>One-time code sent to the customer's e-mail address.</summary>
    EmailCode,

    /// <summary>Last six characters of the ID number plus the bound phone number, checked by the agent.</summary>
    IdAndPhone,

    /// <summary>The customer was signed in to the portal when they told the assistant (the session is the proof); never started by an agent.</summary>
    PortalSession,
}

public enum ChallengeStatus
{
    Pending,
    Verified,

    /// <summary>Too many wrong answers; a new challenge is needed.</summary>
    Locked,
}

internal sealed class VerificationChallenge
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TicketId { get; init; }
    public Guid CustomerId { get; init; }
    public VerificationMethod Method { get; init; }
    public required string DestinationMasked { get; init; }
    public ChallengeStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? VerifiedAt { get; set; }
    public Guid? RequestedById { get; init; }
}

internal sealed class VerificationChallengeConfiguration : IEntityTypeConfiguration<VerificationChallenge>
{
    public void Configure(EntityTypeBuilder<VerificationChallenge> b)
    {
        b.ToTable("verification_challenges");
        b.Property(c => c.Method).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.DestinationMasked).HasMaxLength(254);
        b.HasIndex(c => new { c.TicketId, c.CreatedAt });
        b.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VerificationOptions
{
    // The code's lifetime and attempts are the one-time codes' settings (section OneTimeCodes).

    /// <summary>Wrong ID/phone answers allowed per complaint in any hour.</summary>
    public int MaxIdCheckFailuresPerHour { get; set; } = 5;

    /// <summary>At most this many codes per complaint in any hour (SMS bombing, cost).</summary>
    public int MaxCodesPerHour { get; set; } = 5;

    /// <summary>A verification counts for account actions on the complaint for this long.</summary>
    public int ValidForHours { get; set; } = 24;
}
