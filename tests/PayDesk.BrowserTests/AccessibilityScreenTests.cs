using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Every main screen names its form controls and charts for screen readers, has one main heading,
/// and the customer's screens fit a phone without sideways scrolling.
/// </summary>
[LongRunning(46)]
public sealed class AccessibilityScreenTests(BrowserFixture browser)
{
    // Controls a screen reader could not name: no label, aria-label(ledby) or title; buttons without text.
    private const string Unnamed = """
        () => [...document.querySelectorAll('input, select, textarea, button, svg[role=img]')]
          .filter(e => e.type !== 'hidden' && (e.offsetParent !== null || e.tagName === 'svg'))
          .filter(e => {
            if (e.tagName === 'BUTTON') return !(e.innerText.trim() || e.textContent.trim() || e.getAttribute('aria-label'));
            if (e.tagName === 'svg') return !e.getAttribute('aria-label');
            return !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.title);
          })
          .map(e => e.outerHTML.slice(0, 160))
        """;

    // WCAG 2.1 contrast of visible text against the first opaque background behind it: 4.5:1, or 3:1
    // for large text (24 px, or 18.66 px bold).
    private const string LowContrast = """
        () => {
          const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
            .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
          const background = e => {
            for (let n = e; n; n = n.parentElement) {
              const c = rgb(getComputedStyle(n).backgroundColor);
              if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) return c;
            }
            return [255, 255, 255];
          };
          const out = [];
          for (const e of document.querySelectorAll('body *')) {
            if (!e.offsetParent || ['SCRIPT', 'STYLE', 'svg', 'OPTION'].includes(e.tagName) || e.closest('svg')) continue;
            const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            if (!own) continue;
            const st = getComputedStyle(e);
            if (st.visibility === 'hidden' || Number(st.opacity) < 0.5) continue;
            const fg = lum(rgb(st.color)), bg = lum(background(e));
            const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
            const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
            const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (ratio < need) out.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
          }
          return out;
        }
        """;

    private static async Task<List<string>> CheckAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var problems = (await page.EvaluateAsync<string[]>(Unnamed)).Select(e => $"{path}: unnamed {e}").ToList();
        problems.AddRange((await page.EvaluateAsync<string[]>(LowContrast)).Distinct().Select(e => $"{path}: contrast {e}"));
        var headings = await page.Locator("main h1").CountAsync();
        if (headings != 1) problems.Add($"{path}: {headings} main headings");
        if (!Regex.IsMatch(await page.Locator("html").GetAttributeAsync("lang") ?? "", "^(zh-CN|en)$")) problems.Add($"{path}: no page language");
        return problems;
    }

    [Fact]
    public async Task Staff_screens_name_every_control_and_chart()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        string number;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            number = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tickets.OrderBy(t => t.Number).Select(t => t.Number).FirstAsync();
        }
        // The checks themselves catch what they are for.
        await page.GotoAsync("/inbox");
        // Styles are set through the DOM: the Content-Security-Policy refuses inline style attributes.
        await page.EvaluateAsync("() => { const p = document.createElement('p'); p.textContent = '淡灰文字'; p.style.color = '#bbb'; p.style.background = '#fff'; document.querySelector('main').append(p); document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=bare>'); }");
        Assert.Contains(await page.EvaluateAsync<string[]>(LowContrast), e => e.Contains("淡灰文字"));
        Assert.Contains(await page.EvaluateAsync<string[]>(Unnamed), e => e.Contains("bare"));

        var problems = new List<string>();
        foreach (var path in new[] { "/inbox", $"/tickets/{number}", "/supervisor", "/reports", "/workforce", "/sla", "/phone", "/kb",
                     "/admin/teams", "/admin/users", "/admin/calendars", "/admin/sla", "/admin/templates", "/admin/templates/solution_proposed/email/en", "/admin/channels", "/admin/quarantine", "/admin/audit", "/account/security" })
        {
            problems.AddRange(await CheckAsync(page, path));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Customer_screens_fit_a_phone_and_name_every_control()
    {
        var page = await browser.NewPageAsync(new ViewportSize { Width = 375, Height = 740 }); // a touch, mobile viewport
        await browser.SignInAsync(page, "customer3@paydesk.local");
        await page.WaitForURLAsync("**/my");
        var first = page.Locator("main a[href^='/my/tickets/']").First;
        var ticketPath = await first.GetAttributeAsync("href");
        foreach (var path in new[] { "/my", "/my/new", ticketPath!, "/help", "/account/security" })
        {
            var problems = await CheckAsync(page, path);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 1, $"{path} is {overflow}px wider than the phone");
        }
        await browser.ScreenshotAsync(page, "portal-phone");
    }

    [Fact]
    public async Task In_english_the_main_screens_show_no_chinese_in_their_headings_labels_and_buttons()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.ClickAsync("[data-testid=lang-en]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Inbox");
        string number;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            number = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tickets.OrderBy(t => t.Number).Select(t => t.Number).FirstAsync();
        }
        // The checks themselves catch what they are for.
        await page.GotoAsync("/inbox");
        // Styles are set through the DOM: the Content-Security-Policy refuses inline style attributes.
        await page.EvaluateAsync("() => { const p = document.createElement('p'); p.textContent = '淡灰文字'; p.style.color = '#bbb'; p.style.background = '#fff'; document.querySelector('main').append(p); document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=bare>'); }");
        Assert.Contains(await page.EvaluateAsync<string[]>(LowContrast), e => e.Contains("淡灰文字"));
        Assert.Contains(await page.EvaluateAsync<string[]>(Unnamed), e => e.Contains("bare"));

        var problems = new List<string>();
        foreach (var path in new[] { "/inbox", $"/tickets/{number}", "/supervisor", "/reports", "/workforce", "/sla", "/phone", "/kb", "/help",
                     "/admin/teams", "/admin/users", "/admin/calendars", "/admin/sla", "/admin/templates", "/admin/templates/solution_proposed/email/en", "/admin/channels", "/admin/quarantine", "/admin/audit", "/account/security" })
        {
            await page.GotoAsync(path);
            // The interface's own words; customer data and configured names (shift names) may stay Chinese.
            var texts = await page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('header nav a, header summary, main h1, main h2, main h3, main th, main label, main button, main legend')]
                  .filter(e => !e.closest('[translate=no]'))
                  .map(e => { const c = e.cloneNode(true); c.querySelectorAll('select, textarea, input').forEach(x => x.remove()); return c.textContent.trim(); })
                """);
            problems.AddRange(texts.Where(t => Regex.IsMatch(t, @"\p{IsCJKUnifiedIdeographs}")).Select(t => $"{path}: {t}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }
}
