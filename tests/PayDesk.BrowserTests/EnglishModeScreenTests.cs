using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Complaints;
using PayDesk.Features.Incidents;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Every main screen, in English and in Chinese, shows words: no resource key ("Templates.Key.nps"), no raw code
/// ("duplicate_debit"), and in English no Chinese label where an English one exists.
/// </summary>
[LongRunning(72)]
public sealed partial class EnglishModeScreenTests(PrivateBrowserFixture browser) : IClassFixture<PrivateBrowserFixture>
{
    // What a reader sees: the top bar and the page, with select options and placeholders. Left out, and why:
    // [translate=no] marks customer data on purpose; code/pre hold machine records shown verbatim (the audit log's
    // change record, an API example).
    private const string VisibleText =
        """
        () => {
          const parts = [];
          for (const root of document.querySelectorAll('header, main')) {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const e = n.parentElement;
              if (!e || e.closest('code, pre, [translate=no], script, style, select') || !e.checkVisibility()) continue;
              parts.push(n.textContent);
            }
          }
          parts.push(...[...document.querySelectorAll('main select option')].map(o => o.textContent));
          parts.push(...[...document.querySelectorAll('main [placeholder]')].map(e => e.getAttribute('placeholder')));
          return parts.join('\n');
        }
        """;

    // The interface's own words in English mode: headings, labels, buttons, table heads, badges. People's and
    // banks' names are data: pickers' options and definition terms (a bound card's bank) are left to the key and
    // code checks, and a part marked [translate=no] (an incident's title in its heading, a reviewer's name by a
    // checkbox) is left out of its label.
    private const string InterfaceWords =
        """
        () => [...document.querySelectorAll('header nav a, main h1, main h2, main h3, main th, main label, main button, main legend, main .badge, main summary, main option[value=auto]')]
          .filter(e => !e.closest('[translate=no], code, pre'))
          .map(e => { const c = e.cloneNode(true); c.querySelectorAll('select, textarea, input, [translate=no]').forEach(x => x.remove()); return c.textContent.trim(); })
          // A label may name whose message or card it is ("Message 1 (赵磊)"): the name in brackets is data.
          .map(t => t.replace(/[(（][^)）]*[)）]/g, ''))
        """;

    [GeneratedRegex(@"\b[A-Z][a-zA-Z]+\.[A-Z][A-Za-z.]+\b")]
    private static partial Regex ResourceKey();

    [GeneratedRegex(@"\b[a-z]+_[a-z_]+\b")]
    private static partial Regex SnakeCode();

