using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;
using PayDesk.Features.Cases;
using PayDesk.Features.Complaints;
using PayDesk.Features.Training;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Issue 19 · training: a double-debit case from the library becomes a scenario; a trainee handles its simulated customer
/// in the console (answers from the case's facts, the card number refused before verification), ends with a score, a
/// supervisor scores the rubric's manual items; nothing reaches the outbox.
/// </summary>
public sealed class TrainingScreenTests(PrivateBrowserFixture browser) : IClassFixture<PrivateBrowserFixture>
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

    /// <summary>A published double-debit case (as the library keeps it: scrubbed) and the scenario a supervisor makes of it, unedited.</summary>
    private async Task<(string Title, string CardLastFour)> ScenarioFromDoubleDebitCaseAsync()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        var source = new ServiceCase
        {
            TicketId = Guid.NewGuid(), TicketNumber = "C-BROWSER", Status = CaseStatus.Published, Title = "网店订单被重复扣款",
            Problem = "我在悦家生活超市的网店买东西只付了一次，但是【卡号】被扣了两次，每次 1,309.52 元，请尽快把多扣的钱退回来。\n涉及金额：1309.52 CNY",
            Cause = "银行重复清算", Actions = "- 【客户】您好，已核实流水【流水号】存在两笔扣款，其中一笔为重复扣款，已提交退回申请，预计 1–3 个工作日原路退回。\n- 退款 1309.52 CNY",
            CustomerWords = "「我昨天晚上八点在悦家生活超市的网店付了一次款，卡被扣了两次，每次 1,309.52 元，请尽快退给我。」\n「我打过招商银行的客服，他们说两笔都是你们发起的。」",
            Lessons = "先核对交易流水再答复：两笔扣款时间相近、金额相同即可判定重复扣款。", Category = TicketCategory.Funds, Channel = TicketChannel.Phone,
            CreatedAt = now, CreatedBy = "测试主管", UpdatedAt = now, UpdatedBy = "测试主管", PublishedAt = now, PublishedBy = "测试主管",
        };
        db.Set<ServiceCase>().Add(source);
        await db.SaveChangesAsync();
        var published = (await sp.GetRequiredService<ICaseLibrary>().GetAsync(source.Id, CancellationToken.None))!;
        var draft = ScenarioFromCase.Draft(published, now);
        var made = await CreateScenario.CreateAsync(draft, null, db, "测试主管", sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IStringLocalizer<SharedResource>>(), CancellationToken.None);
        Assert.False(made.Failed, made.ErrorText);
        return (made.Value!.Title, draft.Secrets!.Single(x => x.Topic == TrainingTopics.CardNumber).Value[^4..]);
    }

    [Fact]
    public async Task A_trainee_completes_a_double_debit_scenario_built_from_a_case_gets_a_score_and_a_review_and_no_notice_leaves()
    {
        var (title, cardLastFour) = await ScenarioFromDoubleDebitCaseAsync();
        var page = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        var outbox = await OutboxCountAsync();

        await page.GotoAsync("/training");
        await Expect(page.Locator(".training-scenarios[data-ready=true]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=training-scenario]").Filter(new() { HasText = "账户冻结" })).ToBeVisibleAsync();
        await Shots.TakeAsync(page, "training-home");
        await page.Locator("[data-testid=training-scenario]").Filter(new() { HasText = title }).Locator("[data-testid=training-start]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/training/sessions/"));
        await Expect(page.Locator("[data-testid=training-console][data-ready=true]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=training-sandbox]")).ToContainTextAsync("沙箱");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("扣了两次");

        // The simulated customer answers from the case's facts: amount, merchant, the bank they called.
        await SayAsync(page, "您好，我是客服小王，很抱歉给您带来不便。");
        await SayAsync(page, "请问每笔扣了多少钱？");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("1,309.52");
        await SayAsync(page, "您是在哪个商户消费的？");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("悦家生活超市");
        await SayAsync(page, "您联系过银行了吗？");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("招商银行的客服");
        // The card number is refused until the trainee verified the customer.
        await SayAsync(page, "请提供一下您的银行卡号");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("请先核实");
        await Expect(LastCustomerLine(page)).Not.ToContainTextAsync(cardLastFour);

        await page.ClickAsync("[data-testid=training-send-code]");
        await Expect(page.Locator("[data-testid=training-code]")).ToBeVisibleAsync();
        await SayAsync(page, "请告诉我您收到的验证码");
        var code = Regex.Match(await LastCustomerLine(page).InnerTextAsync(), @"验证码是 (\d{6})").Groups[1].Value;
        Assert.Equal(6, code.Length);
        await page.FillAsync("[data-testid=training-code]", code);
        await page.ClickAsync("[data-testid=training-confirm-code]");
        await Expect(page.Locator("[data-testid=training-verified]")).ToHaveTextAsync("已核实");
        await SayAsync(page, "好的，请再提供一下您的银行卡号");
        await Expect(LastCustomerLine(page)).ToContainTextAsync(cardLastFour);

        await page.ClickAsync("[data-testid=training-lookup]");
        await Expect(page.Locator("[data-testid=training-ledger] tbody tr").Filter(new() { HasText = "1,309.52 CNY" })).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=training-ledger]")).ToContainTextAsync("疑似重复");
        await page.SelectOptionAsync("[data-testid=training-category]", "funds");
        await page.FillAsync("[data-testid=training-solution]", "第二笔 ¥1,309.52 为重复扣款，将原路退回您的招商银行卡，1–3 个工作日到账。");
        await page.ClickAsync("[data-testid=training-propose]");
        await Expect(LastCustomerLine(page)).ToContainTextAsync("尽快处理");
        await SayAsync(page, "请问还有其他可以帮您的吗？谢谢。");
        await Shots.TakeAsync(page, "training-console");

        await page.ClickAsync("[data-testid=training-end]");
        var result = page.Locator("[data-testid=training-result]");
        await Expect(result).ToBeVisibleAsync();
        // Automatic items (110) plus the rubric's manual items (40) waiting for a reviewer.
        await Expect(page.Locator("[data-testid=training-total]")).ToContainTextAsync(new Regex(@"^\d+(\.\d)? / 150$"));
        await Expect(result).ToContainTextAsync("先核实身份再谈账户");
        await Expect(result).ToContainTextAsync("使用规范用语");
        await Expect(result).ToContainTextAsync("信息准确");
        await Expect(result).ToContainTextAsync("期望结果");
        await Expect(page.Locator("[data-testid=training-input]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=training-review]")).ToHaveCountAsync(0);
        var auto = await page.Locator("[data-testid=training-total]").InnerTextAsync();
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

        // A supervisor opens the ended session and scores the rubric's manual items; the total adds them.
        var reviewer = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(reviewer, "supervisor@paydesk.local");
        await reviewer.WaitForURLAsync(url => !url.Contains("/account/login"));
        await reviewer.GotoAsync(page.Url);
        await Expect(reviewer.Locator("[data-testid=training-console][data-ready=true]")).ToBeVisibleAsync();
        var items = reviewer.Locator("[data-testid=training-review-item]");
        await Expect(items).ToHaveCountAsync(3);
        foreach (var (key, value) in new[] { ("accurate_info", "4"), ("empathy", "5"), ("next_steps", "2") })
        {
            var input = reviewer.Locator($"[data-testid=training-review-item][data-key={key}] input");
            await input.FillAsync(value);
            await input.PressAsync("Tab");
        }
        await reviewer.ClickAsync("[data-testid=training-review-save]");
        var autoPoints = decimal.Parse(auto.Split('/')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Expect(reviewer.Locator("[data-testid=training-total]")).ToHaveTextAsync($"{autoPoints + 16 + 10 + 10:0.#} / 150");
        await Shots.TakeAsync(reviewer, "training-review");
        Assert.Equal(outbox, await OutboxCountAsync());
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
        // A scenario from a published (demo) case: drafted, edited, created, then offered for assignment.
        await page.ClickAsync("[data-testid=training-draft]");
        var draft = page.Locator("[data-testid=training-draft-form]");
        await Expect(draft).ToBeVisibleAsync();
        await Expect(draft.Locator("[data-testid=training-draft-fact]")).Not.ToHaveCountAsync(0);
        await Expect(draft.Locator("[data-testid=training-draft-fact][data-topic=what_happened]")).ToBeVisibleAsync();
        Assert.DoesNotContain("【", await draft.Locator("[data-testid=training-draft-opening]").InputValueAsync());
        await Shots.TakeAsync(page, "training-from-case");
        await page.SelectOptionAsync("[data-testid=training-draft-mood]", "angry");
        var title = "浏览器测试场景 " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("[data-testid=training-draft-title]", title);
        await page.ClickAsync("[data-testid=training-create-scenario]");
        await Expect(page.Locator("[data-testid=training-from-case-status]")).ToContainTextAsync(title);
        await Expect(page.Locator("[data-testid=training-assign-scenario] option:checked")).ToHaveTextAsync(title);
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
        await phone.WaitForFunctionAsync("() => !!window.Blazor");
        await phone.WaitForTimeoutAsync(500);
        await phone.ClickAsync("[data-testid=training-draft]");
        await Expect(phone.Locator("[data-testid=training-draft-form]")).ToBeVisibleAsync();
        await Shots.TakeAsync(phone, "training-manage-phone");
    }

    private static class Shots
    {
        public static Task TakeAsync(IPage page, string name) => BrowserFixture.DocsShots
            ? page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true })
            : Task.CompletedTask;
    }
}
