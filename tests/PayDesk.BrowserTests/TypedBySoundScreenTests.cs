using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Searching with a word the pinyin input method gave in the wrong character (冻洁 for 冻结), in Chromium.</summary>
public sealed class TypedBySoundScreenTests(BrowserFixture browser)
{
    private sealed record Created(Guid Id, string Number);

    [Fact]
    public async Task A_visitor_on_a_phone_asks_with_a_homophone_and_gets_the_frozen_account_articles()
    {
        var page = await browser.NewPageAsync(ScreenSizes.Phone);
        await page.GotoAsync("/help");
        await page.Locator("[data-testid=help-search]").FillAsync("账户冻洁了怎么办");
        await page.Locator("[data-testid=help-search]").PressAsync("Enter");
        await Expect(page.Locator("[data-testid=help-also-searched]")).ToContainTextAsync("冻结");
        await Expect(page.Locator("[data-testid=help-results] li").First).ToContainTextAsync("冻结");
        await browser.ScreenshotAsync(page, "help-search-homophone-phone");
    }

    [Fact]
    public async Task An_agent_searching_the_inbox_with_a_homophone_is_shown_the_word_meant()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var tag = "zq" + string.Concat(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + c % 20)));
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "冯冻结", phone = "137" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "账户被冻结", description = $"账户冻结无法付款，订单 {tag}", category = "account_frozen",
        });
        created.EnsureSuccessStatusCode();
        var ticket = (await created.Content.ReadFromJsonAsync<Created>())!;

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.Locator("[data-testid=filter-text]").FillAsync($"冻洁 {tag}");
        await page.Locator("[data-testid=filter-text]").PressAsync("Enter");
        await Expect(page.Locator("[data-testid=inbox-meant]")).ToContainTextAsync($"冻结 {tag}");
        await Expect(page.Locator("[data-testid=inbox]")).ToContainTextAsync(ticket.Number);
        await browser.ScreenshotAsync(page, "inbox-search-homophone");
    }
}
