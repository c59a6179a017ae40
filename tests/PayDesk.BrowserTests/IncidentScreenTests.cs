using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Features.Incidents;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>故障事件: a supervisor confirms a suggested incident, links more complaints in bulk from a search, and posts an update to every customer.</summary>
public sealed class IncidentScreenTests(BrowserFixture browser)
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
        await page.GotoAsync("/incidents");
        var suggestion = page.Locator("[data-testid=incident-suggestion][data-bank=CEB]").First;
        await Expect(suggestion).ToContainTextAsync("光大银行转账处理中激增");
        await Expect(suggestion).ToContainTextAsync("实际 4 件");
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
        await AdminShots.BothAsync(page, "incident-detail");

        // The complaint page shows its incident.
        await page.GotoAsync($"/tickets/{first}");
        var badge = page.Locator("[data-testid=incident-badge]");
        await Expect(badge).ToContainTextAsync("INC-");
        await Expect(badge).ToContainTextAsync("已定位");
        await page.Locator("[data-testid=incident-panel]").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "incident-badge.png") });
    }
}
