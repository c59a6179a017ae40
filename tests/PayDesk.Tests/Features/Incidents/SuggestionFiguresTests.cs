using Microsoft.Extensions.Localization;
using PayDesk.Features.Incidents;

namespace PayDesk.Tests.Features.Incidents;

/// <summary>A suggested incident's figures read in words on the board and the incident list (they showed "p = 4E-5").</summary>
public sealed class SuggestionFiguresTests
{
    private static readonly IStringLocalizer<SharedResource> L = PayDesk.Tests.Infrastructure.Localizers.Shared;

    private static string In(string culture, Func<string> say) => PayDesk.Tests.Infrastructure.Localizers.In(culture, say);

    [Theory]
    [InlineData(4e-5, "不到万分之一", "less than 1 in 10,000")]
    [InlineData(2.7e-4, "约万分之 3", "about 3 in 10,000")]
    [InlineData(0.0042, "约千分之 4", "about 4 in 1,000")]
    [InlineData(0.03, "约百分之 3", "about 3 in 100")]
    [InlineData(0.001, "约千分之 1", "about 1 in 1,000")]
    public void The_chance_by_coincidence_is_said_in_words(double p, string zh, string en)
    {
        Assert.Equal(zh, In("zh-CN", () => SuggestionFigures.Chance(p, L)));
        Assert.Equal(en, In("en", () => SuggestionFigures.Chance(p, L)));
    }

    [Fact]
    public void The_figures_name_what_arrived_what_was_expected_and_the_chance_without_scientific_notation()
    {
        var zh = In("zh-CN", () => SuggestionFigures.For(9, 1.24, 4e-5, L));
        Assert.Equal("实际 9 件，预期 1.2 件；纯属偶然的概率不到万分之一", zh);
        var en = In("en", () => SuggestionFigures.For(9, 1.24, 4e-5, L));
        Assert.Equal("Observed 9, expected 1.2; the chance of this by coincidence alone: less than 1 in 10,000", en);
        Assert.DoesNotContain("E-", zh + en);
    }
}
