using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Complaints;
using PayDesk.Features.Incidents;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// 故障事件: the supervisor board shows a suggested incident and leads to the decision; the supervisor confirms it, links more
/// complaints in bulk from a search, posts an update to every customer and makes the incident public, and the help centre shows
/// its banner with the expected fix time to an anonymous visitor on a phone. Resolving takes the banner down again.
/// A host of its own: the test classes run side by side, and while the incident is public every help-centre page shows it
/// (the announcement test expects exactly its own incident there), and its notices would move the outbox counts other
/// classes check.
/// </summary>
public sealed class IncidentScreenTests(PrivateBrowserFixture browser) : IClassFixture<PrivateBrowserFixture>
{
    [Fact]
    public async Task A_supervisor_confirms_a_suggestion_links_complaints_in_bulk_and_posts_an_update_to_customers()
    {
        var agent = await browser.Factory.ClientForAsync("agent@paydesk.local", PayDesk.Tests.Infrastructure.PayDeskFactory.AdminPassword);
        var token = "ceb" + Random.Shared.Next(100_000, 999_999);
        async Task<string> FileAsync(string category, string channel, string subject)
        {
            var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel, customer = new { name = "故障演示客户", phone = "137" + Random.Shared.Next(10_000_000, 99_999_999) },
                subject = $"{subject} {token}", description = "转账到光大银行两个小时了还在处理中", category,
            });
            created.EnsureSuccessStatusCode();
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        }
        // Four in the detector's scope (transfers to Everbright), two more filed as fund errors that the supervisor links in bulk.
        var first = await FileAsync("transaction_failure", "app", "转账到光大银行一直处理中");
        for (var i = 0; i < 3; i++) await FileAsync("transaction_failure", i % 2 == 0 ? "phone" : "web", "光大银行转账一直处理中");
        for (var i = 0; i < 2; i++) await FileAsync("funds", "email", "转到光大的钱没到账");

        // The detector's suggestion (its own helper fills these rows; here it is inserted directly).
        var now = DateTime.UtcNow;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(new IncidentSuggestion
            {
                DetectedAt = now.AddMinutes(-2), WindowStart = now.AddMinutes(-15), WindowEnd = now.AddMinutes(-2),
                Category = TicketCategory.TransactionFailure, Bank = "CEB", Observed = 4, Expected = 0.3, PValue = 0.00027,
                Title = "光大银行转账处理中激增", SampleText = "转账到光大银行一直处理中",
            });
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));

        // The supervisor board says a suggestion waits, and its button leads to the decision.
        await page.GotoAsync("/supervisor");
        // The board turns interactive (it refreshes itself) right after its first render: wait for that before touching it.
        var banner = page.Locator("[data-testid=suggestion-banner][data-ready=yes]");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner.Locator("[data-testid=suggestion-banner-item]", new() { HasText = "光大银行转账处理中激增" })).ToContainTextAsync("实际 4 件");
        if (BrowserFixture.DocsShots) await banner.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "supervisor-suggestion-banner.png") });
        await banner.Locator("[data-testid=suggestion-banner-open]").ClickAsync();
        await page.WaitForURLAsync("**/incidents");
        await Expect(page.Locator("[data-testid=incident-suggestion][data-bank=CEB]").First.Locator("[data-testid=incident-confirm]")).ToBeVisibleAsync();

        var suggestion = page.Locator("[data-testid=incident-suggestion][data-bank=CEB]").First;
        await Expect(suggestion).ToContainTextAsync("光大银行转账处理中激增");
        await Expect(suggestion).ToContainTextAsync("实际 4 件");
        // The detector's p-value in words a supervisor reads ("p = 2.7E-4" before).
        await Expect(suggestion).ToContainTextAsync("纯属偶然的概率");
        Assert.DoesNotContain("E-", await suggestion.InnerTextAsync());
        await AdminShots.BothAsync(page, "incidents-board");

        await suggestion.Locator("[data-testid=incident-confirm]").ClickAsync();
        await page.WaitForURLAsync("**/incidents/*confirmed=1");
        await Expect(page.Locator("[data-testid=incident-notice]")).ToContainTextAsync("已确认故障事件");
        await Expect(page.Locator("[data-testid=incident-count]")).ToHaveTextAsync("4");
        await Expect(page.Locator("[data-testid=incident-scope]")).ToContainTextAsync("光大银行");

        // Bulk link from a search: the bank and the words, any category; preview, then link.
        var bulk = page.Locator("[data-testid=incident-bulk]");
        await bulk.Locator("[data-testid=incident-bulk-category]").SelectOptionAsync("");
        await bulk.Locator("[data-testid=incident-bulk-text]").FillAsync(token);
        await bulk.Locator("[data-testid=incident-bulk-preview-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=incident-bulk-preview]")).ToContainTextAsync("找到 2 件");
        await page.Locator("[data-testid=incident-bulk-link]").ClickAsync();
        await Expect(page.Locator("[data-testid=incident-notice]")).ToContainTextAsync("已关联 2 件投诉");
        await Expect(page.Locator("[data-testid=incident-count]")).ToHaveTextAsync("6");

        // One update to every linked customer.
        await page.FillAsync("[data-testid=incident-update-text]", "光大银行转账通道故障已定位，预计 30 分钟内恢复，处理中的款项不会丢失。");
        await page.Locator("[data-testid=incident-update-status]").SelectOptionAsync("Identified");
        await page.CheckAsync("[data-testid=incident-update-customers]");
        await page.ClickAsync("[data-testid=incident-update-submit]");
        await Expect(page.Locator("[data-testid=incident-notice]")).ToContainTextAsync("通知了 6 位客户");
        await Expect(page.Locator("[data-testid=incident-status]")).ToHaveTextAsync("已定位");
        await Expect(page.Locator("[data-testid=incident-update-sent]").First).ToContainTextAsync("已通知 6 位客户");
        await Expect(page.Locator("[data-testid=incident-linked-row]")).ToHaveCountAsync(6);
        // Each linked complaint shows its bank, the first thing checked against a bank's outage.
        await Expect(page.Locator("[data-testid=incident-linked-bank]").First).ToContainTextAsync("光大银行");
        await browser.ScreenshotAsync(page, "incident-page");
        var incidentPath = new Uri(page.Url).AbsolutePath;
        var incidentId = Guid.Parse(incidentPath.Split('/')[^1]);
        try
        {
            await MakePublicAndSeeTheHelpCentreAsync(page, incidentPath, first);
        }
        finally
        {
            // Whatever failed above, no other test may find this incident on the help centre.
            await using var scope = browser.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Incident>().Where(i => i.Id == incidentId && i.Status != IncidentStatus.Resolved)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.IsPublic, false));
        }
    }

    private async Task MakePublicAndSeeTheHelpCentreAsync(IPage page, string incidentPath, string first)
    {
        // Public, with a summary for customers and the expected fix time (Beijing time, as staff type it).
        var fix = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddHours(2), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        fix = new DateTime(fix.Year, fix.Month, fix.Day, fix.Hour, fix.Minute, 0);
        const string summary = "光大银行转账通道故障，处理中的款项不会丢失，恢复后将自动到账。";
        var form = page.Locator("[data-testid=incident-public-form]");
        await Expect(page.Locator("[data-testid=incident-public]")).ToHaveTextAsync("否");
        await form.Locator("[data-testid=incident-public-toggle]").CheckAsync();
        await form.Locator("[data-testid=incident-public-summary]").FillAsync(summary);
        await form.Locator("[data-testid=incident-public-fix]").FillAsync(fix.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await form.Locator("[data-testid=incident-public-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=incident-notice]")).ToContainTextAsync("已对客户公开");
        await Expect(page.Locator("[data-testid=incident-public]")).ToHaveTextAsync("是");
        await Expect(page.Locator("[data-testid=incident-scope]")).ToContainTextAsync(summary);
        await Expect(page.Locator("[data-testid=incident-scope]")).ToContainTextAsync(fix.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await AdminShots.BothAsync(page, "incident-detail");
        // On a phone the linked complaints are cards: how each was linked is in sight, not behind a sideways scroll.
        await page.SetViewportSizeAsync(ScreenSizes.Phone.Width, ScreenSizes.Phone.Height);
        var linkedRow = page.Locator("[data-testid=incident-linked-row]").First;
        await linkedRow.EvaluateAsync("row => row.scrollIntoView({ block: 'start' })");
        await Expect(linkedRow.Locator("td").Last).ToBeInViewportAsync(new() { Ratio = 0.9f });
        await page.SetViewportSizeAsync(1366, 900);

        // An anonymous visitor on a phone sees the banner on the help centre, with what is affected, the summary and the fix time.
        var visitor = await browser.NewPageAsync(ScreenSizes.Phone);
        await visitor.GotoAsync("/help");
        var notice = visitor.Locator("[data-testid=announcement-banner] [data-kind=incident]", new() { HasText = "光大银行" });
        await Expect(notice).ToHaveCountAsync(1);
        await Expect(notice).ToContainTextAsync("故障公告：光大银行");
        await Expect(notice).ToContainTextAsync(summary);
        await Expect(notice).ToContainTextAsync("已定位");
        await Expect(notice.Locator("[data-testid=announcement-fix]")).ToHaveTextAsync($"预计修复时间：{fix:yyyy-MM-dd HH:mm}（北京时间）");
        await Expect(notice).ToBeInViewportAsync();
        if (BrowserFixture.DocsShots) await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "incident-help-banner-phone.png"), FullPage = true });

        // The complaint page shows its incident.
        await page.GotoAsync($"/tickets/{first}");
        var badge = page.Locator("[data-testid=incident-badge]");
        await Expect(badge).ToContainTextAsync("INC-");
        await Expect(badge).ToContainTextAsync("已定位");
        if (BrowserFixture.DocsShots) await page.Locator("[data-testid=incident-panel]").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "incident-badge.png") });

        // Resolved through the screen: the help centre's banner comes down.
        await page.GotoAsync(incidentPath);
        await page.FillAsync("[data-testid=incident-update-text]", "光大银行转账通道已恢复，处理中的转账已全部到账。");
        await page.Locator("[data-testid=incident-update-status]").SelectOptionAsync("Resolved");
        await page.ClickAsync("[data-testid=incident-update-submit]");
        await Expect(page.Locator("[data-testid=incident-status]")).ToHaveTextAsync("已解决");
        await visitor.ReloadAsync();
        await Expect(visitor.Locator("[data-testid=announcement-banner] [data-kind=incident]", new() { HasText = "光大银行" })).ToHaveCountAsync(0);
    }
}
