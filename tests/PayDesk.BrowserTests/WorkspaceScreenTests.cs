using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18 item 4: the agent's workspace — complaint page, inbox, /sla and the chat console.</summary>
public sealed class WorkspaceScreenTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private async Task<string> OpenComplaintNumberAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Tickets.Where(t => t.Status == TicketStatus.InProgress && t.Messages.Count > 0 && db.SlaClocks.Any(c => c.TicketId == t.Id && c.StoppedAt == null))
            .OrderBy(t => t.Number).Select(t => t.Number).FirstAsync(TestContext.Current.CancellationToken);
    }

    private static Task<int> HeightAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");

    private static async Task ShootAsync(IPage page, string name, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true });
    }

    /// <summary>The element's box lies inside the viewport at scroll 0.</summary>
    private static async Task AssertInViewAsync(IPage page, string selector, int width, int height)
    {
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.scrollY"));
        var box = await page.Locator(selector).First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= width && box.Y + box.Height <= height,
            $"{selector} at ({box.X},{box.Y}) {box.Width}x{box.Height} is outside {width}x{height}");
    }

    private static Task<bool> HorizontalScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

    [Fact]
    public async Task Complaint_page_shows_reply_box_status_actions_and_clocks_without_scrolling()
    {
        var number = await OpenComplaintNumberAsync();
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.SetViewportSizeAsync(1366, 768);
        await page.GotoAsync($"/tickets/{number}");
        await Expect(page.Locator("[data-testid=sla-panel] li").First).ToBeVisibleAsync();
        await AssertInViewAsync(page, "[data-testid=reply-body]", 1366, 768);
        await AssertInViewAsync(page, "[data-testid=reply-send]", 1366, 768);
        await AssertInViewAsync(page, "[data-testid=status-actions] [data-testid^=trigger-]", 1366, 768);
        await AssertInViewAsync(page, "[data-testid=sla-panel]", 1366, 768);
        // The newest message is the one on screen (the conversation box starts at its end).
        await Expect(page.Locator("[data-testid=message]").Last).ToBeInViewportAsync();
        // The timeline is a tab away, not a scroll away.
        await page.ClickAsync("[data-testid=tab-timeline]");
        await Expect(page.Locator("[data-testid=timeline] li").First).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=tab-conversation]");
        Assert.False(await HorizontalScrollAsync(page));
        var desktop = await HeightAsync(page);
        await ShootAsync(page, "complaint-desktop", 1366, 768);

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.False(await HorizontalScrollAsync(page));
        // On a phone the panel stacks under the conversation; the jump link reaches the status actions.
        await page.ClickAsync("a.ws-jump");
        await Expect(page.Locator("[data-testid=status-actions] [data-testid^=trigger-]").First).ToBeInViewportAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        output.WriteLine($"HEIGHT complaint 1366x768 {desktop}, 390x844 {await HeightAsync(page)}");
        await ShootAsync(page, "complaint-phone", 390, 844);
    }

    [Fact]
    public async Task Keyboard_reply_note_take_and_next_complaint()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/inbox?view=unassigned");
        var links = page.Locator("[data-testid=inbox] [data-testid=ticket-link]");
        var first = await links.Nth(0).InnerTextAsync();
        var second = await links.Nth(1).InnerTextAsync();
        await links.Nth(0).ClickAsync();
        await page.WaitForURLAsync($"**/tickets/{first}");
        await Expect(page.Locator("[data-testid=shortcut-hint]")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("[data-testid=reply-body]")).ToBeFocusedAsync();
        await Expect(page.Locator("[data-testid=reply-via]")).ToHaveValueAsync("internal");
        // Typing in the box never fires a shortcut.
        await page.Keyboard.TypeAsync("tjr");
        await Expect(page.Locator("[data-testid=reply-body]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("tjr$"));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tickets/{first}$"));
        await page.Locator("[data-testid=reply-body]").FillAsync("");
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("r");
        await Expect(page.Locator("[data-testid=reply-body]")).ToBeFocusedAsync();
        await Expect(page.Locator("[data-testid=reply-via]")).ToHaveValueAsync("auto");

        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("t");
        await Expect(page.Locator("[data-testid=wb-owner]")).ToHaveTextAsync("王芳");

        await page.Keyboard.PressAsync("j");
        await page.WaitForURLAsync($"**/tickets/{second}");
        await Expect(page.Locator("[data-testid=ticket-number]")).ToHaveTextAsync(second);
    }

    [Fact]
    public async Task Page_heights()
    {
        var number = await OpenComplaintNumberAsync();
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        foreach (var (w, h) in new[] { (1366, 768), (1366, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(w, h);
            foreach (var path in new[] { $"/tickets/{number}", "/inbox", "/sla", "/agent/chat" })
            {
                await page.GotoAsync(path);
                output.WriteLine($"HEIGHT {w}x{h} {path} {await HeightAsync(page)}");
            }
        }
    }
}