    /// <summary>Chinese words, and the Chinese list and label punctuation ("In-app、E-mail", "Send by：") an English page must not use.</summary>
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}、：]")]
    private static partial Regex Chinese();

    private const string IncidentTitle = "建设银行转账延迟";

    private async Task<(string Ticket, string Customer, string Incident)> ScreensDataAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // A duplicate debit: the assistant names its intent on the page.
        var ticket = await db.Tickets.Where(t => t.SubCategory == TicketSubCategory.DuplicateDebit).OrderBy(t => t.Number).Select(t => t.Number).FirstAsync();
        var own = await db.Tickets.Where(t => t.Customer!.Email == "customer2@paydesk.local").OrderBy(t => t.Number).Select(t => t.Id).FirstAsync();
        var incident = await db.Set<Incident>().Where(i => i.Title == IncidentTitle).Select(i => (Guid?)i.Id).FirstOrDefaultAsync() ?? await IncidentDataAsync(db);
        return (ticket, $"/my/tickets/{own}", $"/incidents/{incident}");
    }

    /// <summary>
    /// What the incident and announcement screens show (this host is the class's own): a public incident with linked complaints,
    /// an update sent to customers and an internal note; a suggestion waiting on the board; a maintenance notice; an improvement.
    /// </summary>
    private async Task<Guid> IncidentDataAsync(AppDbContext db)
    {
        var supervisor = await browser.Factory.ClientForAsync("supervisor@paydesk.local", PayDesk.Tests.Infrastructure.PayDeskFactory.AdminPassword);
        async Task<JsonElement> OkAsync(Task<HttpResponseMessage> sending)
        {
            var response = await sending;
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var now = DateTimeOffset.UtcNow;
        var opened = await OkAsync(supervisor.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = IncidentTitle, bank = "CCB", category = "transaction_failure", clockPolicy = "pause_resolution", startedAt = now.AddMinutes(-40),
            expectedFixAt = now.AddHours(3), isPublic = true, publicSummary = "建设银行转账延迟，款项不会丢失，恢复后自动到账。",
        }));
        var id = opened.GetProperty("id").GetGuid();
        await OkAsync(supervisor.PostAsJsonAsync($"/api/v1/incidents/{id}/complaints/bulk", new { category = "transaction_failure", max = 5 }));
        await OkAsync(supervisor.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { text = "内部：已联系建行。", toCustomers = false }));
        await OkAsync(supervisor.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { text = "建行转账通道故障已定位，预计三小时内恢复。", status = "identified", toCustomers = true }));
        db.Add(new IncidentSuggestion
        {
            DetectedAt = now.UtcDateTime.AddMinutes(-3), WindowStart = now.UtcDateTime.AddMinutes(-15), WindowEnd = now.UtcDateTime.AddMinutes(-3),
            Category = TicketCategory.Funds, Bank = "BOC", Channel = TicketChannel.App, Observed = 9, Expected = 1.2, PValue = 0.00004,
            Title = "中国银行到账延迟激增", SampleText = "中行转账两小时没到账",
        });
        await db.SaveChangesAsync();
        await OkAsync(supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "maintenance", titleZh = "系统升级维护", titleEn = "System upgrade", bodyZh = "维护期间余额提现暂停，其他功能正常。",
            bodyEn = "Balance withdrawals pause during the upgrade; everything else works.", placement = new[] { "help_centre", "portal", "chat", "assistant" },
            publishAt = now.AddMinutes(-1), expireAt = now.AddDays(2), windowStart = now.AddDays(1), windowEnd = now.AddDays(1).AddHours(2),
        }));
        await OkAsync(supervisor.PostAsJsonAsync("/api/v1/improvements", new
        {
            rootCause = "bank_delay", category = "funds", titleZh = "银行到账延迟主动提醒", titleEn = "We tell you about bank delays first",
            bodyZh = "银行延迟时我们主动推送预计到账时间。", bodyEn = "When a bank is late we now send the expected arrival time.",
        }));
        return id;
    }

    /// <summary>Screens that took the wait for their interactive parts (a check that the marker is still found).</summary>
    private readonly List<string> _waitedOn = [];

    private async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        // Interactive screens load their figures right after the first render; the static ones are whole once loaded
        // (most screens: the wait on every one of them was half of this class's minute and a half). The server marks each
        // prerendered interactive component with a comment in the page it sends (gone from the document once the page has loaded).
        var html = response is null ? "" : await response.TextAsync();
        if (html.Contains("<!--Blazor:{", StringComparison.Ordinal) && html.Contains("\"type\":\"server\"", StringComparison.Ordinal))
        {
            _waitedOn.Add(path);
            await page.WaitForTimeoutAsync(700);
        }
    }

    private static async Task<List<string>> LeaksAsync(IPage page, string path, bool english)
    {
        var text = await page.EvaluateAsync<string>(VisibleText);
        var found = ResourceKey().Matches(text).Select(m => $"{path}: key {m.Value}")
            .Concat(SnakeCode().Matches(text).Select(m => $"{path}: code {m.Value}")).ToList();
        if (english)
        {
            found.AddRange((await page.EvaluateAsync<string[]>(InterfaceWords)).Where(t => Chinese().IsMatch(t)).Select(t => $"{path}: Chinese label {t}"));
        }
        return found;
    }

    private static readonly string[] StaffScreens =
    [
        "/inbox", "{ticket}", "/sla", "/agent/chat", "/supervisor", "/reports", "/workforce", "/admin/templates", "/admin/audit", "/admin/teams",
        "/admin/channels", "/admin/settings", "/admin/system", "/admin/assistant", "/help",
        "/incidents", "{incident}", "/announcements", "/announcements/improvements",
        "/quality/rubrics", "/quality/reviews", "/quality/scorecards", "/quality/mine", "/cases", "/training", "/followups",
    ];

    private static readonly string[] PortalScreens = ["/my", "/my/new", "{own}", "/help", "/help/improvements"];

    private async Task<List<string>> VisitAllAsync(bool english)
    {
        var (ticket, own, incident) = await ScreensDataAsync();
        var problems = new List<string>();
        var staff = await browser.NewPageAsync();
        await browser.SignInAsync(staff, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await staff.WaitForURLAsync(url => !url.Contains("/account/login"));
        if (english)
        {
            await staff.ClickAsync("[data-testid=lang-en]");
            await Expect(staff.Locator("h1")).ToHaveTextAsync("Inbox");
        }
        foreach (var path in StaffScreens.Select(p => p.Replace("{ticket}", $"/tickets/{ticket}").Replace("{incident}", incident)))
        {
            await OpenAsync(staff, path);
            problems.AddRange(await LeaksAsync(staff, path, english));
        }
        // A channel form refusing a value speaks the reader's language too (nothing is saved).
        await OpenAsync(staff, "/admin/channels");
        var port = staff.Locator("[data-testid='cfg-input-smtp.port']");
        if (await port.CountAsync() > 0)
        {
            await port.FillAsync("99999");
            await staff.ClickAsync("[data-testid=channel-save-smtp]");
            await Expect(staff.Locator("[data-testid=channel-config-error]")).ToBeVisibleAsync();
            problems.AddRange(await LeaksAsync(staff, "/admin/channels (refused)", english));
        }
        if (english)
        {
            // The screens supervisors show around, in English, at desk and phone size.
            await OpenAsync(staff, "/supervisor");
            if (BrowserFixture.DocsShots) await staff.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "supervisor-en.png"), FullPage = true });
            await OpenAsync(staff, $"/tickets/{ticket}");
            if (BrowserFixture.DocsShots) await staff.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "complaint-en.png"), FullPage = true });
            await OpenAsync(staff, incident);
            if (BrowserFixture.DocsShots) await staff.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "incident-detail-en.png"), FullPage = true });
            await OpenAsync(staff, "/incidents");
            if (BrowserFixture.DocsShots) await staff.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "incidents-board-en.png"), FullPage = true });
        }

        var customer = await browser.NewPageAsync();
        await browser.SignInAsync(customer, "customer2@paydesk.local");
        await customer.WaitForURLAsync("**/my");
        if (english)
        {
            // The link sets the culture cookie on a round trip; the next visit must not overtake it.
            await customer.ClickAsync("[data-testid=lang-en]");
            await Expect(customer.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        foreach (var path in PortalScreens.Select(p => p.Replace("{own}", own)))
        {
            await OpenAsync(customer, path);
            problems.AddRange(await LeaksAsync(customer, path, english));
        }
        // The supervisor board and the inbox's new-complaint notice are interactive: if the marker were no longer found, the wait
        // would silently stop and late text would go unchecked.
        Assert.Contains("/supervisor", _waitedOn);
        Assert.Contains("/inbox", _waitedOn);
        return problems.Distinct().ToList();
    }

    [Fact]
    public async Task In_english_no_main_screen_shows_a_resource_key_a_raw_code_or_a_chinese_only_label()
    {
        var problems = await VisitAllAsync(english: true);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task In_chinese_no_main_screen_shows_a_resource_key_or_a_raw_code()
    {
        var problems = await VisitAllAsync(english: false);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_supervisor_board_colours_a_busy_agent_amber_and_nobody_is_over_capacity()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await OpenAsync(page, "/supervisor");
        var loads = page.Locator("[data-testid=agent-load]");
        await Expect(loads.First).ToBeVisibleAsync();
        var cells = await loads.EvaluateAllAsync<int[][]>("els => els.map(e => [+e.dataset.load, +e.dataset.capacity])");
        Assert.All(cells, c => Assert.True(c[0] <= c[1], $"{c[0]}/{c[1]}"));
        // The meter's thresholds make the browser colour it: at three quarters of capacity it is no longer green.
        var busy = await page.Locator("[data-testid=agent-load] meter").EvaluateAllAsync<bool>(
            "ms => ms.some(m => m.value >= m.low && m.optimum < m.low)");
        Assert.True(busy, "one demo agent carries three quarters of capacity or more");
        await page.SetViewportSizeAsync(390, 844);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "supervisor-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "supervisor.png"), FullPage = true });
    }
}
