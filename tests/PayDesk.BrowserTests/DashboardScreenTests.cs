using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The supervisor dashboard updates itself: a new complaint appears without reloading.</summary>
public sealed class DashboardScreenTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_supervisor_sees_a_new_complaint_appear_without_reloading()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/supervisor");
        await Expect(page.Locator("[data-testid=latest-complaints] li").First).ToBeVisibleAsync();
        var before = int.Parse(await page.Locator("[data-testid=new-today]").InnerTextAsync());

        var subject = "看板实时 " + Guid.NewGuid().ToString("N")[..6];
        var admin = await browser.Factory.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "看板客户", phone = "136" + Random.Shared.Next(10_000_000, 99_999_999) }, subject, description = "实时看板测试",
        });
        created.EnsureSuccessStatusCode();

        await Expect(page.Locator("[data-testid=latest-complaints]")).ToContainTextAsync(subject, new() { Timeout = 15_000 });
        Assert.Equal(before + 1, int.Parse(await page.Locator("[data-testid=new-today]").InnerTextAsync()));
        await browser.ScreenshotAsync(page, "supervisor-dashboard");
    }
}
