using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Complaints;
using PayDesk.Features.Settings;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Issue 18, item 8: the main screens as the demo roles see them, photographed at 1366×768 and 390×844 into
/// docs/screens/ (linked from the README's "Screens" section). Each screen must show its own heading first, so a
/// photo of an error page or a sign-in redirect fails the test instead of landing in the docs.
/// </summary>
[LongRunning(47)]
public sealed class ScreenTourTests(BrowserFixture browser)
{
    /// <summary>One screen: <paramref name="Ready"/> shows when it has drawn; <paramref name="Pending"/> is text it shows until it is live.</summary>
    private sealed record Stop(string Name, string Email, string Path, string Ready, string? Pending = null);

    private async Task<string> ComplaintNumberAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // A complaint in the middle of its life, with a conversation, as an agent usually opens one.
        return await db.Tickets.Where(t => t.Status == TicketStatus.InProgress)
            .OrderByDescending(t => db.TicketMessages.Count(m => m.TicketId == t.Id)).ThenBy(t => t.Number)
            .Select(t => t.Number).FirstAsync();
    }

    [Fact]
    public async Task Main_screens_are_photographed_at_laptop_and_phone_size()
    {
        // A configured installation: the "links point at this machine" banner belongs to the settings screens, not to every photo.
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PublicAddress>().SaveAsync(
                scope.ServiceProvider.GetRequiredService<AppDbContext>(), "https://kefu.example.com", "tests", DateTime.UtcNow, CancellationToken.None);
        }
        await browser.KeepChatOpenAsync();
        var number = await ComplaintNumberAsync();
        const string agent = "agent@paydesk.local", supervisor = "supervisor@paydesk.local", customer = "customer@paydesk.local";
        Stop[] tour =
        [
            new("inbox", agent, "/inbox", "[data-testid=inbox]"),
            new("complaint", agent, $"/tickets/{number}", "[data-testid=ticket-facts]"),
            new("sla", agent, "/sla", "main h1"),
            new("chat-console", agent, "/agent/chat", "[data-testid=chat-console] [data-role=queue] li", Pending: "正在连接"),
            new("supervisor", supervisor, "/supervisor", "main h1"),
            new("reports", supervisor, "/reports", "main h1"),
            new("templates", PayDeskFactory.AdminEmail, "/admin/templates", "main h1"),
            new("audit", PayDeskFactory.AdminEmail, "/admin/audit", "main h1"),
            new("settings", PayDeskFactory.AdminEmail, "/admin/settings", "[data-testid=public-address-form]"),
            new("portal-new-complaint", customer, "/my/new", "main form"),
            new("help", "", "/help", "main h1"),
        ];

        foreach (var (size, suffix) in new[] { (ScreenSizes.Desktop, "desktop"), (ScreenSizes.Phone, "phone") })
        {
            var pages = new Dictionary<string, IPage>();
            foreach (var stop in tour)
            {
                if (!pages.TryGetValue(stop.Email, out var page))
                {
                    page = await browser.NewPageAsync(size);
                    if (stop.Email != "")
                    {
                        await browser.SignInAsync(page, stop.Email);
                        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
                    }
                    pages[stop.Email] = page;
                }
                await page.GotoAsync(stop.Path);
                Assert.DoesNotContain("/account/login", page.Url);
                await Expect(page.Locator(stop.Ready).First).ToBeVisibleAsync();
                if (stop.Pending is { } pending) await Expect(page.Locator(stop.Ready).First).Not.ToContainTextAsync(pending);
                await Expect(page.Locator("h1").First).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("无权访问|找不到|出错"));
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), $"{stop.Name}-{suffix}.png") });
            }
            foreach (var page in pages.Values) await page.Context.CloseAsync();
        }
    }
}
