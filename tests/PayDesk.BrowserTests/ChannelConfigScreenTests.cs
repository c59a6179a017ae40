using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using PayDesk.Features.Notifications;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Channel parameters on /admin/channels (issue 18): saved in the UI, secrets never shown again, bad input explained.</summary>
public sealed class ChannelConfigScreenTests(BrowserFixture browser)
{
    private const string Password = "Smtp-Pa55-9c1e";

    [Fact]
    public async Task An_administrator_saves_an_smtp_relay_and_the_password_is_never_shown()
    {
        var admin = await browser.NewPageAsync(new ViewportSize { Width = 1366, Height = 900 });
        await browser.SignInAsync(admin, PayDeskFactory.AdminEmail);
        await admin.WaitForURLAsync(url => !url.Contains("/account/login"));
        await admin.GotoAsync("/admin/channels");
        var smtp = admin.Locator("[data-testid=channel-form-smtp]");
        await Expect(smtp.Locator("[data-testid='cfg-state-smtp.password']")).ToContainTextAsync("未设置");

        // A bad port is refused with the reason and nothing is saved.
        await admin.FillAsync("[data-testid='cfg-input-smtp.host']", "smtp.example.com");
        await admin.FillAsync("[data-testid='cfg-input-smtp.port']", "70000");
        await admin.ClickAsync("[data-testid=channel-save-smtp]");
        await Expect(smtp.Locator("[data-testid=channel-config-error]")).ToContainTextAsync("1–65535");

        await admin.FillAsync("[data-testid='cfg-input-smtp.host']", "smtp.example.com");
        await admin.FillAsync("[data-testid='cfg-input-smtp.port']", "465");
        await admin.SelectOptionAsync("[data-testid='cfg-input-smtp.security']", "SslOnConnect");
        await admin.FillAsync("[data-testid='cfg-input-smtp.user']", "kefu");
        await admin.FillAsync("[data-testid='cfg-input-smtp.password']", Password);
        await admin.ClickAsync("[data-testid=channel-save-smtp]");
        smtp = admin.Locator("[data-testid=channel-form-smtp]");
        await Expect(smtp.Locator("[data-testid=channel-config-saved]")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-testid='cfg-input-smtp.host']")).ToHaveValueAsync("smtp.example.com");
        await Expect(smtp.Locator("[data-testid='cfg-state-smtp.password']")).ToContainTextAsync("已设置 · 更新于");
        await Expect(admin.Locator("[data-testid='cfg-input-smtp.password']")).ToHaveValueAsync("");
        await Expect(admin.Locator("[data-testid=channel-settings]")).ToContainTextAsync("smtp://smtp.example.com:465");
        Assert.DoesNotContain(Password, await admin.ContentAsync());
        // In force at once for the senders.
        var options = browser.Factory.Services.GetRequiredService<IOptionsMonitor<SmtpOptions>>().CurrentValue;
        Assert.Equal(("smtp.example.com", 465, Password), (options.Host, options.Port, options.Password));
        await admin.Locator("[data-testid=channel-config]").ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "admin-channel-settings-desktop.png"), FullPage = true });

        var phone = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(phone, PayDeskFactory.AdminEmail);
        await phone.WaitForURLAsync(url => !url.Contains("/account/login"));
        await phone.GotoAsync("/admin/channels#smtp");
        await Expect(phone.Locator("[data-testid='cfg-state-smtp.password']")).ToContainTextAsync("已设置");
        Assert.DoesNotContain(Password, await phone.ContentAsync());
        if (BrowserFixture.DocsShots) await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "admin-channel-settings-phone.png") });

        // Clear puts the development outbox back for the rest of this host's tests.
        await admin.FillAsync("[data-testid='cfg-input-smtp.host']", "");
        await admin.FillAsync("[data-testid='cfg-input-smtp.port']", "");
        await admin.SelectOptionAsync("[data-testid='cfg-input-smtp.security']", "");
        await admin.FillAsync("[data-testid='cfg-input-smtp.user']", "");
        await admin.CheckAsync("[data-testid='cfg-clear-smtp.password']");
        await admin.ClickAsync("[data-testid=channel-save-smtp]");
        await Expect(admin.Locator("[data-testid=channel-form-smtp] [data-testid='cfg-state-smtp.password']")).ToContainTextAsync("未设置");
        Assert.Null(browser.Factory.Services.GetRequiredService<IOptionsMonitor<SmtpOptions>>().CurrentValue.Host);
    }
}
