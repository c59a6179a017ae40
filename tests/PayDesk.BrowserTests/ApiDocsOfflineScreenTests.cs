using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18: the API reference works on an intranet — every request it makes goes to PayDesk itself.</summary>
public sealed class ApiDocsOfflineScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_api_reference_asks_no_host_but_PayDesk_and_lists_the_operations()
    {
        var page = await browser.NewPageAsync(ScreenSizes.Desktop);
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);

        await page.GotoAsync("/api-docs");
        // The operations render from PayDesk's own OpenAPI document: headings, one per operation, and the tags in the sidebar.
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Exchange a refresh token for a new bearer token." })).ToBeVisibleAsync();
        await Expect(page.GetByText("Tickets", new() { Exact = true }).First).ToBeVisibleAsync();
        await Expect(page.GetByText("Settings", new() { Exact = true }).First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        await Expect(page.GetByText("Ask AI")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Deploy" })).ToHaveCountAsync(0);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "api-docs-desktop.png") });

        var origin = new Uri(browser.BaseUrl).GetLeftPart(UriPartial.Authority);
        Assert.NotEmpty(requests);
        Assert.Contains(requests, u => u.StartsWith(origin + "/openapi/", StringComparison.Ordinal));
        var elsewhere = requests.Where(u => !u.StartsWith(origin + "/", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal) && !u.StartsWith("blob:", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(elsewhere.Count == 0, "Requests outside PayDesk:\n" + string.Join("\n", elsewhere));
    }
}
