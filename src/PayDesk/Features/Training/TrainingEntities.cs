using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Training;

public enum CustomerMood
{
    Calm,
    Anxious,
    Angry,
}

/// <summary>What a simulated customer knows and says about one topic (amount, time, merchant …).</summary>
/// <param name="Topic">One of <see cref="TrainingTopics.All"/>.</param>
/// <param name="Answer">What the customer says when asked, in the customer's words.</param>
/// <param name="AskOnly">Revealed only when the trainee asks about the topic; otherwise the customer may volunteer it.</param>
/// <param name="AnswerEn">The same in English, for a trainee who writes English; without it the customer says <paramref name="Answer"/>.</param>
public sealed record ScenarioFact(string Topic, string Answer, bool AskOnly, string? AnswerEn = null)
{
    public string Say(bool english) => english && !string.IsNullOrWhiteSpace(AnswerEn) ? AnswerEn : Answer;
}

/// <summary>Something the customer gives only to a trainee who verified their identity (card number, ID number).</summary>
/// <param name="Value">Stored and shown masked (the sandbox holds no real numbers, but screens treat them as if it did).</param>
public sealed record ScenarioSecret(string Topic, string Value);

/// <summary>One transaction in the scenario's sandbox ledger — what "look up the transactions" shows in training.</summary>
public sealed record SandboxTransaction(string Serial, DateTime OccurredAt, decimal Amount, string Currency, string Merchant, string Status, string? Note);

/// <summary>The customer's script: facts, secrets, the sandbox ledger, the bound phone (masked) the code goes to, and the opening in English.</summary>
public sealed record ScenarioScript(
    IReadOnlyList<ScenarioFact> Facts,
    IReadOnlyList<ScenarioSecret> Secrets,
    IReadOnlyList<SandboxTransaction> Ledger,
    string CustomerName,
    string MaskedPhone,
    string? OpeningMessageEn = null);

