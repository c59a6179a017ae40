using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The first web shell in a real browser: staff inbox and ticket page, customer's complaints, language switch.</summary>
public sealed class WebShellTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_live_page_that_fails_has_a_bar_that_says_so_hidden_until_then()
    {
        // There was no such element: a live page whose connection failed just stopped answering clicks.
        var page = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.GotoAsync("/supervisor");
        var bar = page.Locator("#blazor-error-ui");
        await Expect(bar).ToBeHiddenAsync();
        // Shown as Blazor shows it (its script sets display: block), to see it as people would.
        await page.EvaluateAsync("document.getElementById('blazor-error-ui').style.display = 'block'");
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).ToContainTextAsync("页面出错了");
        await Expect(bar.Locator("a.reload")).ToHaveTextAsync("刷新页面");
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "live-page-failed-phone.png") });
    }

    [Fact]
    public async Task Agent_signs_in_filters_the_inbox_opens_a_ticket_and_replies()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await Expect(page.Locator("h1")).ToHaveTextAsync("工单收件箱");
        await Expect(page.Locator("[data-testid=ticket-link]").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "inbox");

        await page.SelectOptionAsync("[data-testid=filter-status]", "New");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("status=New"));
        var statuses = await page.Locator("[data-testid=inbox] .badge.Status-New").CountAsync();
        var rows = await page.Locator("[data-testid=inbox] tbody tr").CountAsync();
        Assert.True(rows > 0);
        Assert.Equal(rows, statuses);

        // Other tests on the shared host file new complaints too (some by e-mail, without a phone): open a demo
        // complaint whose customer has a phone, found through the inbox's own text filter.
        string number;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            number = await db.Tickets.Where(t => t.Status == TicketStatus.New && t.Customer!.PhoneMasked != null)
                .OrderBy(t => t.CreatedAt).Select(t => t.Number).FirstAsync();
        }
        await page.FillAsync("[data-testid=filter-text]", number);
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("q=" + number));
        var link = page.Locator("[data-testid=ticket-link]").Filter(new() { HasText = number });
        await Expect(link).ToHaveCountAsync(1);
        await link.ClickAsync();
        await page.WaitForURLAsync($"**/tickets/{number}");
        await Expect(page.Locator("[data-testid=ticket-number]")).ToHaveTextAsync(number);
        await Expect(page.Locator("[data-testid=customer-phone]")).ToHaveTextAsync(new Regex(@"^1\d{2}\*{4}\d{4}$"));

        var reply = $"您好，我们已收到您的投诉，正在核实。{Guid.NewGuid():N}";
        await page.FillAsync("[data-testid=reply-body]", reply);
        await page.ClickAsync("[data-testid=reply-send]");
        await Expect(page.Locator("[data-testid=message]").Filter(new() { HasText = reply })).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "ticket");
    }

    [Fact]
    public async Task Customer_signs_in_and_sees_only_their_complaints()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "customer@paydesk.local");
        await page.WaitForURLAsync("**/my");
        await Expect(page.Locator("h1")).ToHaveTextAsync("我的投诉");
        var links = page.Locator("[data-testid=my-ticket-link]");
        await Expect(links.First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "my-complaints");

        await links.First.ClickAsync();
        await Expect(page.Locator("[data-testid=ticket-title]")).ToBeVisibleAsync();
        await Expect(page.Locator(".message.internal")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "my-complaint");

        var inbox = await page.GotoAsync("/inbox");
        await Expect(page.Locator("h1")).ToHaveTextAsync("无权访问");
        Assert.NotNull(inbox);
    }

    [Fact]
    public async Task Language_switch_turns_the_shell_english_and_back()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync("**/inbox");
        await page.ClickAsync("[data-testid=lang-en]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Inbox");
        await Expect(page.Locator("[data-testid=inbox] thead")).ToContainTextAsync("Status");
        await browser.ScreenshotAsync(page, "inbox-en");
        await page.ClickAsync("[data-testid=lang-zh]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("工单收件箱");
    }
}
