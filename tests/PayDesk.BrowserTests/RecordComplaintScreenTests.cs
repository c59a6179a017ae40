using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// 登记投诉: an agent records a caller's complaint from the inbox. A newcomer's walk found no page for it at all — the
/// hotline's most common task could only be done through the API or by the customer themself.
/// </summary>
public sealed class RecordComplaintScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_records_a_callers_complaint_from_the_inbox_and_a_form_posted_twice_files_it_once()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.ClickAsync("[data-testid=record-complaint-link]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("登记投诉");
        await Expect(page.Locator("[data-testid=record-channel]")).ToHaveValueAsync("Phone");

        // Nothing filled in: the use case's own messages, and nothing filed.
        await page.ClickAsync("[data-testid=record-submit]");
        await Expect(page.Locator("[data-testid=record-error]")).ToContainTextAsync("姓名：此项为必填。");

        var subject = "来电登记 " + Guid.NewGuid().ToString("N")[..6];
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        await page.FillAsync("[data-testid=record-name]", "陆风华");
        await page.FillAsync("[data-testid=record-phone]", phone);
        await page.FillAsync("[data-testid=record-subject]", subject);
        await page.FillAsync("[data-testid=record-description]", "同一笔订单被扣了两次 199 元，卡号 6222 0212 3456 7890 123，请退回一笔");
        await page.FillAsync("[data-testid=record-amount]", "199");
        await AcknowledgementScreenTests.ScreensAsync(page, "record-complaint", "[data-testid=record-submit]");

        // The same form posted twice (a double click, a resend): one complaint.
        var statuses = await page.EvaluateAsync<int[]>(@"async () => {
            const form = document.querySelector('[data-testid=record-complaint]');
            const post = () => fetch(form.action || location.href, { method: 'POST', body: new FormData(form), redirect: 'manual' }).then(r => r.status);
            return [await post(), await post()];
        }");
        Assert.All(statuses, s => Assert.True(s is 0 or 200 or 302, $"HTTP {s}"));
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var filed = await db.Tickets.Where(t => t.Subject == subject).Select(t => new { t.Number, t.Channel, t.Description, t.Amount }).ToListAsync();
            var one = Assert.Single(filed);
            Assert.Equal(TicketChannel.Phone, one.Channel);
            Assert.Equal(199m, one.Amount);
            Assert.DoesNotContain("6222 0212 3456 7890 123", one.Description);
        }

        // Through the button as a person does: the complaint page says it was recorded (the replay of the same form).
        await page.ClickAsync("[data-testid=record-submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/tickets/PD-[0-9-]+\?recorded=1"));
        await Expect(page.Locator("[data-testid=recorded]")).ToContainTextAsync("已登记投诉");
        await Expect(page.Locator("[data-testid=ticket-title]")).ToHaveTextAsync(subject);
        await Expect(page.Locator("[data-testid=workspace]")).Not.ToContainTextAsync("6222 0212 3456 7890 123");

        // From the customer's page, the next complaint is recorded for them without typing them again.
        await page.ClickAsync("a[href^='/customers/']");
        await page.ClickAsync("[data-testid=record-for-customer]");
        await Expect(page.Locator("[data-testid=record-known-customer]")).ToContainTextAsync("陆风华");
        await Expect(page.Locator("[data-testid=record-known-customer]")).ToContainTextAsync(phone[..3] + "****" + phone[^4..]);
        await Expect(page.Locator("[data-testid=record-name]")).ToHaveCountAsync(0);
    }
}
