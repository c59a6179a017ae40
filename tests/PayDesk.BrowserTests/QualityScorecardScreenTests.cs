using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Quality;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The quality scorecards over the demo month, every complaint scored by the automatic review.</summary>
public sealed class QualityScorecardScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_supervisor_reads_the_automatic_scores_per_agent_and_team_by_week()
    {
        await browser.Factory.Services.GetRequiredService<AutomaticReviewJob>().RunAsync(CancellationToken.None);
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));

        // From the 服务质量 menu.
        await page.ClickAsync("[data-testid=quality-menu] summary");
        await page.ClickAsync("[data-testid=nav-quality-scorecards]");
        await page.WaitForURLAsync("**/quality/scorecards");
        var totals = page.Locator("[data-testid=scorecard-totals]");
        await Expect(totals).ToContainTextAsync("王芳");
        await Expect(totals).ToContainTextAsync("自动评分");
        // One line per score kind that has scores (the demo's follow-up visits and other tests' reviews may add lines).
        await Expect(page.Locator("[data-testid=chart-quality-trend] polyline").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=chart-quality-losses] rect").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=chart-quality-losses] .hbar-value").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^失 [0-9.]+ 分（该项满分的 <?[0-9]+%）$"));
        Assert.Contains("format=csv", await page.Locator("[data-testid=scorecard-csv]").GetAttributeAsync("href"));
        await Expect(page.Locator("[data-testid=scorecard-weeks] tbody tr").First).ToBeVisibleAsync();
        await AdminShots.BothAsync(page, "quality-scorecards");

        // By team: the front desk's agents together.
        await page.SelectOptionAsync("[data-testid=scorecard-by]", "team");
        await page.ClickAsync("[data-testid=scorecard-apply]");
        await page.WaitForURLAsync("**by=team**");
        await Expect(page.Locator("[data-testid=scorecard-totals]")).ToContainTextAsync("自动评分");
        await Expect(page.Locator("[data-testid=scorecard-totals]")).Not.ToContainTextAsync("王芳");

        // The reports page links here.
        await page.GotoAsync("/reports");
        await page.ClickAsync("[data-testid=report-quality-link] a");
        await page.WaitForURLAsync("**/quality/scorecards");
    }

    [Fact]
    public async Task An_agent_sees_only_their_own_scorecard_and_reads_the_phrase_lists()
    {
        await browser.Factory.Services.GetRequiredService<AutomaticReviewJob>().RunAsync(CancellationToken.None);
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/quality/scorecards?by=team");
        await Expect(page.Locator("[data-testid=scorecard-own]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=scorecard-totals]")).ToContainTextAsync("王芳");
        await Expect(page.Locator("[data-testid=scorecard-totals]")).Not.ToContainTextAsync("李强");
        await Expect(page.Locator("[data-testid=scorecard-by]")).ToHaveCountAsync(0);

        await page.GotoAsync("/quality/phrases");
        await Expect(page.Locator("main")).ToContainTextAsync("不归我管");
        await Expect(page.Locator("[data-testid=phrases-save]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_supervisor_adds_a_forbidden_phrase()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/quality/phrases");
        var forbidden = page.Locator("[data-testid=phrases-forbidden]");
        await Expect(forbidden).ToContainTextAsync("不归我管");
        await forbidden.FillAsync(await forbidden.InputValueAsync() + "\n这是规定 # 生硬，应解释原因");
        await page.ClickAsync("[data-testid=phrases-save]");
        await Expect(page.Locator("[data-testid=phrases-saved]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=phrases-forbidden]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("这是规定 # 生硬"));
        await AdminShots.BothAsync(page, "quality-phrases");
    }
}
