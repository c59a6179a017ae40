using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The complaint workbench and the customer's answer, in a real browser.</summary>
public sealed class LifecycleScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task Agent_works_a_complaint_and_the_customer_accepts_the_solution_in_the_portal()
    {
        string number;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            number = await db.Tickets.Where(t => t.Status == TicketStatus.New && t.Customer!.Email == "customer@paydesk.local")
                .OrderBy(t => t.Number).Select(t => t.Number).FirstAsync();
        }

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/tickets/{number}");
        await agent.ClickAsync("[data-testid=trigger-StartWork]");
        // Routing may already have given it to another front-desk agent; either way it has an owner now.
        await Expect(agent.Locator("[data-testid=wb-owner]")).Not.ToHaveTextAsync("未分配");

        await agent.ClickAsync("[data-testid=trigger-ProposeSolution]");
        await Expect(agent.Locator("[data-testid=workbench-error]")).ToContainTextAsync("必填");
        var solution = $"已为您核实并处理，款项将原路退回。{Guid.NewGuid():N}"[..30];
        await agent.FillAsync("[data-testid=wb-reason]", solution);
        await agent.ClickAsync("[data-testid=trigger-ProposeSolution]");
        await Expect(agent.Locator("[data-testid=ticket-facts] .badge.Status-SolutionProposed")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=timeline]")).ToContainTextAsync(solution);
        await browser.ScreenshotAsync(agent, "ticket-workbench");

        var customer = await browser.NewPageAsync();
        await browser.SignInAsync(customer, "customer@paydesk.local");
        await customer.WaitForURLAsync("**/my");
        await customer.GotoAsync($"/my/tickets/{number}");
        await Expect(customer.Locator("[data-testid=solution-text]")).ToHaveTextAsync(solution);
        await browser.ScreenshotAsync(customer, "my-complaint-solution");
        await customer.ClickAsync("[data-testid=accept-solution]");
        await Expect(customer.Locator("[data-testid=ticket-facts] .badge.Status-Resolved")).ToBeVisibleAsync();
        await Expect(customer.Locator("[data-testid=solution]")).ToHaveCountAsync(0);

        await agent.ReloadAsync();
        await Expect(agent.Locator("[data-testid=trigger-Close]")).ToBeVisibleAsync();
        await agent.SelectOptionAsync("[data-testid=wb-root-cause]", "BankDelay");
        await agent.SelectOptionAsync("[data-testid=wb-resolution-code]", "Refunded");
        await agent.ClickAsync("[data-testid=trigger-Close]");
        await Expect(agent.Locator("[data-testid=ticket-facts] .badge.Status-Closed")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=timeline] li")).Not.ToHaveCountAsync(0);
        Assert.Matches(new Regex("已关闭|Closed"), await agent.Locator("[data-testid=ticket-facts]").InnerTextAsync());
        // Time, event and who each stand apart in a timeline line ("15:53PD-2026-000173", "通知管理员" ran together).
        foreach (var line in await agent.Locator("[data-testid=timeline] li").AllInnerTextsAsync())
        {
            Assert.DoesNotMatch(new Regex(@"\d{2}:\d{2}\S"), line.Split('\n')[0]);
        }

        // The problem comes back: the customer reopens it with a reason.
        await customer.ReloadAsync();
        await customer.ClickAsync("[data-testid=reopen-submit]");
        await Expect(customer.Locator("[data-testid=reopen] [role=alert]")).ToBeVisibleAsync();
        await customer.FillAsync("[data-testid=reopen-reason]", "钱还是没有到账");
        await customer.ClickAsync("[data-testid=reopen-submit]");
        await Expect(customer.Locator("[data-testid=ticket-facts] .badge.Status-InProgress")).ToBeVisibleAsync();
    }
}

