using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Settings;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The public address (issue 18): asked for on the first administrator's first sign-in, warned about while unset, used in customers' links.</summary>
public sealed partial class PublicAddressScreenTests(PrivateBrowserFixture browser) : IClassFixture<PrivateBrowserFixture>
{
    /// <summary>As after a fresh demo start: nothing saved and nobody asked yet.</summary>
    private async Task ForgetAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.AppSettings.Where(s => s.Key == PublicAddress.AskedKey || s.Key == PublicAddress.SettingKey).ExecuteDeleteAsync();
        await scope.ServiceProvider.GetRequiredService<PublicAddress>().ReloadAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_first_administrator_sets_the_address_and_a_customers_sms_link_opens_the_confirmation_page()
    {
        await ForgetAsync();

        var admin = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(admin, PayDeskFactory.AdminEmail);
        await admin.WaitForURLAsync(new Regex("/admin/settings\\?first=1"));
        await Expect(admin.Locator("[data-testid=settings-first-run]")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-testid=public-address-banner]")).ToContainTextAsync("客户收到的链接指向本机地址");
        if (BrowserFixture.DocsShots) await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "settings-first-run-desktop.png") });

        // The server's own check: a query part is refused with a message, and nothing is saved.
        await admin.FillAsync("[data-testid=public-address-input]", "https://kefu.example.com/?from=sms");
        await admin.ClickAsync("[data-testid=public-address-save]");
        await Expect(admin.Locator("[data-testid=settings-error]")).ToContainTextAsync("?");
        await Expect(admin.Locator("[data-testid=public-address-banner]")).ToBeVisibleAsync();

        await admin.FillAsync("[data-testid=public-address-input]", "https://kefu.example.com/");
        await admin.ClickAsync("[data-testid=public-address-save]");
        await Expect(admin.Locator("[data-testid=settings-saved]")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-testid=public-address-current]")).ToContainTextAsync("https://kefu.example.com");
        await Expect(admin.Locator("[data-testid=public-address-banner]")).ToHaveCountAsync(0);

        // Asked once: the next sign-in goes to the inbox as usual.
        var again = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(again, PayDeskFactory.AdminEmail);
        await again.WaitForURLAsync("**/inbox");

        // A customer's solution-confirmation SMS carries the saved address; its path opens the confirmation page here.
        using var api = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = PayDeskFactory.AdminPassword });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var phone = "139" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var created = await api.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "周敏", phone }, subject = "不认识的扣款",
            description = "账单里有一笔 58 元的扣款我不认识", category = "funds", amount = new { value = 58.00m, currency = "CNY" },
        });
        created.EnsureSuccessStatusCode();
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, number) = (ticket.GetProperty("id").GetString(), ticket.GetProperty("number").GetString()!);
        (await api.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { trigger = "start_work" })).EnsureSuccessStatusCode();
        const string solution = "经核实该笔为您开通的会员自动续费，已向您说明扣款明细";
        (await api.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { trigger = "propose_solution", reason = solution })).EnsureSuccessStatusCode();
        await browser.Factory.DispatchNotificationsAsync();

        // The outbox masks the destination; the notice names the complaint.
        var sms = browser.Factory.Outbox("sms").Last(m => m.Body.Contains(number));
        var link = ConfirmLink().Match(sms.Body);
        Assert.True(link.Success, sms.Body);
        var customer = await browser.NewPageAsync(ScreenSizes.Phone);
        await customer.GotoAsync(new Uri(link.Value).PathAndQuery);
        await Expect(customer.Locator("[data-testid=solution-text]")).ToHaveTextAsync(solution);
        await Expect(customer.Locator("[data-testid=accept-solution]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Staff_are_warned_while_links_point_at_this_machine()
    {
        await ForgetAsync();
        await browser.Factory.Services.GetRequiredService<PublicAddress>().MarkAskedAsync(CancellationToken.None);

        var agent = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        var banner = agent.Locator("[data-testid=public-address-banner]");
        // With no address set, links follow where this server listens (not 5080): still this machine, still a warning.
        await Expect(banner).ToContainTextAsync(browser.BaseUrl.TrimEnd('/'));
        await Expect(banner).ToContainTextAsync("系统管理员");
        await Expect(agent.Locator("[data-testid=public-address-banner-link]")).ToHaveCountAsync(0);

        var admin = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(admin, PayDeskFactory.AdminEmail);
        await admin.WaitForURLAsync("**/inbox");
        await admin.ClickAsync("[data-testid=public-address-banner-link]");
        await admin.WaitForURLAsync("**/admin/settings");
        await Expect(admin.Locator("[data-testid=public-address-current]")).ToContainTextAsync("未设置");

        // Customers never see the warning.
        var visitor = await browser.NewPageAsync(ScreenSizes.Phone);
        await visitor.GotoAsync("/help");
        await Expect(visitor.Locator("[data-testid=public-address-banner]")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"https://kefu\.example\.com/confirm/\S+")]
    private static partial Regex ConfirmLink();
}
