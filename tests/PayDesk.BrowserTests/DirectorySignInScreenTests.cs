using Microsoft.Playwright;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Staff sign in on the ordinary login page with their company-directory (OpenLDAP) password.</summary>
public sealed class DirectorySignInScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task Directory_agent_signs_in_on_the_login_page_and_lands_in_the_inbox_under_the_directory_name()
    {
        LdapTestServer.RequireOrSkip();
        var page = await browser.NewPageAsync();

        await SignInAsync(page, "alice@paydesk.test", "Wrong-Directory-Passw0rd");
        await Expect(page.Locator("[data-testid=login-error]")).ToBeVisibleAsync();

        // Right password, but a group PayDesk does not map: the same refusal, no way in.
        await SignInAsync(page, "dave@paydesk.test", LdapTestServer.PasswordOf("Dave"));
        await Expect(page.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
        Assert.EndsWith("/account/login", new Uri(page.Url).AbsolutePath);

        await SignInAsync(page, "alice@paydesk.test", LdapTestServer.PasswordOf("Alice"));
        await page.WaitForURLAsync("**/inbox");
        await Expect(page.Locator("h1")).ToHaveTextAsync("工单收件箱");
        await Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("Alice Agent");
        await browser.ScreenshotAsync(page, "directory-sign-in");
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }
}
