using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Incidents;

public enum IncidentSuggestionStatus
{
    Open,
    Confirmed,
    Dismissed,
}

/// <summary>
/// 疑似故障: the detector saw more complaints for one scope (category, bank, channel) in an interval than the
/// forecast allows, or a cluster of near-identical complaint texts. A supervisor confirms it (an
/// <see cref="Incident"/> opens with its scope) or dismisses it.
/// </summary>
internal sealed class IncidentSuggestion : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTime DetectedAt { get; init; }
    public DateTime WindowStart { get; init; }
    public DateTime WindowEnd { get; set; }
    public TicketCategory? Category { get; init; }
    public string? Bank { get; init; }
    public TicketChannel? Channel { get; init; }

    /// <summary>Complaints seen in the window, and how many the forecast expected.</summary>
    public int Observed { get; set; }
    public double Expected { get; set; }

    /// <summary>P(X ≥ observed) under Poisson(expected): the smaller, the less likely a normal day.</summary>
    public double PValue { get; set; }

    /// <summary>A proposed title and what the clustered texts share ("转账到招商银行一直处理中").</summary>
    public required string Title { get; set; }
    public string? SampleText { get; set; }
    public IncidentSuggestionStatus Status { get; set; }
    public Guid? IncidentId { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }

    // Detection's fields (Features/Incidents/Detection).

    /// <summary>Which count raised it: "Category", "Bank", "BankCategory", "ChannelCategory" or "Cluster".</summary>
    public string? Kind { get; init; }

    /// <summary>The scope as text (kind, category, bank, channel): at most one open suggestion per key, across nodes.</summary>
    public string? ScopeKey { get; init; }

    /// <summary>How many of the window's complaints share the sample text's wording (the largest text cluster).</summary>
    public int ClusterSize { get; set; }

    /// <summary>When supervisors were told (claimed by one node with a conditional update, so they are told once).</summary>
    public DateTime? NotifiedAt { get; set; }
}

internal sealed class IncidentSuggestionConfiguration : IEntityTypeConfiguration<IncidentSuggestion>
{
    public void Configure(EntityTypeBuilder<IncidentSuggestion> b)
    {
        b.ToTable("incident_suggestions");
        b.Property(s => s.Category).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.Bank).HasMaxLength(16);
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Title).HasMaxLength(200);
        b.Property(s => s.SampleText).HasMaxLength(500);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(s => new { s.Status, s.DetectedAt });
        b.Property(s => s.Kind).HasMaxLength(16);
        b.Property(s => s.ScopeKey).HasMaxLength(80);
        // Two detector nodes can't both raise an open suggestion for one scope (SQLite and PostgreSQL partial index).
        b.HasIndex(s => s.ScopeKey).IsUnique().HasFilter("\"Status\" = 'Open'");
    }
}

/// <summary>
/// How a suggestion is named to its reader. The detector stores its title in Chinese (confirming makes it the incident's
/// title); a reader in another language gets one built from the suggestion's scope in that language.
/// </summary>
internal static class SuggestionTitles
{
    public static string For(string stored, string? bank, TicketChannel? channel, TicketCategory? category, IStringLocalizer l)
    {
        if (CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) return stored;
        var parts = new List<string>();
        if (bank is not null) parts.Add(Banks.Name(bank));
        if (channel is { } c) parts.Add(l[$"Channel.{c}"]);
        if (category is { } k) parts.Add(l[$"Category.{k}"]);
        return parts.Count == 0 ? stored : l["Detection.Title", string.Join(" · ", parts)];
    }
}

/// <summary>
/// The detector's p-value in words for a supervisor ("纯属偶然的概率不到万分之一"): how likely so many complaints would arrive
/// by chance alone at the expected rate. The figure itself stays in the API.
/// </summary>
internal static class SuggestionFigures
{
    public static string For(int observed, double expected, double pValue, IStringLocalizer l) =>
        l["Incident.SuggestionFigures", observed, expected.ToString("0.#", CultureInfo.CurrentCulture), Chance(pValue, l)];

    public static string Chance(double p, IStringLocalizer l) => p switch
    {
        < 0.0001 => l["Incident.Chance.Below10000"],
        < 0.001 => l["Incident.Chance.Per10000", Math.Max(1, (int)Math.Round(p * 10_000))],
        < 0.01 => l["Incident.Chance.Per1000", Math.Max(1, (int)Math.Round(p * 1_000))],
        _ => l["Incident.Chance.Per100", Math.Max(1, (int)Math.Round(p * 100))],
    };
}
