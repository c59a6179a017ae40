using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// An administrator sees what the balancer sees: each dependency with its state in words and what a failure costs, where
/// the database is and where reports read from. Agents do not get the page.
/// </summary>
public sealed class SystemStatusScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_reads_each_dependency_in_words_and_where_reports_read_from()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.ClickAsync("[data-testid=admin-menu] summary");
        await page.ClickAsync("[data-testid=nav-system]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("系统状态");
        await Expect(page.Locator("[data-testid=system-check-database] [data-testid=system-status-database]")).ToHaveTextAsync("正常");
        await Expect(page.Locator("[data-testid=system-check-database]")).ToContainTextAsync("投诉、页面和接口正常读写");
        // No replica in this host: healthy, and the reports read the primary.
        await Expect(page.Locator("[data-testid=system-status-read_replica]")).ToHaveTextAsync("正常");
        await Expect(page.Locator("[data-testid=system-reports]")).ToHaveTextAsync("主库（未配置只读副本）");
        await Expect(page.Locator("[data-testid=system-database]")).ToContainTextAsync("SQLite");
        // The assistant's models: built-in intents; the test hosts turn the offline English model off; no endpoint.
        await Expect(page.Locator("[data-testid=system-assistant-version]")).ToHaveTextAsync("内置模型（随版本发布的语料训练）");
        await Expect(page.Locator("[data-testid=system-assistant-offline]")).ToHaveTextAsync("已关闭（英文只用 TF-IDF）");
        await Expect(page.Locator("[data-testid=system-assistant-endpoint]")).ToHaveTextAsync("未配置（Assistant:Embeddings:Endpoint）");
        // Every check named in words, none by its code.
        var names = await page.Locator("[data-testid=system-checks] tbody tr td:first-child").AllInnerTextsAsync();
        Assert.True(names.Count >= 4, string.Join(", ", names));
        Assert.All(names, n => Assert.DoesNotContain("_", n));
        // The technical text stays one click away.
        var detail = page.Locator("[data-testid=system-check-read_replica] details");
        await Expect(detail.Locator("code")).ToBeHiddenAsync();
        await detail.Locator("summary").ClickAsync();
        await Expect(detail.Locator("code")).ToContainTextAsync("No read replica configured");
        await AdminShots.BothAsync(page, "system-status");

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync(url => !url.Contains("/account/login"));
        await agent.GotoAsync("/admin/system");
        await Expect(agent.Locator("[data-testid=system-checks]")).ToHaveCountAsync(0);
    }
}
