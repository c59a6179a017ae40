using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// What a newcomer walking every screen in Chromium found: the inbox hid status and priority on a phone, /admin/channels
/// scrolled sideways, filing a complaint ended without a confirmation, the English top bar took two lines on a laptop,
/// and the charts cut labels off, shrank text to 7px on a phone, put a Pareto's cumulative share on a count scale and
/// left figures under the wrong headings.
/// </summary>
[LongRunning(89)]
public sealed class NewcomerWalkScreenTests(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.DocsScreens(), name + ".png");

    /// <summary>A phone page zooms out to fit what is too wide, so the layout width is compared with the phone's own 390px.</summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page, int width)
    {
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scroll <= width) return;
        // Name the widest elements that reach past the screen (outside boxes that scroll), so a failure says what to fix.
        var wide = await page.EvaluateAsync<string[]>("""
            w => {
              const all = [];
              const walk = root => { for (const e of root.querySelectorAll('*')) { all.push(e); if (e.shadowRoot) walk(e.shadowRoot); } };
              walk(document.body);
              return all
              .filter(e => e.getBoundingClientRect().right > w
                && (!e.parentElement?.closest('.qa-scroll') || ['absolute', 'fixed'].includes(getComputedStyle(e).position)))
              .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right).slice(0, 5)
              .map(e => `${e.tagName.toLowerCase()}${e.dataset?.testid ? '[' + e.dataset.testid + ']' : ''}.${e.className?.baseVal ?? e.className} ${Math.round(e.getBoundingClientRect().right)}px`);
            }
            """, width);
        Assert.Fail($"{page.Url} is {scroll}px wide on a {width}px screen: {string.Join(" | ", wide)}");
    }

    /// <summary>Each table keeps every column on a phone (the site-wide rule hides a grid's columns after the third).</summary>
    private static async Task AssertEveryColumnShownAsync(IPage page, params string[] tables)
    {
        foreach (var table in tables)
        {
            var hidden = await page.Locator($"[data-testid={table}] th").EvaluateAllAsync<int>("ths => ths.filter(t => getComputedStyle(t).display === 'none').length");
            Assert.True(hidden == 0, $"{table}: {hidden} columns hidden on a phone");
        }
    }

    private async Task<IPage> SignedInAsync(ViewportSize size, string email, string locale = "zh-CN")
    {
        var page = await browser.NewPageAsync(size, locale);
        await browser.SignInAsync(page, email);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        return page;
    }

    // Visible page text smaller than 11px, and SVG text drawn smaller than 11px after the drawing is scaled to its box.
    private const string SmallText = """
        root => {
          const out = [];
          for (const e of root.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (!r.width || !r.height || getComputedStyle(e).visibility === 'hidden') continue;
            if (e.tagName === 'text') {
              if (r.height < 11) out.push(`svg text "${e.textContent.trim()}" ${r.height.toFixed(1)}px high`);
              continue;
            }
            if (e.closest('svg')) continue;
            const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            const size = parseFloat(getComputedStyle(e).fontSize);
            if (own && size < 11) out.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}" ${size}px`);
          }
          return out;
        }
        """;

    // Chart labels and values that reach past the card they are drawn in.
    private const string Clipped = """
        () => [...document.querySelectorAll('.hbar-label, .hbar-value, .lchart-y span, .heat-rows span, .heat-cols span')]
          .filter(e => e.getBoundingClientRect().width > 0)
          .filter(e => { const r = e.getBoundingClientRect(), c = e.closest('.card').getBoundingClientRect(); return r.left < c.left || r.right > c.right; })
          .map(e => e.textContent.trim())
        """;

    // A column heading over figures is aligned as they are: a left heading over right-aligned numbers sat under the next heading.
    private const string MisalignedHeadings = """
        () => {
          const out = [];
          for (const table of document.querySelectorAll('main table.grid')) {
            const heads = [...table.querySelectorAll('thead th')];
            const row = table.querySelector('tbody tr');
            if (!row) continue;
            [...row.children].forEach((td, i) => {
              if (td.classList.contains('num') && heads[i] && getComputedStyle(heads[i]).textAlign !== 'right')
                out.push(`${table.dataset.testid || table.closest('section')?.querySelector('h2')?.textContent.trim()}: ${heads[i].textContent.trim()}`);
            });
          }
          return out;
        }
        """;

    [Fact]
    public async Task The_inbox_on_a_phone_shows_each_complaints_priority_and_status()
    {
        var page = await SignedInAsync(ScreenSizes.Phone, "supervisor@paydesk.local");
        await page.GotoAsync("/inbox");
        var first = page.Locator("[data-testid=inbox] tbody tr").First;
        await Expect(first.Locator("[data-testid=ticket-link]")).ToBeVisibleAsync();
        await Expect(first.Locator(".badge[class*=Priority-]")).ToBeVisibleAsync();
        await Expect(first.Locator(".badge[class*=Status-]")).ToBeVisibleAsync();
        foreach (var badge in new[] { first.Locator(".badge[class*=Priority-]"), first.Locator(".badge[class*=Status-]") })
        {
            var box = (await badge.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"badge at {box.X}+{box.Width}");
            Assert.True(await badge.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)") >= 11);
        }
        // Every row, not just the first, says its status in words.
        var rows = await page.Locator("[data-testid=inbox] tbody tr").CountAsync();
        await Expect(page.Locator("[data-testid=inbox] tbody tr .badge[class*=Status-]:visible")).ToHaveCountAsync(rows);
        await AssertNoSidewaysScrollAsync(page, 390);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("inbox-rows-phone") });
    }

    [Fact]
    public async Task Channel_settings_fit_a_phone_without_sideways_scrolling()
    {
        var page = await SignedInAsync(ScreenSizes.Phone, PayDeskFactory.AdminEmail);
        await page.GotoAsync("/admin/channels");
        await Expect(page.Locator("[data-testid=channel-settings] tbody tr").First).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page, 390);
        // Each channel's address and setting are shown (not dropped as "extra columns") and stay inside the screen.
        var cells = page.Locator("[data-testid=channel-settings] tbody td code");
        Assert.True(await cells.CountAsync() >= 20);
        var outside = await cells.EvaluateAllAsync<string[]>("cs => cs.filter(c => { const r = c.getBoundingClientRect(); return !r.width || r.right > 390; }).map(c => c.textContent)");
        Assert.Empty(outside);
        // The embed snippet keeps its one line and scrolls inside its card.
        await Expect(page.Locator("[data-testid=widget-snippet]")).ToBeVisibleAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("admin-channels-phone"), FullPage = true });
    }

    [Fact]
    public async Task A_customer_filing_on_a_phone_sees_step_two_and_then_a_confirmation_without_scrolling()
    {
        var page = await SignedInAsync(ScreenSizes.Phone, "customer3@paydesk.local");
        await page.GotoAsync("/my/new");
        var subject = "付款失败但是钱被扣了 " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("[data-testid=new-subject]", subject);
        await page.FillAsync("[data-testid=new-description]", "昨天在超市付款提示支付失败，可是银行卡已经扣款 128 元");
        await page.ClickAsync("[data-testid=new-next]");

        // Step 2 (articles that may answer it) is on the first screen, with both choices.
        await Expect(page.Locator("[data-testid=suggested-article]").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.scrollY"));
        await Expect(page.Locator("[data-testid=deflection] h2")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator("[data-testid=deflect-submit]")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator("[data-testid=deflect-solved]")).ToBeInViewportAsync(new() { Ratio = 1 });
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("portal-deflection-phone") });

        await page.ClickAsync("[data-testid=deflect-submit]");
        await page.WaitForURLAsync("**/my/tickets/PD-*");
        var number = Regex.Match(page.Url, @"PD-\d{4}-\d+").Value;
        var confirmation = page.Locator("[data-testid=filed-confirmation]");
        await Expect(confirmation).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.scrollY"));
        await Expect(confirmation).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(confirmation).ToContainTextAsync("投诉已提交");
        await Expect(confirmation.Locator("[data-testid=filed-number]")).ToHaveTextAsync(number);
        await Expect(confirmation.Locator("[data-testid=filed-number]")).ToHaveAttributeAsync("href", $"/my/tickets/{number}");
        await Expect(confirmation.Locator("[data-testid=filed-next]")).ToContainTextAsync("前给您答复");
        await Expect(confirmation.Locator("a[href='/my']")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page, 390);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("portal-filed-phone") });

        // The complaint's own address, opened later, is the page without the confirmation.
        await page.GotoAsync($"/my/tickets/{number}");
        await Expect(page.Locator("[data-testid=ticket-title]")).ToContainTextAsync(subject);
        await Expect(confirmation).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("en", PayDeskFactory.AdminEmail)]
    [InlineData("en", "agent@paydesk.local")]
    [InlineData("en", "supervisor@paydesk.local")]
    [InlineData("zh-CN", PayDeskFactory.AdminEmail)]
    [InlineData("zh-CN", "agent@paydesk.local")]
    public async Task The_top_bar_is_one_line_on_a_laptop(string locale, string email)
    {
        var page = await SignedInAsync(new ViewportSize { Width = 1366, Height = 800 }, email, locale);
        if (locale == "en")
        {
            await page.ClickAsync("[data-testid=lang-en]");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        await page.GotoAsync("/inbox");
        var tops = await page.EvaluateAsync<double[]>(
            "() => [...document.querySelectorAll('header.topbar > .brand, #main-nav > a, #main-nav > details > summary, header .session > *')].map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))");
        Assert.True(tops.Max() - tops.Min() <= 6, $"{locale} {email}: the bar's items sit on {tops.Distinct().Count()} lines ({string.Join(",", tops)})");
        var height = (await page.Locator("header.topbar").BoundingBoxAsync())!.Height;
        Assert.True(height < 60, $"{locale} {email}: the top bar is {height}px high");
        await AssertNoSidewaysScrollAsync(page, 1366);
        if (locale == "en" && email == PayDeskFactory.AdminEmail)
        {
            if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("topbar-en-1366"), Clip = new() { X = 0, Y = 0, Width = 1366, Height = 120 } });
        }
    }

    [Fact]
    public async Task Report_and_board_charts_stay_readable_and_unclipped_at_laptop_and_phone_width()
    {
        var page = await SignedInAsync(new ViewportSize { Width = 1366, Height = 800 }, "supervisor@paydesk.local");
        foreach (var (width, height) in new[] { (1366, 800), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in new[] { "/reports", "/supervisor" })
            {
                await page.GotoAsync(path);
                await Expect(page.Locator("main h1")).ToBeVisibleAsync();
                await Expect(page.Locator(path == "/reports" ? "[data-testid=chart-pareto]" : "[data-testid=board-sla]")).ToBeVisibleAsync();
                var small = new List<string>();
                foreach (var chart in await page.Locator("main figure, main svg.hours, main .hours-axis").AllAsync())
                {
                    small.AddRange(await chart.EvaluateAsync<string[]>(SmallText));
                }
                Assert.True(small.Count == 0, $"{path} at {width}px: " + string.Join(" | ", small.Distinct()));
                var clipped = await page.EvaluateAsync<string[]>(Clipped);
                Assert.True(clipped.Length == 0, $"{path} at {width}px cuts off: " + string.Join(" | ", clipped));
                var headings = await page.EvaluateAsync<string[]>(MisalignedHeadings);
                Assert.True(headings.Length == 0, $"{path}: headings not over their figures: " + string.Join(" | ", headings));
                await AssertNoSidewaysScrollAsync(page, width);
            }
        }

        // The Pareto chart: bars are counts, the running share is a line on a 0–100% axis, ending at 100%.
        await page.SetViewportSizeAsync(1366, 800);
        await page.GotoAsync("/reports");
        var pareto = page.Locator("[data-testid=chart-pareto]");
        await Expect(pareto.Locator(".hbar-ticks").First).ToContainTextAsync("100%");
        // ...and the bars have an axis of their own, in counts: with the percentage axis only, a count's bar read as a share.
        var valueAxis = pareto.Locator("[data-testid=chart-pareto-value-axis]");
        await Expect(valueAxis).ToContainTextAsync("件数");
        await Expect(valueAxis.Locator(".hbar-ticks")).Not.ToContainTextAsync("%");
        var rows = await pareto.Locator(".hbar-track").CountAsync();
        Assert.True(rows >= 2);
        await Expect(pareto.Locator("polyline.cumulative")).ToHaveCountAsync(rows);
        await Expect(pareto.Locator(".hbar-value").Last).ToHaveTextAsync(new Regex("· 100%$"));
        var shares = (await pareto.Locator(".hbar-value").AllInnerTextsAsync()).Select(t => int.Parse(Regex.Match(t, @"(\d+)%$").Groups[1].Value)).ToList();
        Assert.Equal(shares.Order(), shares);
        await pareto.ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("reports-pareto"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        // Viewport shots, not full-page ones: Chromium's full-page capture left cards beside the tables' scrolling boxes
        // unpainted, while the page on the phone's own screen draws them (looked at).
        await pareto.ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("reports-charts-phone") });

        // On a phone the report tables keep every column and scroll inside their card (the site-wide rule hid all after
        // the third: the disclosure table lost its resolved share and its within-deadline share).
        await AssertEveryColumnShownAsync(page, "durations", "disclosure", "scorecards-agent");
        // Headings and ages in the page's language (they read "n", "P50", "CSAT n", "<1d" on the Chinese page).
        await Expect(page.Locator("[data-testid=durations] thead")).ToContainTextAsync("中位数");
        Assert.DoesNotMatch(new Regex(@"\bP\d\d\b|\bn\b"), await page.Locator("main thead").AllInnerTextsAsync() is var heads ? string.Join(" ", heads) : "");
        await Expect(page.Locator("[data-testid=chart-backlog]")).ToContainTextAsync("30 天以上");
        await AssertNoSidewaysScrollAsync(page, 390);
        await page.Locator("[data-testid=durations]").ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("reports-tables-phone") });
    }
    [Fact]
    public async Task The_workforce_page_reads_on_a_phone_with_every_column_of_its_tables()
    {
        var page = await SignedInAsync(ScreenSizes.Phone, "supervisor@paydesk.local");
        await page.GotoAsync("/workforce");
        await Expect(page.Locator("[data-testid=chart-forecast] polyline")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=roster] tbody tr").First).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page, 390);
        var small = new List<string>();
        foreach (var chart in await page.Locator("main figure").AllAsync()) small.AddRange(await chart.EvaluateAsync<string[]>(SmallText));
        Assert.True(small.Count == 0, "/workforce on a phone: " + string.Join(" | ", small.Distinct()));
        var clipped = await page.EvaluateAsync<string[]>(Clipped);
        Assert.True(clipped.Length == 0, "/workforce on a phone cuts off: " + string.Join(" | ", clipped));
        await AssertEveryColumnShownAsync(page, "forecast-days", "roster", "staffing-intervals", "week-roster", "marked-days");
        // The hidden per-interval table and the backtest are opened too, so their columns are checked as well.
        await page.Locator("details:has([data-testid=staffing-intervals]) summary").ClickAsync();
        await page.ClickAsync("[data-testid=run-backtest]");
        await Expect(page.Locator("[data-testid=backtest] tbody tr").First).ToBeVisibleAsync();
        await AssertEveryColumnShownAsync(page, "staffing-intervals", "backtest");
        var headings = await page.EvaluateAsync<string[]>(MisalignedHeadings);
        Assert.True(headings.Length == 0, "/workforce: headings not over their figures: " + string.Join(" | ", headings));
        await AssertNoSidewaysScrollAsync(page, 390);
        await page.GotoAsync("/workforce");
        await Expect(page.Locator("[data-testid=chart-forecast] polyline")).ToHaveCountAsync(2);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("workforce-phone") });
        await page.Locator("[data-testid=forecast-days]").ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("workforce-forecast-phone") });
        await page.Locator("[data-testid=roster]").ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot("workforce-roster-phone") });
    }
    // Links, buttons and fields in table cells the phone layout hides (the site-wide rule hides a grid's columns after the
    // third): on a phone they cannot be reached at all. The inbox's column headings are out of sight on a phone on purpose:
    // its sort select offers the same orders.
    private const string HiddenControls = """
        () => [...document.querySelectorAll('main table td, main table th')]
          .filter(c => getComputedStyle(c).display === 'none' && !c.closest('.inbox-grid thead'))
          .flatMap(c => [...c.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
            .map(e => `${c.closest('table').dataset.testid || c.closest('section')?.querySelector('h2,h3')?.textContent.trim() || 'table'}: ${e.tagName.toLowerCase()} "${(e.textContent || e.value || e.name || '').trim().slice(0, 20)}"`))
        """;

    [Fact]
    public async Task No_link_button_or_field_of_a_staff_page_is_hidden_on_a_phone()
    {
        var found = new List<string>();
        foreach (var email in new[] { PayDeskFactory.AdminEmail, "supervisor@paydesk.local", "agent3@paydesk.local", "expert@paydesk.local" })
        {
            var page = await SignedInAsync(ScreenSizes.Phone, email);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var paths = (await page.Locator("#main-nav a[href^='/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
                .Where(p => !p.StartsWith("/account", StringComparison.Ordinal)).Distinct().ToList();
            Assert.NotEmpty(paths);
            // And the pages opened from the lists: the first complaint of the inbox.
            await page.GotoAsync("/inbox");
            if (await page.Locator("[data-testid=inbox] tbody a[href^='/tickets/']").CountAsync() > 0)
            {
                paths.Add((await page.Locator("[data-testid=inbox] tbody a[href^='/tickets/']").First.GetAttributeAsync("href"))!);
            }
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                // The pages are whole once loaded (interactive ones are prerendered); the chat console fills its queue over
                // SignalR afterwards. Waiting for an idle network on every page (half a second each, a hundred pages) made
                // this the browser suite's last minute.
                if (path == "/agent/chat") await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                found.AddRange((await page.EvaluateAsync<string[]>(HiddenControls)).Select(h => $"{path} ({email}): {h}"));
                if (email == PayDeskFactory.AdminEmail && path is "/admin/users" or "/admin/teams")
                {
                    await page.Locator("main table").First.ScrollIntoViewIfNeededAsync();
                    if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Shot(path.Replace("/admin/", "admin-") + "-phone") });
                }
            }
        }
        Assert.True(found.Count == 0, string.Join("\n", found.Distinct()));
    }
}
