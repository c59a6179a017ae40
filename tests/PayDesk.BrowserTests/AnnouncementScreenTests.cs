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

/// <summary>公告: the help centre's banner for an open public incident (also in the chat widget), a planned maintenance that shows and expires on time, the editor, and 改进公示.</summary>
public sealed class AnnouncementScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_help_centre_and_the_chat_widget_show_an_open_public_incident()
    {
        var now = DateTime.UtcNow;
        Guid id;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var incident = new Incident
            {
                Number = "INC-B-" + Guid.NewGuid().ToString("N")[..6], Title = "招商银行转账处理中", Bank = "CMB", Category = TicketCategory.TransactionFailure,
                Status = IncidentStatus.Identified, StartedAt = now.AddMinutes(-20), ExpectedFixAt = now.AddHours(2), IsPublic = true,
                PublicSummary = "招商银行转账通道故障，款项不会丢失，恢复后将自动到账。", CreatedAt = now, UpdatedAt = now,
            };
            db.Set<Incident>().Add(incident);
            await db.SaveChangesAsync();
            id = incident.Id;
        }
        try
        {
            var page = await browser.NewPageAsync(ScreenSizes.Desktop);
            await page.GotoAsync("/help");
            var banner = page.Locator("[data-testid=announcement-banner] [data-kind=incident]");
            await Expect(banner).ToContainTextAsync("故障公告：招商银行");
            await Expect(banner).ToContainTextAsync("款项不会丢失");
            await Expect(banner).ToContainTextAsync("预计修复时间");
            if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "announcement-help-banner.png"), FullPage = true });

            // The chat widget on the same page shows it above the conversation.
            await page.ClickAsync("[data-testid=chat-launcher]");
            await Expect(page.Locator("[data-testid=chat-announcement]").First).ToContainTextAsync("招商银行");
            if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "announcement-chat-banner.png") });

            var phone = await browser.NewPageAsync(ScreenSizes.Phone, "en");
            await phone.GotoAsync("/help?culture=en");
            var english = phone.Locator("[data-testid=announcement-banner] [data-kind=incident]");
            await Expect(english).ToContainTextAsync("Service disruption: China Merchants Bank");
            await Expect(english).ToContainTextAsync("We know about this problem");
            if (BrowserFixture.DocsShots) await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "announcement-help-banner-phone.png"), FullPage = true });
        }
        finally
        {
            await using var scope = browser.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Incident>().Where(i => i.Id == id).ExecuteDeleteAsync();
        }
        var after = await browser.NewPageAsync(ScreenSizes.Desktop);
        await after.GotoAsync("/help");
        await Expect(after.Locator("[data-testid=announcement-banner] [data-kind=incident]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_supervisor_previews_a_push_on_a_phone_before_anything_is_sent()
    {
        var supervisor = await browser.Factory.ClientForAsync("supervisor@paydesk.local", PayDesk.Tests.Infrastructure.PayDeskFactory.AdminPassword);
        var agent = await browser.Factory.ClientForAsync("agent@paydesk.local", PayDesk.Tests.Infrastructure.PayDeskFactory.AdminPassword);
        (await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "预览客户", phone = "137" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "渤海银行转账失败", description = "转账到渤海银行一直失败", category = "transaction_failure",
        })).EnsureSuccessStatusCode();
        var title = "渤海银行转账延迟-" + Guid.NewGuid().ToString("N")[..6];
        var created = await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "general", titleZh = title, titleEn = "Transfers delayed", bodyZh = "恢复后自动到账。", bodyEn = "Money arrives once it recovers.",
            placement = new[] { "help_centre" }, publishAt = DateTime.UtcNow.AddMinutes(-1), category = "transaction_failure",
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();

        var page = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync($"/announcements?edit={id}");
        await page.SelectOptionAsync("[data-testid=push-channel]", "Sms");
        await page.ClickAsync("[data-testid=push-preview]");
        await Expect(page.Locator("[data-testid=push-preview-result]")).ToContainTextAsync("尚未发送");
        await Expect(page.Locator("[data-testid=count-customers]")).ToHaveTextAsync("0");
        await page.Locator("[data-testid=push-preview-result]").ScrollIntoViewIfNeededAsync();
        await browser.ScreenshotAsync(page, "announcement-push-preview-phone");
        await page.ClickAsync("[data-testid=push-send]");
        await Expect(page.Locator("[data-testid=announcement-notice]")).ToContainTextAsync("已加入发送队列");
        await Expect(page.Locator("[data-testid=count-customers]")).Not.ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_planned_maintenance_notice_appears_at_its_publish_time_and_expires_on_time()
    {
        var supervisor = await browser.Factory.ClientForAsync("supervisor@paydesk.local", PayDesk.Tests.Infrastructure.PayDeskFactory.AdminPassword);
        var title = "系统维护-" + Guid.NewGuid().ToString("N")[..6];
        var publishAt = DateTime.UtcNow.AddSeconds(4);
        var expireAt = publishAt.AddSeconds(6);
        var created = await supervisor.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "maintenance", titleZh = title, titleEn = "Maintenance", bodyZh = "维护期间余额提现暂停，其他功能正常。", bodyEn = "Withdrawals pause.",
            placement = new[] { "help_centre", "portal" }, publishAt, expireAt, windowStart = publishAt.AddHours(1), windowEnd = publishAt.AddHours(2),
        });
        created.EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync(ScreenSizes.Desktop);
        var notice = page.Locator("[data-testid=announcement]", new() { HasText = title });
        await page.GotoAsync("/help");
        if (DateTime.UtcNow < publishAt) await Expect(notice).ToHaveCountAsync(0);
        // The page is rendered per request: reload until the schedule says it shows, then until it has expired.
        await ReloadUntilAsync(page, notice, visible: true, publishAt.AddSeconds(10));
        Assert.True(DateTime.UtcNow >= publishAt.AddMilliseconds(-500), "shown before its publish time");
        await Expect(notice.Locator("[data-testid=announcement-window]")).ToContainTextAsync("北京时间");
        await ReloadUntilAsync(page, notice, visible: false, expireAt.AddSeconds(10));
        Assert.True(DateTime.UtcNow >= expireAt.AddMilliseconds(-500), "gone before its expiry");
    }

    private static async Task ReloadUntilAsync(IPage page, ILocator notice, bool visible, DateTime deadline)
    {
        while (true)
        {
            await page.ReloadAsync();
            if (await notice.CountAsync() > 0 == visible) return;
            Assert.True(DateTime.UtcNow < deadline, visible ? "the notice never appeared" : "the notice never expired");
            await page.WaitForTimeoutAsync(500);
        }
    }

    [Fact]
    public async Task A_supervisor_writes_an_announcement_in_the_editor_and_publishes_an_improvement()
    {
        var page = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/announcements");
        await Expect(page.Locator("[data-testid=announcement-editor]")).ToBeVisibleAsync();
        await page.SelectOptionAsync("[data-testid=a-kind]", "ServiceHours");
        await page.FillAsync("[data-testid=a-title-zh]", "元旦假期服务时间调整");
        await page.FillAsync("[data-testid=a-title-en]", "New Year service hours");
        await page.FillAsync("[data-testid=a-body-zh]", "1 月 1 日人工客服服务时间为 9:00–18:00，智能客服 7×24 小时在线。");
        await page.FillAsync("[data-testid=a-body-en]", "On 1 January agents answer 9:00–18:00; the assistant is online around the clock.");
        await AdminShots.BothAsync(page, "announcements-editor");
        await page.ClickAsync("[data-testid=announcement-save]");
        await Expect(page.Locator("[data-testid=announcement-notice]")).ToContainTextAsync("元旦假期服务时间调整");
        await Expect(page.Locator("[data-testid=announcement-item][data-state=live]", new() { HasText = "元旦假期服务时间调整" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=announcement-push]")).ToBeVisibleAsync();
        await AdminShots.BothAsync(page, "announcements-list");

        await page.GotoAsync("/help");
        await Expect(page.Locator("[data-testid=announcement]", new() { HasText = "元旦假期服务时间调整" })).ToBeVisibleAsync();

        await page.GotoAsync("/announcements/improvements");
        await page.SelectOptionAsync("[data-testid=i-cause]", "BankDelay");
        await page.FillAsync("[data-testid=i-title-zh]", "银行到账延迟主动提醒");
        await page.FillAsync("[data-testid=i-title-en]", "We now tell you about bank delays first");
        await page.FillAsync("[data-testid=i-body-zh]", "针对“到账慢”投诉，我们在银行延迟时主动推送到账预计时间。");
        await page.FillAsync("[data-testid=i-body-en]", "After complaints about slow arrivals we now send the expected arrival time when a bank is late.");
        await page.ClickAsync("[data-testid=improvement-save]");
        await Expect(page.Locator("[data-testid=improvement-notice]")).ToBeVisibleAsync();

        var visitor = await browser.NewPageAsync(ScreenSizes.Desktop);
        await visitor.GotoAsync("/help/improvements?cause=BankDelay");
        await Expect(visitor.Locator("[data-testid=improvement]", new() { HasText = "银行到账延迟主动提醒" })).ToBeVisibleAsync();
        await AdminShots.BothAsync(visitor, "improvements-history");

        // The root-cause report links to the history.
        await page.GotoAsync("/reports");
        await Expect(page.Locator("[data-testid=pareto-improvements] a").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/help/improvements\\?cause="));
    }
}
