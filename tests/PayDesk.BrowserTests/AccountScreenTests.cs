using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using PayDesk.Features.Identity;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using PayDesk.Infrastructure.Security;

namespace PayDesk.BrowserTests;

/// <summary>Account screens (issue 15): own password, an administrator's reset and deactivation, authenticator sign-in.</summary>
[LongRunning(42)]
public sealed class AccountScreenTests(BrowserFixture browser)
{
    private async Task<string> NewStaffAsync(string role)
    {
        var email = $"{role}{Guid.NewGuid().ToString("N")[..10]}@paydesk.local";
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(email, "测试员工", role, PayDeskFactory.AdminPassword);
        Assert.True(user is not null, string.Join(" ", errors));
        return email;
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    [Fact]
    public async Task An_agent_changes_their_password_and_signs_in_with_the_new_one()
    {
        var email = await NewStaffAsync(Roles.Agent);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, email, PayDeskFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.ClickAsync("[data-testid=current-user]");
        await page.WaitForURLAsync("**/account/security");

        // A common password is refused with a reason.
        await page.FillAsync("[data-testid=current-password]", PayDeskFactory.AdminPassword);
        await page.FillAsync("[data-testid=new-password]", "Password2026!");
        await page.FillAsync("[data-testid=repeat-password]", "Password2026!");
        await page.ClickAsync("[data-testid=change-password]");
        await Expect(page.Locator("[data-testid=security-error]")).ToContainTextAsync("太常见");

        await page.FillAsync("[data-testid=current-password]", PayDeskFactory.AdminPassword);
        await page.FillAsync("[data-testid=new-password]", "Copper-Willow-482");
        await page.FillAsync("[data-testid=repeat-password]", "Copper-Willow-482");
        await page.ClickAsync("[data-testid=change-password]");
        await Expect(page.Locator("[data-testid=security-ok]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "account-security");
        // This browser stays signed in (its cookie was renewed).
        await page.GotoAsync("/inbox");
        await Expect(page.Locator("h1")).ToHaveTextAsync("工单收件箱");

        var other = await browser.NewPageAsync();
        await SignInAsync(other, email, PayDeskFactory.AdminPassword);
        await Expect(other.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
        await SignInAsync(other, email, "Copper-Willow-482");
        await other.WaitForURLAsync("**/inbox");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_so_a_copied_cookie_no_longer_works()
    {
        var email = await NewStaffAsync(Roles.Agent);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, email, PayDeskFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "paydesk.auth");
        // The same person on a second device (a phone).
        var phone = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await SignInAsync(phone, email, PayDeskFactory.AdminPassword);
        await phone.WaitForURLAsync("**/inbox");

        await page.ClickAsync("text=退出");
        await page.WaitForURLAsync(new Regex("/(account/login.*)?$"));

        // Someone who copied the cookie before the sign-out gets the sign-in page, not the inbox.
        var copy = await browser.NewPageAsync();
        await copy.Context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        await copy.GotoAsync("/inbox");
        await copy.WaitForURLAsync("**/account/login**");

        // The phone was not signed out with the laptop; from it, the person signs out everywhere.
        await phone.GotoAsync("/inbox");
        await Expect(phone.Locator("h1")).ToHaveTextAsync("工单收件箱");
        await phone.GotoAsync("/account/security");
        await Expect(phone.Locator("[data-testid=sessions]")).ToContainTextAsync("其他设备上仍保持登录");
        await browser.ScreenshotAsync(phone, "account-sessions-phone");
        var phoneCookies = await phone.Context.CookiesAsync();
        await phone.ClickAsync("[data-testid=logout-everywhere]");
        await Expect(phone.Locator("[data-testid=login-everywhere]")).ToHaveTextAsync("已在所有设备上退出。");
        var phoneCopy = await browser.NewPageAsync();
        await phoneCopy.Context.AddCookiesAsync(phoneCookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        await phoneCopy.GotoAsync("/inbox");
        await phoneCopy.WaitForURLAsync("**/account/login**");
    }

    [Fact]
    public async Task An_administrator_resets_a_password_and_deactivates_an_agent_whose_session_ends_at_once()
    {
        var email = await NewStaffAsync(Roles.Agent);
        var agent = await browser.NewPageAsync();
        await SignInAsync(agent, email, PayDeskFactory.AdminPassword);
        await agent.WaitForURLAsync("**/inbox");

        var admin = await browser.NewPageAsync();
        await browser.SignInAsync(admin, PayDeskFactory.AdminEmail);
        await admin.WaitForURLAsync("**/inbox");
        await admin.GotoAsync($"/admin/users?page=1");
        // The new agent may be on a later page; walk the pages until the row shows.
        for (var p = 2; await admin.Locator($"[data-testid='deactivate-{email}']").CountAsync() == 0 && p < 20; p++)
        {
            await admin.GotoAsync($"/admin/users?page={p}");
        }
        await admin.ClickAsync($"[data-testid='reset-{email}']");
        var created = admin.Locator("[data-testid=users-created]");
        await Expect(created).ToContainTextAsync(email);
        var temporary = Regex.Match(await created.InnerTextAsync(), @"：([A-Za-z0-9]{16})").Groups[1].Value;
        Assert.Equal(16, temporary.Length);
        await browser.ScreenshotAsync(admin, "admin-users");

        // The agent's open session ended with the reset.
        await agent.GotoAsync("/inbox");
        await agent.WaitForURLAsync("**/account/login**");
        await Expect(agent.Locator("[data-testid=login-ended]")).ToBeVisibleAsync();

        // The one-time password opens only the change-password page.
        await SignInAsync(agent, email, temporary);
        await agent.WaitForURLAsync("**/account/security?required=password");
        await agent.GotoAsync("/reports");
        await agent.WaitForURLAsync("**/account/security?required=password");
        await Expect(agent.Locator("[data-testid=security-required]")).ToBeVisibleAsync();
        await agent.FillAsync("[data-testid=current-password]", temporary);
        await agent.FillAsync("[data-testid=new-password]", "Granite-Meadow-615");
        await agent.FillAsync("[data-testid=repeat-password]", "Granite-Meadow-615");
        await agent.ClickAsync("[data-testid=change-password]");
        await Expect(agent.Locator("[data-testid=security-ok]")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=security-required]")).ToHaveCountAsync(0);
        // The fields are emptied and the way on offered (the newcomer was left here with three filled password fields).
        await Expect(agent.Locator("[data-testid=new-password]")).ToHaveValueAsync("");
        await agent.ClickAsync("[data-testid=security-continue]");
        await agent.WaitForURLAsync("**/inbox");
        await Expect(agent.Locator("h1")).ToHaveTextAsync("工单收件箱");

        await admin.ClickAsync($"[data-testid='deactivate-{email}']");
        await Expect(admin.Locator("[data-testid=users-created]")).ToContainTextAsync("已停用");
        await agent.GotoAsync("/inbox");
        await agent.WaitForURLAsync("**/account/login**");
        await SignInAsync(agent, email, "Granite-Meadow-615");
        await Expect(agent.Locator("[data-testid=login-error]")).ToContainTextAsync("停用");

        await admin.ClickAsync($"[data-testid='reactivate-{email}']");
        await SignInAsync(agent, email, "Granite-Meadow-615");
        await agent.WaitForURLAsync("**/inbox");
    }

    [Fact]
    public async Task A_supervisor_enrols_an_authenticator_and_signs_in_with_its_code()
    {
        var email = await NewStaffAsync(Roles.Supervisor);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, email, PayDeskFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/account/security");
        await Expect(page.Locator(".qr svg")).ToBeVisibleAsync();
        var key = (await page.Locator("[data-testid=totp-key]").InnerTextAsync()).Replace(" ", "").ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(key));
        await browser.ScreenshotAsync(page, "account-2fa-enrol");
        await page.FillAsync("[data-testid=totp-enrol-code]", totp.ComputeTotp());
        await page.ClickAsync("[data-testid=totp-enable]");
        await Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);

        var again = await browser.NewPageAsync();
        await SignInAsync(again, email, PayDeskFactory.AdminPassword);
        await again.WaitForURLAsync("**/account/2fa**");
        await again.FillAsync("[data-testid=totp-code]", totp.ComputeTotp() == "000000" ? "111111" : "000000");
        await again.ClickAsync("[data-testid=totp-submit]");
        await Expect(again.Locator("[data-testid=totp-error]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(again, "account-2fa-sign-in");
        await again.FillAsync("[data-testid=totp-code]", totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await again.ClickAsync("[data-testid=totp-submit]");
        await again.WaitForURLAsync("**/inbox");
    }
}
