using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>A supervisor finds what happened to one complaint in the audit log, told in sentences.</summary>
public sealed class AuditScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_supervisor_filters_by_complaint_and_reads_the_status_change_in_words()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "审计演示客户", phone = "136" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "同一订单扣款两次", description = "审计日志浏览器测试", category = "funds",
        });
        created.EnsureSuccessStatusCode();
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var number = ticket.GetProperty("number").GetString()!;
        (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.GetProperty("id").GetString()}/transitions", new { trigger = "acknowledge" })).EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/admin/audit");
        await page.FillAsync("[data-testid=audit-ticket]", number);
        await page.SelectOptionAsync("[data-testid=audit-type]", "Ticket");
        await page.ClickAsync("[data-testid=audit-filters] button[type=submit]");
        await page.WaitForURLAsync("**ticket=**");
        var sentences = page.Locator("[data-testid=audit-sentence]");
        await Expect(sentences.First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=audit-log]")).ToContainTextAsync($"将投诉 {number} 的状态由「新受理」改为「已确认」");
        await Expect(page.Locator("[data-testid=audit-log]")).ToContainTextAsync($"登记了投诉 {number}");
        Assert.All(await sentences.AllInnerTextsAsync(), s => Assert.DoesNotContain("{", s));

        // The raw record stays one click away for experts.
        var raw = page.Locator("[data-testid=audit-log] details").First;
        await Expect(raw.Locator("code.changes")).ToBeHiddenAsync();
        await raw.Locator("summary").ClickAsync();
        await Expect(raw.Locator("code.changes")).ToBeVisibleAsync();
        await AdminShots.BothAsync(page, "audit-log-words");
    }
}
