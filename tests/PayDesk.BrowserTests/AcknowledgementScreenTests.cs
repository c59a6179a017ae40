using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18, item 2: a complaint taken straight into 开始处理 has exactly one acknowledgement (受理确认).</summary>
public sealed class AcknowledgementScreenTests(BrowserFixture browser)
{
    /// <summary>docs/screens/{name}.png at 1366×900 and {name}-phone.png at 390×844, with <paramref name="focus"/> in view.</summary>
    internal static async Task ScreensAsync(IPage page, string name, string focus)
    {
        await page.Locator(focus).First.ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator(focus).First.ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + "-phone.png") });
        await page.SetViewportSizeAsync(1366, 900);
    }

    private sealed record Created(Guid Id, string Number);

    [Fact]
    public async Task A_complaint_taken_straight_into_work_shows_exactly_one_acknowledgement()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "陈受理", phone = "137" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "提现未到账", description = "昨天提现 200 元到银行卡，至今未到账", category = "funds",
        });
        created.EnsureSuccessStatusCode();
        var ticket = (await created.Content.ReadFromJsonAsync<Created>())!;

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/tickets/{ticket.Number}");
        await agent.ClickAsync("[data-testid=trigger-StartWork]");
        await Expect(agent.Locator("[data-testid=ticket-facts] .badge.Status-InProgress")).ToBeVisibleAsync();
        await browser.Factory.DispatchNotificationsAsync();
        await agent.ReloadAsync();

        var notices = agent.Locator("[data-testid=timeline-auto-ack]");
        await Expect(notices).ToHaveCountAsync(1);
        await Expect(notices).ToHaveTextAsync("已自动发送受理确认（短信）");
        await agent.ClickAsync("[data-testid=tab-timeline]"); // the timeline sits in its own tab beside the conversation
        await ScreensAsync(agent, "complaint-auto-acknowledgement", "[data-testid=timeline-auto-ack]");

        // The outbox holds exactly one acknowledgement for the complaint, and it has left.
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var acks = await db.Notifications.Where(n => n.TicketId == ticket.Id && n.TemplateKey == DefaultTemplates.Acknowledged).ToListAsync();
        var ack = Assert.Single(acks);
        Assert.Equal((NotificationChannel.Sms, DeliveryStatus.Sent), (ack.Channel, ack.Status));
    }
}
