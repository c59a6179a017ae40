using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18 item 4: the agent's workspace — complaint page, inbox, /sla and the chat console.</summary>
[LongRunning(33)]
public sealed class WorkspaceScreenTests(BrowserFixture browser, ITestOutputHelper output)
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
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true });
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
        // Routing hands unowned open complaints to online agents at any moment; a resolved one it leaves alone,
        // so "t" is tried on a resolved complaint without an owner.
        string unowned;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            unowned = await db.Tickets.Where(t => t.Status == TicketStatus.Resolved).OrderBy(t => t.Number).Select(t => t.Number).FirstAsync(TestContext.Current.CancellationToken);
            await db.Tickets.Where(t => t.Number == unowned).ExecuteUpdateAsync(u => u.SetProperty(t => t.OwnerId, (Guid?)null), TestContext.Current.CancellationToken);
        }
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/inbox?sort=oldest");
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

        // j: the next complaint in the order the inbox showed.
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("j");
        await page.WaitForURLAsync($"**/tickets/{second}");
        await Expect(page.Locator("[data-testid=ticket-number]")).ToHaveTextAsync(second);

        await page.GotoAsync($"/tickets/{unowned}");
        await Expect(page.Locator("[data-testid=wb-take]")).ToBeVisibleAsync();
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("t");
        await Expect(page.Locator("[data-testid=wb-owner]")).ToHaveTextAsync("王芳");
    }

    private static async Task<List<string>> AttributeAsync(ILocator cells, string name) =>
        (await cells.EvaluateAllAsync<string[]>($"els => els.map(e => e.getAttribute('{name}') || '')")).ToList();

    [Fact]
    public async Task Inbox_sorts_by_sla_due_and_shows_owner_and_countdown()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.SetViewportSizeAsync(1366, 768);
        await page.ClickAsync("[data-testid=sort-sla]");
        await page.WaitForURLAsync("**/inbox?sort=sla");
        // Enhanced navigation changes the address before it patches the page: wait for the sorted table itself.
        await Expect(page.Locator("[data-testid=inbox][data-sort=sla]")).ToBeVisibleAsync();
        var due = await AttributeAsync(page.Locator("[data-testid=inbox-sla]"), "data-due");
        var dated = due.TakeWhile(d => d != "").Select(d => DateTime.Parse(d, null, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        Assert.True(dated.Count >= 2, "the demo has complaints with running clocks");
        Assert.Equal(dated.OrderBy(d => d), dated);
        Assert.All(due.Skip(dated.Count), d => Assert.Equal("", d));
        // Colour never alone: each countdown says in words how urgent it is.
        await Expect(page.Locator("[data-testid=inbox-sla] .countdown").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(正常 · 剩余|预警 · 剩余|即将超时 · 剩余|已超时) "));
        await Expect(page.Locator("[data-testid=inbox-owner]").First).Not.ToBeEmptyAsync();
        // The second page continues the same order (sorted in the query, not on the page).
        var pager = page.Locator("nav.pager a[rel=next]");
        if (await pager.CountAsync() > 0)
        {
            var last = dated.LastOrDefault();
            await pager.ClickAsync();
            await page.WaitForURLAsync("**sort=sla*page=2");
            await Expect(page.Locator("nav.pager a[rel=prev]")).ToBeVisibleAsync();
            var next = (await AttributeAsync(page.Locator("[data-testid=inbox-sla]"), "data-due")).Where(d => d != "").Select(d => DateTime.Parse(d, null, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
            if (dated.Count == due.Count && next.Count > 0) Assert.True(next[0] >= last);
            await page.GoBackAsync();
        }
        await page.GotoAsync("/inbox?sort=sla");
        await ShootAsync(page, "inbox-desktop", 1366, 768);
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.False(await HorizontalScrollAsync(page));
        await ShootAsync(page, "inbox-phone", 390, 844);
    }

    [Fact]
    public async Task Sla_page_lists_each_complaint_once_soonest_first_with_owner()
    {
        var evaluator = browser.Factory.Services.GetRequiredService<PayDesk.Features.Sla.SlaEvaluator>();
        while ((await evaluator.RunAsync(CancellationToken.None)) != (0, 0)) { }
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.SetViewportSizeAsync(1366, 768);
        await page.GotoAsync("/sla");
        var rows = page.Locator("[data-testid=sla-row]");
        await Expect(rows.First).ToBeVisibleAsync();
        var numbers = await rows.Locator("td:first-child").AllInnerTextsAsync();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var due = (await AttributeAsync(rows, "data-due")).Select(d => DateTime.Parse(d, null, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        Assert.Equal(due.OrderBy(d => d), due);
        await Expect(rows.First.Locator(".countdown")).ToContainTextAsync("超时");
        await ShootAsync(page, "sla-desktop", 1366, 768);
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.False(await HorizontalScrollAsync(page));
        await ShootAsync(page, "sla-phone", 390, 844);
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

/// <summary>
/// Issue 18: the chat console. A class (and so an app) of its own: keeping chat open saves a service-level policy,
/// which re-targets the demo's clocks under the workspace tests' feet.
/// </summary>
public sealed class ChatConsoleScreenTests(BrowserFixture browser)
{
    private static async Task ShootAsync(IPage page, string name, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true });
    }

    private static Task<bool> HorizontalScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

    [Fact]
    public async Task Chat_console_shows_the_signed_in_customers_profile_open_complaints_and_transactions()
    {
        await browser.KeepChatOpenAsync();
        var customer = await browser.NewPageAsync();
        await browser.SignInAsync(customer, "customer@paydesk.local");
        await customer.WaitForURLAsync("**/my");
        await customer.ClickAsync("[data-testid=chat-launcher]");
        await customer.ClickAsync("[data-testid=chat-start-button]");
        await Expect(customer.Locator("[data-testid=chat-log]")).ToContainTextAsync("智能助手");
        await customer.FillAsync("[data-testid=chat-input]", "转人工");
        await customer.ClickAsync("[data-testid=chat-send]");
        await Expect(customer.Locator("[data-testid=chat-log]")).ToContainTextAsync("正在为您转接人工客服");

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.SetViewportSizeAsync(1366, 768);
        await agent.GotoAsync("/agent/chat");
        await Expect(agent.Locator("[data-testid=chat-context]")).ToContainTextAsync("接入一个会话后");
        await agent.Locator("[data-testid=queue-item] [data-testid=accept-chat]").First.ClickAsync();
        var context = agent.Locator("[data-testid=chat-context]");
        await Expect(context.Locator("[data-testid=context-customer]")).ToBeVisibleAsync();
        await Expect(context.Locator("[data-testid=context-complaints] a").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/tickets/PD-"));
        await Expect(context).ToContainTextAsync("近 30 天");
        Assert.Matches(@"1\d{2}\*{4}\d{4}", await context.InnerTextAsync());
        // Transactions read as on every other screen: 2026-12-05 14:30 and 1,309.52 CNY (the console wrote 2026/12/5 and 1309.52).
        var transactions = context.Locator("[data-testid=context-transactions] li");
        await Expect(transactions.First).ToBeVisibleAsync();
        var first = await transactions.First.InnerTextAsync();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} ", first);
        Assert.Matches(@"\d\.\d{2} [A-Z]{3}", first);
        // The conversation has the main width; the queue is a narrow column.
        var chat = await agent.Locator(".console-chat").BoundingBoxAsync();
        var queue = await agent.Locator(".console-queue").BoundingBoxAsync();
        Assert.True(chat!.Width > 2 * queue!.Width, $"chat {chat.Width}px, queue {queue.Width}px");
        await ShootAsync(agent, "chat-console-desktop", 1366, 768);
        await agent.SetViewportSizeAsync(390, 844);
        Assert.False(await HorizontalScrollAsync(agent));
        await ShootAsync(agent, "chat-console-phone", 390, 844);
    }
}
