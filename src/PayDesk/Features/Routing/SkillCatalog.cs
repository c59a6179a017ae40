using PayDesk.Features.Complaints;

namespace PayDesk.Features.Routing;

/// <summary>
/// The skills routing asks for (see <see cref="Router"/>): one per complaint category and channel, the two
/// languages customers write in, and merchant customers. Offered as choices so nobody types skill names.
/// </summary>
internal static class SkillCatalog
{
    public const int MinLevel = 1;
    public const int MaxLevel = 5;

    public sealed record Skill(string Name, string Group, string LabelKey);

    public static readonly string[] Groups = ["category", "channel", "lang", "segment"];

    public static readonly IReadOnlyList<Skill> All =
    [
        .. Enum.GetValues<TicketCategory>().Select(c => new Skill("category:" + Router.Slug(c), "category", $"Category.{c}")),
        .. Enum.GetValues<TicketChannel>().Select(c => new Skill("channel:" + Router.Slug(c), "channel", $"Channel.{c}")),
        new Skill("lang:zh", "lang", "Skills.Lang.zh"),
        new Skill("lang:en", "lang", "Skills.Lang.en"),
        new Skill("segment:merchant", "segment", "Skills.Segment.merchant"),
    ];

    public static Skill? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>The resource key naming a skill; a skill stored before the catalogue knew it keeps its raw name.</summary>
    public static string? LabelKey(string name) => Find(name)?.LabelKey;
}