/// <summary>Admins find one notification template in the list and edit it beside its live preview.</summary>
public sealed class TemplateScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_edits_the_chinese_sms_acknowledgement_beside_its_preview()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/admin/templates");
        await page.SelectOptionAsync("[data-testid=filter-channel]", "sms");
        await page.SelectOptionAsync("[data-testid=filter-locale]", "zh-CN");
        await page.ClickAsync("[data-testid=template-filters] button");
        await Expect(page.Locator("[data-testid=templates] tbody tr")).ToHaveCountAsync(PayDesk.Features.Notifications.DefaultTemplates.Keys.Length);
        await Expect(page.Locator("[data-testid=templates]")).ToContainTextAsync("推荐意愿调查");
        await Expect(page.Locator("[data-testid=templates]")).ToContainTextAsync("回访");
        await AdminShots.BothAsync(page, "admin-templates");

        await page.ClickAsync("[data-template='acknowledged/sms/zh-CN'] a >> nth=0");
        await page.WaitForURLAsync("**/admin/templates/acknowledged/sms/zh-CN");
        await Expect(page.Locator("[data-testid=template-editor][data-ready=yes]")).ToBeVisibleAsync();
        var body = page.Locator("[data-testid=template-body]");
        await Expect(page.Locator("[data-testid=template-variables]")).ToContainTextAsync("{ticketNumber}");
        // The preview follows the typing, with sample values in place of the placeholders.
        await body.FillAsync("【PayDesk】{customerName}您好，投诉 ");
        await page.ClickAsync("[data-testid=template-variables] [data-variable=ticketNumber]");
        await Expect(body).ToHaveValueAsync("【PayDesk】{customerName}您好，投诉 {ticketNumber}");
        await Expect(page.Locator("[data-testid=template-preview]")).ToHaveTextAsync("【PayDesk】李明您好，投诉 PD-2026-000042");

        await body.FillAsync("【PayDesk】{customerName}您好，{refundAmount} 已退回。");
        await Expect(page.Locator("[data-testid=template-unknown]")).ToContainTextAsync("{refundAmount}");
        await page.ClickAsync("[data-testid=template-save]");
        await Expect(page.Locator("[data-testid=template-error]")).ToContainTextAsync("{refundAmount}");

        await body.FillAsync("【PayDesk】{customerName}您好，投诉 {ticketNumber} 已受理，我们会尽快联系您。");
        await page.ClickAsync("[data-testid=template-save]");
        await Expect(page.Locator("[data-testid=template-status]")).ToContainTextAsync("受理确认");
        await AdminShots.BothAsync(page, "admin-template-editor");
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=template-editor][data-ready=yes]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=template-body]")).ToHaveValueAsync("【PayDesk】{customerName}您好，投诉 {ticketNumber} 已受理，我们会尽快联系您。");
        await Expect(page.Locator("[data-testid=template-editor]")).ToContainTextAsync("已自定义");

        await page.ClickAsync("[data-testid=template-reset]");
        await Expect(page.Locator("[data-testid=template-body]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("24 小时内"));
    }
}

/// <summary>Supervisors see late and at-risk complaints; each complaint shows its clocks.</summary>
public sealed class SlaScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task Breached_demo_complaints_appear_in_the_escalation_queue_with_their_clocks()
    {
        // The demo's older open complaints are past their targets once the evaluator has looked.
        var evaluator = browser.Factory.Services.GetRequiredService<PayDesk.Features.Sla.SlaEvaluator>();
        while ((await evaluator.RunAsync(CancellationToken.None)) != (0, 0)) { }

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.ClickAsync("a[href='/sla']");
        var breached = page.Locator("[data-testid=sla-queue] tbody tr");
        await Expect(breached.First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "sla-queues");

        await breached.First.Locator("a").ClickAsync();
        await Expect(page.Locator("[data-testid=sla-panel] .badge.clock-Breached").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("时限已超时，升级至第 \\d 级"));
    }
}

