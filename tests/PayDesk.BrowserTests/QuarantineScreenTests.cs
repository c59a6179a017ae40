using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Channels.Email;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// The quarantine page: every held message can be released, a sender-less one once the administrator names the sender.
/// A host of its own: the page lists the newest 25 first, and on the shared host other tests' held mails pushed these
/// off the first page (CI run of 2026-12-03).
/// </summary>
public sealed class QuarantineScreenTests(PrivateBrowserFixture browser) : IClassFixture<PrivateBrowserFixture>
{
    private async Task HoldAsync(string raw)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EmailReceiver>().ReceiveAsync(Encoding.UTF8.GetBytes(raw), false, CancellationToken.None);
    }

    private static string Word(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    [Fact]
    public async Task An_administrator_releases_a_sender_less_mail_and_an_empty_one()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Both used to be unreleasable: no sender, and nothing in it at all.
        await HoldAsync($"To: kefu@paydesk.example\r\nSubject: {Word("没有发件人的投诉 " + tag)}\r\nMessage-ID: <nosender-{tag}@example.cn>\r\n" +
                        $"Content-Type: text/plain; charset=utf-8\r\n\r\n退款还没到账，订单 T20261201{tag[..4]}。\r\n");
        await HoldAsync($"From: {Word("自动回复")} <ooo{tag}@example.cn>\r\nTo: kefu@paydesk.example\r\nSubject: {Word("自动回复：我正在休假 " + tag)}\r\n" +
                        $"Auto-Submitted: auto-replied\r\nMessage-ID: <ooo-{tag}@example.cn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n12月7日回来。\r\n");
        await HoldAsync($"From: empty{tag}@example.cn\r\nTo: kefu@paydesk.example\r\nMessage-ID: <empty-{tag}@example.cn>\r\n\r\n\r\n");

        var admin = await browser.NewPageAsync();
        await browser.SignInAsync(admin, PayDeskFactory.AdminEmail);
        await admin.WaitForURLAsync(url => !url.Contains("/account/login"));
        await admin.GotoAsync("/admin/quarantine");
        var held = admin.Locator("[data-testid=quarantine] tbody tr", new() { HasText = "没有发件人的投诉 " + tag });
        await Expect(held).ToContainTextAsync("没有发件人");
        if (BrowserFixture.DocsShots) await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "quarantine.png"), FullPage = true });

        // Without a sender the release is refused with a clear message; with one it becomes a complaint.
        await held.Locator("button", new() { HasText = "放行为工单" }).ClickAsync();
        await Expect(admin.Locator("[role=alert]")).ToContainTextAsync("请填写客户的电子邮件地址或手机号");
        held = admin.Locator("[data-testid=quarantine] tbody tr", new() { HasText = "没有发件人的投诉 " + tag });
        await held.Locator("input.sender").FillAsync($"named{tag}@example.cn");
        await held.Locator("button", new() { HasText = "放行为工单" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=quarantine] tbody tr", new() { HasText = "没有发件人的投诉 " + tag })).ToHaveCountAsync(0);

        // Senders are shown masked (e******@example.cn); on this host the empty mail is the only one.
        var empty = admin.Locator("[data-testid=quarantine] tbody tr", new() { HasText = "空消息" });
        await Expect(empty).ToHaveCountAsync(1);
        await empty.Locator("button", new() { HasText = "放行为工单" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=quarantine]")).ToBeVisibleAsync();
        await Expect(empty).ToHaveCountAsync(0);
        await admin.GotoAsync("/admin/quarantine?status=released");
        var released = admin.Locator("[data-testid=quarantine] tbody tr", new() { HasText = "没有发件人的投诉 " + tag });
        await released.Locator("a", new() { HasText = "工单" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=ticket-title]")).ToContainTextAsync("没有发件人的投诉 " + tag);
        await Expect(admin.Locator("body")).ToContainTextAsync("退款还没到账");

        await admin.GotoAsync("/admin/quarantine?status=released");
        await Expect(admin.Locator("[data-testid=quarantine] tbody tr", new() { HasText = "空消息" })).ToHaveCountAsync(1);
        await admin.GotoAsync("/admin/quarantine");
        await admin.SetViewportSizeAsync(390, 844);
        // On a phone the row's buttons are still there to press (they sat in a column the phone layout hid).
        await Expect(admin.Locator("[data-testid=quarantine] tbody tr td.actions").First).ToBeVisibleAsync();
        if (BrowserFixture.DocsShots) await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "quarantine-mobile.png"), FullPage = true });
    }
}
