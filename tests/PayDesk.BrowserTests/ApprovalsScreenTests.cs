using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// 待复核 in the approvers' inbox: a newcomer's walk found a refund waiting for its second person shown only on its
/// complaint's page, so no expert or supervisor would know to look.
/// </summary>
public sealed class ApprovalsScreenTests(BrowserFixture browser)
{
    private sealed record Created(Guid Id, string Number);

    [Fact]
    public async Task An_expert_finds_a_refund_waiting_for_a_second_person_in_the_inbox_and_opens_its_complaint()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "钱待批", phone = "135" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "重复扣款", description = "同一笔订单扣了两次 1888 元", category = "funds",
            amount = new { value = 1888.00m, currency = "CNY" }, transactionId = "T" + Random.Shared.Next(10_000_000, 99_999_999),
        });
        response.EnsureSuccessStatusCode();
        var ticket = (await response.Content.ReadFromJsonAsync<Created>())!;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.Tickets.SingleAsync(t => t.Id == ticket.Id);
            row.VerifiedAt = DateTime.UtcNow;
            row.VerificationMethod = VerificationMethod.SmsCode;
            await db.SaveChangesAsync();
        }
        var proposed = await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/actions", new { kind = "refund", amount = new { value = 1888.00m, currency = "CNY" }, note = "退回重复扣款" });
        proposed.EnsureSuccessStatusCode();

        var expert = await browser.NewPageAsync();
        await browser.SignInAsync(expert, "expert@paydesk.local");
        await expert.WaitForURLAsync("**/inbox");
        var waiting = expert.Locator("[data-testid=approvals-pending]");
        await Expect(waiting).ToContainTextAsync(ticket.Number);
        await Expect(waiting).ToContainTextAsync("1,888.00 CNY");
        await browser.ScreenshotAsync(expert, "inbox-approvals");
        var phone = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(phone, "expert@paydesk.local");
        await phone.WaitForURLAsync("**/inbox");
        await Expect(phone.Locator("[data-testid=approvals-pending]")).ToContainTextAsync(ticket.Number);
        await browser.ScreenshotAsync(phone, "inbox-approvals-phone");
        await waiting.GetByText(ticket.Number).ClickAsync();
        await expert.WaitForURLAsync($"**/tickets/{ticket.Number}");
        await Expect(expert.Locator("[data-testid=wb-actions]")).ToContainTextAsync("1,888.00");
    }
}
