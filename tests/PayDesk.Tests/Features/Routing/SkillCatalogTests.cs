using System.Text.Json;
using PayDesk.Features.Complaints;
using PayDesk.Features.Routing;

namespace PayDesk.Tests.Features.Routing;

/// <summary>The skill choices offered on the agent page are the names routing asks for.</summary>
public sealed class SkillCatalogTests
{
    [Fact]
    public void Every_skill_routing_can_ask_for_is_offered_with_a_name()
    {
        var demo = JsonSerializer.Deserialize<Dictionary<string, int>>(AgentProfile.AllCategorySkills(3, merchant: true, "zh", "en"))!;
        Assert.All(demo.Keys, skill => Assert.NotNull(SkillCatalog.Find(skill)));
        Assert.NotNull(SkillCatalog.Find("channel:" + Router.Slug(TicketChannel.WeChat)));
        Assert.Equal(SkillCatalog.All.Count, SkillCatalog.All.Select(s => s.Name).Distinct().Count());
        Assert.All(SkillCatalog.All, s => Assert.Contains(s.Group, SkillCatalog.Groups));
        Assert.Null(SkillCatalog.LabelKey("category:unknown"));
    }
}
