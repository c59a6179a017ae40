using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 19 · training: a trainee handles the simulated double-debit customer in the console and ends with a score; nothing reaches the outbox.</summary>
public sealed class TrainingScreenTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<int> OutboxCountAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Notifications.CountAsync();
    }

    private static async Task SayAsync(IPage page, string text)
    {
        var lines = await page.Locator("[data-testid=training-customer-line]").CountAsync();
        await page.FillAsync("[data-testid=training-input]", text);
        await page.ClickAsync("[data-testid=training-send]");
        await Expect(page.Locator("[data-testid=training-customer-line]")).ToHaveCountAsync(lines + 1);
    }

    private static ILocator LastCustomerLine(IPage page) => page.Locator("[data-testid=training-customer-line]").Last;

    [Fact]
    public async Task A_trainee_completes_the_simulated_double_debit_scenario_with_a_score_and_no_notice()
    {
        var page = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        var outbox = await OutboxCountAsync();

        await page.GotoAsync("/training");
        await Expect(page.Locator(".training-scenarios[data-ready=true]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=training-scenario]").Filter(new() { HasText = "账户冻结" })).ToBeVisibleAsync();
        await Shots.TakeAsync(page, "training-home");
        await page.Locator("[data-testid=training-scenario]").Filter(new() { HasText = "重复扣款" }).Locator("[data-testid=training-start]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/training/sessions/"));
        await Expect(page.Locator("[data-testid=training-console][data-ready=true]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=training-sandbox]")).ToContainTextAsync("沙箱");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("扣了两次");

        await SayAsync(page, "您好，我是客服小王，很抱歉给您带来不便。");
        await SayAsync(page, "请问每笔扣了多少钱？");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("1,309.52");
        await SayAsync(page, "您是在哪个商户消费的？");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("悦家生活超市");
        // The card number is refused until the trainee verified the customer.
        await SayAsync(page, "请提供一下您的银行卡号");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("请先核实");
        await Expect(LastCustomerLine(page)).Not.ToContainTextAsync("0418");

        await page.ClickAsync("[data-testid=training-send-code]");
        await Expect(page.Locator("[data-testid=training-code]")).ToBeVisibleAsync();
        await SayAsync(page, "请告诉我您收到的验证码");
        var code = Regex.Match(await LastCustomerLine(page).InnerTextAsync(), @"验证码是 (\d{6})").Groups[1].Value;
        Assert.Equal(6, code.Length);
        await page.FillAsync("[data-testid=training-code]", code);
        await page.ClickAsync("[data-testid=training-confirm-code]");
        await Expect(page.Locator("[data-testid=training-verified]")).ToHaveTextAsync("已核实");
        await SayAsync(page, "好的，请再提供一下您的银行卡号");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("0418");

        await page.ClickAsync("[data-testid=training-lookup]");
        await Expect(page.Locator("[data-testid=training-ledger]")).ToContainTextAsync("T20261201200457");
        await Expect(page.Locator("[data-testid=training-ledger] tbody tr").Filter(new() { HasText = "¥1,309.52" })).ToHaveCountAsync(2);
        await page.SelectOptionAsync("[data-testid=training-category]", "funds");
        await page.FillAsync("[data-testid=training-solution]", "流水 T20261201200457 为重复扣款，将原路退回您的招商银行卡，1–3 个工作日到账。");
        await page.ClickAsync("[data-testid=training-propose]");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("尽快处理");
        await SayAsync(page, "请问还有其他可以帮您的吗？感谢您的耐心。");
        await Shots.TakeAsync(page, "training-console");

        await page.ClickAsync("[data-testid=training-end]");
        var result = page.Locator("[data-testid=training-result]");
        await Expect(result).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=training-total]")).ToContainTextAsync(new Regex(@"^\d+(\.\d)? / 130$"));
        await Expect(result).ToContainTextAsync("先核实身份再谈账户");
        await Expect(result).ToContainTextAsync("期望结果");
        await Expect(page.Locator("[data-testid=training-input]")).ToHaveCountAsync(0);
        await Shots.TakeAsync(page, "training-result");

        Assert.Equal(outbox, await OutboxCountAsync());

        var phone = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(phone, "agent@paydesk.local");
        await phone.WaitForURLAsync(url => !url.Contains("/account/login"));
        await phone.GotoAsync(page.Url);
        await Expect(phone.Locator("[data-testid=training-result]")).ToBeVisibleAsync();
        await Shots.TakeAsync(phone, "training-result-phone");
        await phone.GotoAsync("/training");
        await Expect(phone.Locator(".training-scenarios[data-ready=true]")).ToBeVisibleAsync();
        await Shots.TakeAsync(phone, "training-home-phone");
    }

    [Fact]
    public async Task A_supervisor_assigns_a_scenario_and_sees_progress_per_agent()
    {
        var page = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/training/manage");
        var form = page.Locator("[data-testid=training-assign]");
        await Expect(form).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => !!window.Blazor");
        await page.WaitForTimeoutAsync(500);
        await form.Locator("label.inline").First.Locator("input").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("[role=status]").Filter(new() { HasText = "已分配给 1 人" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=training-progress] tbody tr")).Not.ToHaveCountAsync(0);
        await Shots.TakeAsync(page, "training-manage");
        var phone = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(phone, "supervisor@paydesk.local");
        await phone.WaitForURLAsync(url => !url.Contains("/account/login"));
        await phone.GotoAsync("/training/manage");
        await Expect(phone.Locator("[data-testid=training-progress]")).ToBeVisibleAsync();
        await Shots.TakeAsync(phone, "training-manage-phone");
    }

    private static class Shots
    {
        public static Task TakeAsync(IPage page, string name) =>
            page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true });
    }
}