/// <summary>Admins keep the service calendars: holidays, special hours, make-up days.</summary>
public sealed class CalendarScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_adds_a_holiday_to_the_peak_calendar()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/admin/calendars?name=peak&year=2033");
        await page.FillAsync("[data-testid=day-date]", "2033-05-04");
        await page.SelectOptionAsync("[data-testid=day-kind]", "Closed");
        await page.FillAsync("[data-testid=day-label]", "公司年会");
        await page.ClickAsync("[data-testid=day-save]");
        await Expect(page.Locator("[data-testid=calendar-days] tr[data-date='2033-05-04']")).ToContainTextAsync("公司年会");
        await browser.ScreenshotAsync(page, "admin-calendars");
    }

    [Fact]
    public async Task Admin_adds_a_night_calendar_and_gives_it_its_weekly_hours()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/admin/calendars");
        var name = "夜班" + Random.Shared.Next(1000, 9999);
        await page.FillAsync("[data-testid=new-calendar-name]", name);
        await page.SelectOptionAsync("[data-testid=new-calendar-from]", "standard");
        await page.ClickAsync("[data-testid=new-calendar-create]");
        await Expect(page.Locator("p.ok[role=status]")).ToContainTextAsync($"已新建日历“{name}”");
        await Expect(page.Locator($"[data-testid='calendar-{name}']")).ToHaveClassAsync("active");
        // The copy starts with the standard week and its holidays.
        await Expect(page.Locator("[data-testid=hours-monday]")).ToHaveValueAsync("09:00-18:00");
        await Expect(page.Locator("[data-testid=hours-saturday]")).ToHaveValueAsync("");
        await Expect(page.Locator("[data-testid=calendar-days] tr").First).ToBeVisibleAsync();

        // A wrong zone is named and nothing is saved.
        await page.FillAsync("[data-testid=hours-zone]", "Beijing");
        await page.FillAsync("[data-testid=hours-monday]", "22:00-06:00");
        await page.ClickAsync("[data-testid=hours-save]");
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("时区：时区无效");

        await page.FillAsync("[data-testid=hours-zone]", "Asia/Shanghai");
        foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }) await page.FillAsync($"[data-testid=hours-{day}]", "22:00-06:00");
        await page.FillAsync("[data-testid=hours-makeup]", "22:00-06:00");
        await page.ClickAsync("[data-testid=hours-save]");
        await Expect(page.Locator("p.ok[role=status]")).ToContainTextAsync("已保存每周营业时间");
        await Expect(page.Locator("[data-testid=hours-monday]")).ToHaveValueAsync("22:00-06:00");
        await Expect(page.Locator("[data-testid=hours-makeup]")).ToHaveValueAsync("22:00-06:00");
        await Expect(page.Locator("[data-testid=hours-saturday]")).ToHaveValueAsync("");
        await AdminShots.BothAsync(page, "admin-calendar-hours");
        // On a phone each dated exception is one card with its remove button in sight (the table used to scroll sideways).
        await page.SetViewportSizeAsync(390, 844);
        var remove = await page.Locator("[data-testid=day-remove]").First.BoundingBoxAsync();
        Assert.True(remove is not null && remove.X + remove.Width <= 390, $"the first remove button ends at {remove?.X + remove?.Width} px on a 390-px phone");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));
        await page.SetViewportSizeAsync(1366, 900);

        // Teams can now work on it.
        await page.GotoAsync("/admin/teams");
        await Expect(page.Locator($"option[value='{name}']").First).ToBeAttachedAsync();

        // Removed again, with a confirmation; a built-in calendar offers no removal.
        await page.GotoAsync($"/admin/calendars?name={Uri.EscapeDataString(name)}");
        await page.ClickAsync("[data-testid=delete-calendar]");
        await Expect(page.Locator($"[data-testid='calendar-{name}']")).ToBeVisibleAsync(); // the unticked box stopped the form
        await page.CheckAsync("[data-testid=delete-calendar-confirm]");
        await page.ClickAsync("[data-testid=delete-calendar]");
        await Expect(page.Locator("p.ok[role=status]")).ToContainTextAsync($"日历“{name}”已删除");
        await Expect(page.Locator($"[data-testid='calendar-{name}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=delete-calendar-form]")).ToHaveCountAsync(0);

        // Every step is in the audit log, told as a sentence: the removal first, the hours with what they were before.
        await page.GotoAsync("/admin/audit?type=ServiceCalendar");
        var sentences = page.Locator("[data-testid=audit-sentence]").Filter(new() { HasText = name });
        await Expect(sentences.First).ToContainTextAsync($"删除了服务日历「{name}」");
        await Expect(page.Locator("[data-testid=audit-sentence]").Filter(new() { HasText = "周一由「09:00-18:00」改为「22:00-06:00」" })).ToHaveCountAsync(1);
        await Expect(sentences.Last).ToContainTextAsync("复制自「标准");
        await browser.ScreenshotAsync(page, "admin-audit-calendar");
    }
}

/// <summary>Admins set the service-level targets.</summary>
public sealed class SlaPolicyScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_changes_the_resolution_target()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/admin/sla");
        await page.FillAsync("[data-testid=resolution-minutes]", "1620");
        await page.ClickAsync("[data-testid=sla-policy-save]");
        await Expect(page.Locator("[role=status]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=resolution-minutes]")).ToHaveValueAsync("1620");
        // Minutes on the office calendar read as working days beside the field.
        await Expect(page.Locator("[data-testid=resolution-reads]")).ToContainTextAsync("个工作日");
        await browser.ScreenshotAsync(page, "admin-sla-policy");
    }
}

