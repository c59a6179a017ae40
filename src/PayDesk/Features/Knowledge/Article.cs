using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Knowledge;

public enum ArticleVisibility
{
    /// <summary>In the public help centre.</summary>
    Public,

    /// <summary>Agents only (procedures, checklists).</summary>
    Internal,
}

public enum ArticleStatus
{
    Draft,
    InReview,
    Published,
    Archived,
}

/// <summary>
/// A help-centre or internal article in one language. Editors work on the working copy (Title,
/// Body); what readers and search see is the last published copy, so editing a published article
/// never takes it offline. Translations share a <see cref="Slug"/>.
/// </summary>
internal sealed partial class Article
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Locale { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public required string Category { get; set; }
    public string Tags { get; set; } = "";
    public string Related { get; set; } = "";
    public ArticleVisibility Visibility { get; set; }
    public ArticleStatus Status { get; set; }

    /// <summary>Working-copy version; each save adds one.</summary>
    public int Version { get; set; } = 1;
    public string? PublishedTitle { get; set; }
    public string? PublishedBody { get; set; }
    public string? PublishedHtml { get; set; }
    public int? PublishedVersion { get; set; }
    public DateTime? PublishedAt { get; set; }
    public int HelpfulYes { get; set; }
    public int HelpfulNo { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    public bool IsLive => PublishedTitle is not null && Status != ArticleStatus.Archived;

    public IEnumerable<string> TagList => Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<string> RelatedSlugs => Related.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Who changed what: every save and every workflow step of an article.</summary>
internal sealed class ArticleRevision
{
    public long Id { get; init; }
    public Guid ArticleId { get; init; }
    public int Version { get; init; }
    public ArticleStatus Status { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public required string Action { get; init; }
    public string? Note { get; init; }
    public required string ChangedBy { get; init; }
    public DateTime ChangedAt { get; init; }
}

/// <summary>A reader's "was this helpful?" answer; one per reader (signed-in user or browser cookie) and article.</summary>
internal sealed class ArticleVote
{
    public long Id { get; init; }
    public Guid ArticleId { get; init; }
    public required string Voter { get; init; }
    public bool Helpful { get; set; }
    public DateTime At { get; set; }
}

public enum DeflectionOutcome
{
    /// <summary>Articles were suggested and the customer filed the complaint anyway.</summary>
    WentAhead,

    /// <summary>The customer read a suggested article and said it solved the problem.</summary>
    Solved,
}

/// <summary>What happened when articles were suggested to a customer typing a new complaint.</summary>
internal sealed class Deflection
{
    public long Id { get; init; }
    public Guid? CustomerId { get; init; }
    public required string Query { get; init; }
    public required string Suggested { get; init; }
    public string? Opened { get; init; }
    public DeflectionOutcome Outcome { get; init; }
    public Guid? TicketId { get; init; }
    public DateTime At { get; init; }
}

/// <summary>A canned response for agents, with placeholders such as {{customer.name}} or {{ticket.amount}}.</summary>
internal sealed class Macro
{
    public long Id { get; init; }
    public required string Key { get; set; }
    public required string Locale { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.ToTable("articles");
        b.Property(a => a.Slug).HasMaxLength(100);
        b.Property(a => a.Locale).HasMaxLength(16);
        b.HasIndex(a => new { a.Slug, a.Locale }).IsUnique();
        b.Property(a => a.Title).HasMaxLength(200);
        b.Property(a => a.Body).HasMaxLength(50_000);
        b.Property(a => a.PublishedTitle).HasMaxLength(200);
        b.Property(a => a.PublishedBody).HasMaxLength(50_000);
        b.Property(a => a.Category).HasMaxLength(64);
        b.Property(a => a.Tags).HasMaxLength(500);
        b.Property(a => a.Related).HasMaxLength(1000);
        b.Property(a => a.UpdatedBy).HasMaxLength(100);
        b.Property(a => a.Visibility).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(a => new { a.Category, a.Locale });
        b.HasIndex(a => a.Status);
    }
}

internal sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> b)
    {
        b.ToTable("article_revisions");
        b.Property(r => r.Title).HasMaxLength(200);
        b.Property(r => r.Body).HasMaxLength(50_000);
        b.Property(r => r.Action).HasMaxLength(32);
        b.Property(r => r.Note).HasMaxLength(500);
        b.Property(r => r.ChangedBy).HasMaxLength(100);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(r => new { r.ArticleId, r.Id });
        b.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleVoteConfiguration : IEntityTypeConfiguration<ArticleVote>
{
    public void Configure(EntityTypeBuilder<ArticleVote> b)
    {
        b.ToTable("article_votes");
        b.Property(v => v.Voter).HasMaxLength(100);
        b.HasIndex(v => new { v.ArticleId, v.Voter }).IsUnique();
        b.HasOne<Article>().WithMany().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeflectionConfiguration : IEntityTypeConfiguration<Deflection>
{
    public void Configure(EntityTypeBuilder<Deflection> b)
    {
        b.ToTable("deflections");
        b.Property(d => d.Query).HasMaxLength(500);
        b.Property(d => d.Suggested).HasMaxLength(1000);
        b.Property(d => d.Opened).HasMaxLength(100);
        b.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(d => d.At);
    }
}

internal sealed class MacroConfiguration : IEntityTypeConfiguration<Macro>
{
    public void Configure(EntityTypeBuilder<Macro> b)
    {
        b.ToTable("macros");
        b.Property(m => m.Key).HasMaxLength(64);
        b.Property(m => m.Locale).HasMaxLength(16);
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.HasIndex(m => new { m.Key, m.Locale }).IsUnique();
    }
}
