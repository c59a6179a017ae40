using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Cases;

public enum CaseStatus
{
    /// <summary>Made from a complaint and scrubbed; a supervisor reviews it. Only supervisors see it.</summary>
    Draft,

    /// <summary>In the library: every agent finds it and sees it beside similar complaints.</summary>
    Published,
}

/// <summary>
/// A resolved complaint told as a lesson (案例): what the problem was, why it happened, what was done, what the
/// customer said and what to learn — with every personal detail replaced by a placeholder before anyone but
/// the supervisor who made it sees it.
/// </summary>
internal sealed partial class ServiceCase
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The complaint it was made from (staff may open it; the case itself never names the customer).</summary>
    public Guid TicketId { get; init; }
    public required string TicketNumber { get; init; }
    public CaseStatus Status { get; set; }
    public required string Title { get; set; }
    public required string Problem { get; set; }

    /// <summary>Root cause as found (根本原因).</summary>
    public required string Cause { get; set; }

    /// <summary>What was done, step by step.</summary>
    public required string Actions { get; set; }

    /// <summary>The customer's words, quoted and scrubbed.</summary>
    public required string CustomerWords { get; set; }
    public required string Lessons { get; set; }

    // Tags: the complaint's category, root cause and channel, plus free words (comma-separated).
    public TicketCategory Category { get; set; }
    public RootCause? RootCause { get; set; }
    public TicketChannel Channel { get; set; }
    public string Tags { get; set; } = "";

    /// <summary>Knowledge articles the case points to, by slug (comma-separated).</summary>
    public string Articles { get; set; } = "";
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    public IReadOnlyList<string> TagList => Split(Tags);

    public IReadOnlyList<string> ArticleList => Split(Articles);

    public static string Join(IEnumerable<string>? items) =>
        string.Join(',', (items ?? []).Where(i => i is not null).Select(i => i.Trim().Replace(",", "，")).Where(i => i.Length > 0).Distinct());

    private static List<string> Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Every text a reader sees, for the publishing check and the acceptance test's scan.</summary>
    public IEnumerable<(string Field, string Text)> Texts()
    {
        yield return ("title", Title);
        yield return ("problem", Problem);
        yield return ("cause", Cause);
        yield return ("actions", Actions);
        yield return ("customerWords", CustomerWords);
        yield return ("lessons", Lessons);
        yield return ("tags", Tags);
    }
}

internal sealed class ServiceCaseConfiguration : IEntityTypeConfiguration<ServiceCase>
{
    public const int TitleMax = 200;
    public const int TextMax = 8000;

    public void Configure(EntityTypeBuilder<ServiceCase> b)
    {
        b.ToTable("service_cases");
        b.Property(c => c.TicketNumber).HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Title).HasMaxLength(TitleMax);
        b.Property(c => c.Problem).HasMaxLength(TextMax);
        b.Property(c => c.Cause).HasMaxLength(TextMax);
        b.Property(c => c.Actions).HasMaxLength(TextMax);
        b.Property(c => c.CustomerWords).HasMaxLength(TextMax);
        b.Property(c => c.Lessons).HasMaxLength(TextMax);
        b.Property(c => c.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.RootCause).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Tags).HasMaxLength(500);
        b.Property(c => c.Articles).HasMaxLength(1000);
        b.Property(c => c.CreatedBy).HasMaxLength(100);
        b.Property(c => c.UpdatedBy).HasMaxLength(100);
        b.Property(c => c.PublishedBy).HasMaxLength(100);
        b.HasIndex(c => c.TicketId);
        // The library lists published cases newest first, filtered by category and channel.
        b.HasIndex(c => new { c.Status, c.PublishedAt });
        b.HasIndex(c => new { c.Category, c.Channel });
    }
}