/// <summary>Agents set their presence; supervisors see queues and agents.</summary>
public sealed class RoutingScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_goes_away_and_the_supervisor_board_shows_it()
    {
        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent3@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await Expect(agent.Locator("[data-testid=presence-now]")).ToHaveTextAsync("在线");
        await agent.SelectOptionAsync("[data-testid=presence-select]", "Away");
        await agent.ClickAsync("[data-testid=presence-set]");
        await Expect(agent.Locator("[data-testid=presence-now]")).ToHaveTextAsync("离开");
        // Away or offline, the switch says what it means: no new work.
        await Expect(agent.Locator("[data-testid=presence-hint]")).ToHaveTextAsync("不会分配新工作");
        await browser.ScreenshotAsync(agent, "agent-away");
        var phone = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await browser.SignInAsync(phone, "agent3@paydesk.local");
        await phone.WaitForURLAsync("**/inbox");
        // On a phone the switch sits in the menu.
        await phone.ClickAsync("[data-testid=nav-toggle]");
        await Expect(phone.Locator("[data-testid=presence-hint]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(phone, "agent-away-phone");

        var supervisor = await browser.NewPageAsync();
        await browser.SignInAsync(supervisor, "supervisor@paydesk.local");
        await supervisor.WaitForURLAsync("**/inbox");
        await supervisor.ClickAsync("a[href='/supervisor']");
        await Expect(supervisor.Locator("[data-testid=queues] tr[data-team=front_desk]")).ToBeVisibleAsync();
        await Expect(supervisor.Locator("[data-testid=agents]")).ToContainTextAsync("陈静");
        await Expect(supervisor.Locator("[data-testid=agents] tr", new() { HasText = "陈静" })).ToContainTextAsync("离开");
        await browser.ScreenshotAsync(supervisor, "supervisor-board");
    }
}

/// <summary>Supervisors give agents their team and skills.</summary>
public sealed class TeamsScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task Supervisor_gives_an_agent_english_and_merchant_skills_with_the_controls()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/admin/teams");
        await page.ClickAsync("[data-testid=agent-profiles] tr[data-user='agent2@paydesk.local'] [data-testid=edit-skills]");
        await Expect(page.Locator("[data-testid=agent-skills][data-ready=yes]")).ToBeVisibleAsync();
        var rows = page.Locator("[data-testid=skill-row]");
        var before = await rows.CountAsync();

        // A skill that is already there cannot be added twice.
        await page.ClickAsync("[data-testid=skill-add]");
        await Expect(rows).ToHaveCountAsync(before + 1);
        var first = await rows.First.Locator("[data-testid=skill-name]").InputValueAsync();
        await rows.Last.Locator("[data-testid=skill-name]").SelectOptionAsync(first);
        await page.ClickAsync("[data-testid=skills-save]");
        await Expect(page.Locator("[data-testid=skills-error]")).ToBeVisibleAsync();

        // The demo's agent already speaks Chinese; drop any English and merchant rows, then add them with the controls.
        foreach (var skill in new[] { "lang:en", "segment:merchant" })
        {
            var index = await IndexOfAsync(rows, skill);
            if (index < 0) continue;
            var count = await rows.CountAsync();
            await rows.Nth(index).Locator("[data-testid=skill-remove]").ClickAsync();
            await Expect(rows).ToHaveCountAsync(count - 1);
        }
        await rows.Last.Locator("[data-testid=skill-name]").SelectOptionAsync("lang:en");
        await rows.Last.Locator("[data-testid=skill-level]").SelectOptionAsync("4");
        var rowsNow = await rows.CountAsync();
        await page.ClickAsync("[data-testid=skill-add]");
        await Expect(rows).ToHaveCountAsync(rowsNow + 1);
        await rows.Last.Locator("[data-testid=skill-name]").SelectOptionAsync("segment:merchant");
        await rows.Last.Locator("[data-testid=skill-level]").SelectOptionAsync("2");
        await page.ClickAsync("[data-testid=skills-save]");
        await Expect(page.Locator("[data-testid=skills-status]")).ToContainTextAsync("李强");
        await AdminShots.BothAsync(page, "admin-agent-skills");

        await page.GotoAsync("/admin/teams");
        var summary = page.Locator("[data-testid=agent-profiles] tr[data-user='agent2@paydesk.local'] .skill-summary");
        await Expect(summary).ToContainTextAsync("英文 · 4");
        await Expect(summary).ToContainTextAsync("商户客户 · 2");
        await browser.ScreenshotAsync(page, "admin-teams");
        // On a phone each team is a block of its own (the table was 1,827 px wide, each 保存 far to the right).
        await page.SetViewportSizeAsync(390, 844);
        var save = (await page.Locator("[data-testid^=team-save-]").First.BoundingBoxAsync())!;
        Assert.True(save.X + save.Width <= 390, $"a team's save button at {save.X}px");
        await page.SetViewportSizeAsync(1366, 900);
        await AdminShots.BothAsync(page, "admin-teams");
    }

    private static async Task<int> IndexOfAsync(ILocator rows, string skill)
    {
        var all = await rows.AllAsync();
        for (var i = 0; i < all.Count; i++)
        {
            if (await all[i].Locator("[data-testid=skill-name]").InputValueAsync() == skill) return i;
        }
        return -1;
    }
}
