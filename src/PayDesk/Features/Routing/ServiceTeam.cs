using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Routing;

/// <summary>A team and the queue it works (SPEC §4): categories, channels, region, calendar, strategy.</summary>
internal sealed class ServiceTeam
{
    public required string Name { get; init; }
    public string? Region { get; set; }
    public string Calendar { get; set; } = Sla.DefaultCalendars.Extended;
    public required string Categories { get; set; }
    public required string Channels { get; set; }
    public RoutingStrategy Strategy { get; set; } = RoutingStrategy.SkillsThenLeastLoaded;

    public QueueDefinition ToQueue() => new(Name, Name,
        Categories.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<TicketCategory>).ToHashSet(),
        Channels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<TicketChannel>).ToHashSet(),
        Region, null, Strategy);

    public static IEnumerable<ServiceTeam> Defaults()
    {
        static string All<T>() where T : struct, Enum => string.Join(",", Enum.GetValues<T>());
        // 前台接待 takes every first contact; experts get transfers in their fields.
        yield return new ServiceTeam { Name = Complaints.Teams.FrontDesk, Categories = All<TicketCategory>(), Channels = All<TicketChannel>() };
        yield return new ServiceTeam { Name = Complaints.Teams.Consultants, Categories = "Consultation,Other", Channels = All<TicketChannel>() };
        yield return new ServiceTeam { Name = Complaints.Teams.TechnicalSupport, Categories = "TransactionFailure,AccountSecurity", Channels = All<TicketChannel>() };
        yield return new ServiceTeam { Name = Complaints.Teams.BackOffice, Categories = "Funds,Refund,AccountFrozen", Channels = All<TicketChannel>(), Calendar = Sla.DefaultCalendars.Standard };
    }
}

/// <summary>An agent's routing profile: team, skills, capacity, presence.</summary>
internal sealed class AgentProfile
{
    public Guid UserId { get; init; }
    public required string Team { get; set; }
    public string Region { get; set; } = "";

    /// <summary>JSON: skill → level 1–5 ("category:funds", "lang:zh", "channel:chat", "segment:merchant").</summary>
    public required string Skills { get; set; }
    public int ChatCapacity { get; set; } = 3;
    public int CallCapacity { get; set; } = 1;
    public int TicketCapacity { get; set; } = 20;
    public Presence Presence { get; set; } = Presence.Offline;
    public DateTime PresenceSince { get; set; }
    public DateTime LastAssignedAt { get; set; }

    public IReadOnlyDictionary<string, int> SkillMap() => JsonSerializer.Deserialize<Dictionary<string, int>>(Skills) ?? [];

    public static string AllCategorySkills(int level, bool merchant, params string[] languages) => JsonSerializer.Serialize(
        Enum.GetValues<TicketCategory>().ToDictionary(c => "category:" + Router.Slug(c), _ => level)
            .Concat(languages.Select(l => new KeyValuePair<string, int>("lang:" + l, 3)))
            .Concat(merchant ? [new KeyValuePair<string, int>("segment:merchant", 2)] : [])
            .ToDictionary());
}

internal sealed class ServiceTeamConfiguration : IEntityTypeConfiguration<ServiceTeam>
{
    public void Configure(EntityTypeBuilder<ServiceTeam> b)
    {
        b.ToTable("service_teams");
        b.HasKey(t => t.Name);
        b.Property(t => t.Name).HasMaxLength(64);
        b.Property(t => t.Region).HasMaxLength(64);
        b.Property(t => t.Calendar).HasMaxLength(64);
        b.Property(t => t.Categories).HasMaxLength(400);
        b.Property(t => t.Channels).HasMaxLength(400);
        b.Property(t => t.Strategy).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class AgentProfileConfiguration : IEntityTypeConfiguration<AgentProfile>
{
    public void Configure(EntityTypeBuilder<AgentProfile> b)
    {
        b.ToTable("agent_profiles");
        b.HasKey(a => a.UserId);
        b.Property(a => a.Team).HasMaxLength(64);
        b.Property(a => a.Region).HasMaxLength(64);
        b.Property(a => a.Skills).HasMaxLength(4000);
        b.Property(a => a.Presence).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(a => new { a.Team, a.Presence });
    }
}