/// <summary>
/// A training scenario (模拟培训场景): a customer PayDesk plays. Built from plain facts; <see cref="SourceCaseId"/>
/// names the case-library entry it was made from, when it was.
/// </summary>
internal sealed class TrainingScenario
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Stable, readable key of a seeded scenario ("double-debit"); null for scenarios supervisors write.</summary>
    public string? SeedKey { get; init; }
    public string Title { get; set; } = "";
    public TicketCategory Category { get; set; }
    public CustomerMood Mood { get; set; }
    public string OpeningMessage { get; set; } = "";
    public string ExpectedOutcome { get; set; } = "";
    public string ScriptJson { get; set; } = "{}";
    public Guid? SourceCaseId { get; init; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";

    public ScenarioScript Script
    {
        get => JsonSerializer.Deserialize<ScenarioScript>(ScriptJson, Json) ?? throw new InvalidDataException("Scenario script is empty.");
        set => ScriptJson = JsonSerializer.Serialize(value, Json);
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>A supervisor asked an agent to complete a scenario by a date.</summary>
internal sealed class TrainingAssignment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ScenarioId { get; init; }
    public Guid AgentId { get; init; }
    public string AgentName { get; init; } = "";
    public DateOnly DueOn { get; init; }
    public DateTime AssignedAt { get; init; }
    public string AssignedBy { get; init; } = "";
    public Guid? CompletedSessionId { get; set; }
    public DateTime? CompletedAt { get; set; }
}

public enum TrainingSessionState
{
    Running,
    Ended,
}

/// <summary>One attempt of a trainee at a scenario. Nothing here is a complaint, a notice or a report figure.</summary>
internal sealed class TrainingSession
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ScenarioId { get; init; }
    public Guid TraineeId { get; init; }
    public string TraineeName { get; init; } = "";
    public Guid? AssignmentId { get; init; }
    public DateTime StartedAt { get; init; }
    public TrainingSessionState State { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>The sandbox SMS code the simulated customer "receives"; it only ever appears inside this session.</summary>
    public string? VerificationCode { get; set; }
    public DateTime? CodeSentAt { get; set; }
    public DateTime? VerifiedAt { get; set; }
    public int FailedVerifications { get; set; }
    public string? ProposedSolution { get; set; }
    public TicketCategory? ChosenCategory { get; set; }
    public int NextSequence { get; set; } = 1;

    /// <summary>The automatic items, stored when the session ends (JSON list of <see cref="TrainingScoreItem"/>).</summary>
    public string? AutoItemsJson { get; set; }
    public decimal? AutoPoints { get; set; }
    public decimal? AutoMaxPoints { get; set; }

    /// <summary>
    /// The standard rubric's manual items (JSON list of <see cref="TrainingScoreItem"/>): kept unscored when the session ends,
    /// scored by the reviewer (<see cref="ManualPoints"/> is null until then).
    /// </summary>
    public string? ManualItemsJson { get; set; }
    public decimal? ManualPoints { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewComment { get; set; }

    public IReadOnlyList<TrainingScoreItem> AutoItems => Items(AutoItemsJson);
    public IReadOnlyList<TrainingScoreItem> ManualItems => Items(ManualItemsJson);

    /// <summary>What the manual items are worth together (0 for a session ended before they were kept).</summary>
    public static decimal ManualMax(string? manualItemsJson) => Items(manualItemsJson).Sum(i => i.MaxPoints);

    private static IReadOnlyList<TrainingScoreItem> Items(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<TrainingScoreItem>>(json, TrainingScenario.Json) ?? [];
}

public enum TrainingEventKind
{
    TraineeMessage,
    CustomerMessage,
    CodeSent,
    Verified,
    VerificationFailed,
    LedgerLookedUp,

    /// <summary>The trainee tried to look up the ledger before verifying; refused, as the real workbench does.</summary>
    LookupRefused,
    SolutionProposed,
    Ended,
}

/// <summary>One line of a session's transcript: a message or an action, in order.</summary>
internal sealed class TrainingEvent
{
    public long Id { get; init; }
    public Guid SessionId { get; init; }
    public int Sequence { get; init; }
    public DateTime At { get; init; }
    public TrainingEventKind Kind { get; init; }
    public string Text { get; init; } = "";

    /// <summary>For a trainee message: what the simulated customer understood it asked about (a <see cref="TrainingTopics"/> value or an intent).</summary>
    public string? Topic { get; init; }
}

internal sealed class TrainingScenarioConfiguration : IEntityTypeConfiguration<TrainingScenario>
{
    public void Configure(EntityTypeBuilder<TrainingScenario> b)
    {
        b.ToTable("TrainingScenarios");
        b.HasKey(s => s.Id);
        b.HasIndex(s => s.SeedKey).IsUnique();
        b.Property(s => s.SeedKey).HasMaxLength(64);
        b.Property(s => s.Title).HasMaxLength(200);
        b.Property(s => s.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.Mood).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.OpeningMessage).HasMaxLength(2000);
        b.Property(s => s.ExpectedOutcome).HasMaxLength(2000);
        b.Property(s => s.CreatedBy).HasMaxLength(200);
        b.Ignore(s => s.Script);
    }
}

internal sealed class TrainingAssignmentConfiguration : IEntityTypeConfiguration<TrainingAssignment>
{
    public void Configure(EntityTypeBuilder<TrainingAssignment> b)
    {
        b.ToTable("TrainingAssignments");
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.AgentId, a.DueOn });
        b.HasIndex(a => a.ScenarioId);
        b.Property(a => a.AgentName).HasMaxLength(200);
        b.Property(a => a.AssignedBy).HasMaxLength(200);
    }
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> b)
    {
        b.ToTable("TrainingSessions");
        b.HasKey(s => s.Id);
        b.HasIndex(s => new { s.TraineeId, s.StartedAt });
        b.HasIndex(s => s.ScenarioId);
        b.Property(s => s.TraineeName).HasMaxLength(200);
        b.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.ChosenCategory).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.VerificationCode).HasMaxLength(8);
        b.Property(s => s.ProposedSolution).HasMaxLength(2000);
        b.Property(s => s.ReviewedBy).HasMaxLength(200);
        b.Property(s => s.ReviewComment).HasMaxLength(2000);
        b.Property(s => s.NextSequence).IsConcurrencyToken();
        b.Ignore(s => s.AutoItems);
        b.Ignore(s => s.ManualItems);
    }
}

internal sealed class TrainingEventConfiguration : IEntityTypeConfiguration<TrainingEvent>
{
    public void Configure(EntityTypeBuilder<TrainingEvent> b)
    {
        b.ToTable("TrainingEvents");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.SessionId, e.Sequence }).IsUnique();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.Text).HasMaxLength(4000);
        b.Property(e => e.Topic).HasMaxLength(32);
    }
}
