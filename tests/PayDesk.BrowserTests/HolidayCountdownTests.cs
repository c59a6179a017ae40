using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>An administrator closes a day on the calendar and a complaint's resolution countdown moves.</summary>
public sealed class HolidayCountdownTests(BrowserFixture browser)
{
    private sealed record Created(Guid Id, string Number);

    [Fact]
    public async Task Adding_a_holiday_moves_the_sla_countdown()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "web", customer = new { name = "日历客户", phone = "133" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "退款超过一周没到账", description = "退款超过一周没到账", category = "refund",
        })).Content.ReadFromJsonAsync<Created>())!;

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync($"/tickets/{ticket.Number}");
        var resolution = page.Locator("[data-testid=sla-panel] li[data-kind=Resolution]");
        var before = await resolution.InnerTextAsync();
        var dueDay = Regex.Match(before, @"\d{4}-\d{2}-\d{2}").Value;
        Assert.NotEmpty(dueDay);

        // Close the day the complaint is due on the calendar its resolution clock runs on.
        // Resolution clocks run on the standard (working-day) calendar.
        await page.GotoAsync($"/admin/calendars?name=standard&year={dueDay[..4]}");
        await page.FillAsync("[data-testid=day-date]", dueDay);
        await page.SelectOptionAsync("[data-testid=day-kind]", "Closed");
        await page.FillAsync("[data-testid=day-label]", "临时休息日");
        await page.ClickAsync("[data-testid=day-save]");
        await Expect(page.Locator("[data-testid=calendar-days]")).ToContainTextAsync("临时休息日");

        await page.GotoAsync($"/tickets/{ticket.Number}");
        var after = await resolution.InnerTextAsync();
        Assert.NotEqual(before, after);
        Assert.DoesNotContain(dueDay, Regex.Match(after, @"\d{4}-\d{2}-\d{2}").Value);
        await browser.ScreenshotAsync(page, "sla-after-holiday");
    }
}
