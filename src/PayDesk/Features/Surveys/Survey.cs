using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Surveys;

public enum SurveyKind
{
    /// <summary>Satisfaction with one complaint, chat or call: 1–5, with whether it was solved at first contact.</summary>
    Csat,

    /// <summary>Net promoter score: 0–10, how likely the customer is to recommend us; asked on a schedule.</summary>
    Nps,
}

/// <summary>What a survey asks about.</summary>
public enum SurveySubject
{
    Ticket,
    Chat,
    Call,
    Relationship,
}

/// <summary>What the customer sees of a survey, with their answer once given.</summary>
public sealed record SurveyView(Guid Id, SurveyKind Kind, SurveySubject Subject, string? TicketNumber, int ScaleMin, int ScaleMax,
    DateTime SentAt, DateTime ExpiresAt, bool Answered, int? Score, bool? FirstContactResolved, string? Comment);

/// <summary>A survey answer: score (CSAT 1–5, NPS 0–10), whether it was solved at first contact, a comment.</summary>
public sealed record SurveyAnswer(int? Score, bool? FirstContactResolved, string? Comment);

/// <summary>
/// A satisfaction question sent to a customer and, once answered, the answer. Owner, team,
/// category and channel are copied when it is sent, so reports group answers as things stood.
/// </summary>
internal sealed class Survey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public SurveyKind Kind { get; init; }
    public SurveySubject Subject { get; init; }
    public Guid CustomerId { get; init; }
    public Guid? TicketId { get; init; }
    public string? TicketNumber { get; init; }
    public Guid? ConversationId { get; init; }
    public Guid? CallId { get; init; }
    public TicketChannel? Channel { get; init; }
    public TicketCategory? Category { get; init; }
    public Guid? OwnerId { get; init; }
    public string? Team { get; init; }
    public DateTime SentAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? AnsweredAt { get; set; }
    public int? Score { get; set; }

    /// <summary>首次解决: the customer says it was solved on the first contact.</summary>
    public bool? FirstContactResolved { get; set; }
    public string? Comment { get; set; }

    public (int Min, int Max) Scale => Kind == SurveyKind.Nps ? (0, 10) : (1, 5);
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> b)
    {
        b.ToTable("surveys");
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(8);
        b.Property(s => s.Subject).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.Team).HasMaxLength(64);
        b.Property(s => s.TicketNumber).HasMaxLength(32);
        b.Property(s => s.Comment).HasMaxLength(2000);
        // One survey per complaint, chat and call.
        b.HasIndex(s => s.TicketId).IsUnique();
        b.HasIndex(s => s.ConversationId).IsUnique();
        b.HasIndex(s => s.CallId).IsUnique();
        // Reports read answers by kind and time; the NPS schedule by customer.
        b.HasIndex(s => new { s.Kind, s.AnsweredAt });
        b.HasIndex(s => new { s.CustomerId, s.Kind, s.SentAt });
    }
}
