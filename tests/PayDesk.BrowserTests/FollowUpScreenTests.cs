using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>回访: the agent finds a resolved complaint's follow-up in the queue, records "problem back", and the complaint is reopened; the reports show the figures.</summary>
public sealed class FollowUpScreenTests(BrowserFixture browser)
{
    /// <summary>A complaint of the demo agent, escalated and resolved: the rules give it a visit.</summary>
    private async Task<(HttpClient Agent, string Id, string Number)> ResolvedEscalatedAsync(string subject, string description)
    {
        var agent = await browser.Factory.ClientForAsync("agent@paydesk.local", PayDesk.Tests.Infrastructure.PayDeskFactory.AdminPassword);
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "回访演示客户", phone = "137" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject, description, category = "refund",
        });
        created.EnsureSuccessStatusCode();
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = ticket.GetProperty("id").GetString()!;
        async Task FireAsync(string trigger, string? reason = null) =>
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { trigger, reason })).EnsureSuccessStatusCode();
        await FireAsync("start_work");
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/escalate", new { reason = "客户要求主管处理" })).EnsureSuccessStatusCode();
        await FireAsync("propose_solution", "已核实交易记录并向客户说明原因");
        await FireAsync("accept_solution");
        return (agent, id, ticket.GetProperty("number").GetString()!);
    }

    [Fact]
    public async Task An_agent_records_that_the_customer_asked_to_be_called_on_another_day_on_a_phone()
    {
        var (_, _, number) = await ResolvedEscalatedAsync("退款金额不对", "回访浏览器测试：约定改时间");
        var page = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync($"/followups?ticket={number}");
        await page.Locator($"[data-testid=followup-item][data-ticket='{number}'] [data-testid=followup-open]").ClickAsync();
        await Expect(page.Locator("[data-testid=followup-record]")).ToContainTextAsync(number);
        await page.CheckAsync("[data-testid=result-call_back]");
        // Two days on, 15:00 in the visit's zone (Beijing time for the demo teams).
        var beijing = DateTime.UtcNow.AddHours(8).Date.AddDays(2).AddHours(15);
        await page.FillAsync("[data-testid=followup-callback-at]", beijing.ToString("yyyy-MM-dd'T'HH:mm"));
        await page.FillAsync("[data-testid=followup-note]", "客户在开会，约后天下午三点再打");
        await browser.ScreenshotAsync(page, "followup-call-back-phone");
        await page.ClickAsync("[data-testid=followup-submit]");
        await Expect(page.Locator("[data-testid=followup-notice]")).ToContainTextAsync($"{beijing:yyyy-MM-dd} 15:00");
        // Still open, due then.
        await page.GotoAsync($"/followups?ticket={number}");
        await Expect(page.Locator($"[data-testid=followup-item][data-ticket='{number}']")).ToContainTextAsync("15:00");
    }

    [Fact]
    public async Task An_agent_records_problem_back_from_the_queue_and_the_complaint_is_reopened()
    {
        var (agent, id, number) = await ResolvedEscalatedAsync("退款到账后又被扣回", "回访浏览器测试");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/followups");
        await Expect(page.Locator("[data-testid=followup-queue]")).ToBeVisibleAsync();
        // The agent finds the complaint's visit by its number (the demo's own visits fill the first page too).
        await page.FillAsync("[data-testid=followup-ticket]", number);
        await page.ClickAsync("[data-testid=followup-filters] button[type=submit]");
        await page.WaitForURLAsync("**ticket=**");
        var item = page.Locator($"[data-testid=followup-item][data-ticket='{number}']");
        await Expect(item).ToBeVisibleAsync();
        await Expect(item).ToContainTextAsync("曾升级");
        await Expect(item).ToContainTextAsync("09:00");
        await AdminShots.BothAsync(page, "followup-queue");

        await item.Locator("[data-testid=followup-open]").ClickAsync();
        var form = page.Locator("[data-testid=followup-record]");
        await Expect(form).ToContainTextAsync(number);
        await page.CheckAsync("[data-testid=result-problem_back]");
        await page.FillAsync("[data-testid=followup-note]", "退款又被扣回，客户账户少了 86 元");
        await AdminShots.BothAsync(page, "followup-record");
        await page.ClickAsync("[data-testid=followup-submit]");

        await Expect(page.Locator("[data-testid=followup-notice]")).ToContainTextAsync($"{number} 已重新打开");
        await Expect(page.Locator($"[data-testid=followup-item][data-ticket='{number}']")).ToHaveCountAsync(0);
        var after = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}");
        Assert.Equal("in_progress", after.GetProperty("status").GetString());

        // The supervisor's reports page shows the follow-up figures with the problem back counted.
        var supervisor = await browser.NewPageAsync();
        await browser.SignInAsync(supervisor, "supervisor@paydesk.local");
        await supervisor.WaitForURLAsync(url => !url.Contains("/account/login"));
        var today = DateTime.UtcNow.AddHours(8);
        await supervisor.GotoAsync($"/reports?from={today.AddDays(-60):yyyy-MM-dd}&to={today.AddDays(20):yyyy-MM-dd}");
        var card = supervisor.Locator("[data-testid=report-followups]");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.Locator("[data-testid=kpi-followup-completion]")).ToContainTextAsync("%");
        await Expect(card.Locator("[data-testid=kpi-followup-problem-back]")).Not.ToContainTextAsync("(0)");
        await card.ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await card.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "followup-report-card.png") });
    }

    [Fact]
    public async Task A_supervisor_reassigns_a_visit_and_the_complaint_page_shows_it()
    {
        var agent = await browser.Factory.ClientForAsync("agent@paydesk.local", PayDesk.Tests.Infrastructure.PayDeskFactory.AdminPassword);
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "改派演示客户", phone = "139" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "提现到账金额不对", description = "改派浏览器测试", category = "funds",
        });
        created.EnsureSuccessStatusCode();
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = ticket.GetProperty("id").GetString()!;
        var number = ticket.GetProperty("number").GetString()!;
        async Task FireAsync(string trigger, string? reason = null) =>
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { trigger, reason })).EnsureSuccessStatusCode();
        await FireAsync("start_work");
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/escalate", new { reason = "金额差异需核对" })).EnsureSuccessStatusCode();
        await FireAsync("propose_solution", "已核对到账金额并说明手续费");
        await FireAsync("accept_solution");

        // The supervisor opens the visit from the queue and hands it to 李强.
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync($"/followups?ticket={number}");
        var item = page.Locator($"[data-testid=followup-item][data-ticket='{number}']");
        await Expect(item).ToContainTextAsync("王芳");
        await item.Locator("[data-testid=followup-open]").ClickAsync();
        await Expect(page.Locator("[data-testid=followup-reassign]")).ToBeVisibleAsync();
        await page.SelectOptionAsync("[data-testid=followup-reassign-to]", new Microsoft.Playwright.SelectOptionValue { Label = "李强" });
        await page.ClickAsync("[data-testid=followup-reassign-submit]");
        await Expect(page.Locator("[data-testid=followup-notice]")).ToContainTextAsync("李强");
        await Expect(page.Locator($"[data-testid=followup-item][data-ticket='{number}']")).ToContainTextAsync("李强");
        await AdminShots.BothAsync(page, "followup-reassign");

        // The complaint's page lists the visit: open, due, attempts, the new assignee.
        await page.GotoAsync($"/tickets/{number}");
        var visits = page.Locator("[data-testid=complaint-followups]");
        await Expect(visits).ToBeVisibleAsync();
        await Expect(visits.Locator("[data-testid=complaint-followup]")).ToContainTextAsync("李强");
        await Expect(visits.Locator("[data-testid=complaint-followup]")).ToContainTextAsync("09:00");
        await visits.ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await visits.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "complaint-followups-panel.png") });
        await page.SetViewportSizeAsync(390, 844);
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"));
        await page.SetViewportSizeAsync(1366, 900);
    }

    [Fact]
    public async Task A_supervisor_plans_a_visit_the_rules_did_not_and_it_is_planned_once()
    {
        // A walk found no way to ask for a follow-up visit: only the rules made them.
        var admin = await browser.Factory.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "人工回访客户", phone = "137" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "客户情绪激动", description = "人工安排回访测试", category = "consultation",
        });
        created.EnsureSuccessStatusCode();
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = Guid.Parse(ticket.GetProperty("id").GetString()!);
        var number = ticket.GetProperty("number").GetString()!;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            // Resolved as the lifecycle leaves it, without the rules' planning (they might have picked it by sample).
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            var row = await db.Tickets.SingleAsync(t => t.Id == id);
            (row.Status, row.ResolvedAt) = (PayDesk.Features.Complaints.TicketStatus.Resolved, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync($"/tickets/{number}");
        // The customer asked to be called on a given day: three days on, 10:30 in the team's zone (Beijing).
        var asked = DateTime.UtcNow.AddHours(8).Date.AddDays(3).AddHours(10.5);
        await page.FillAsync("[data-testid=request-followup-when]", asked.ToString("yyyy-MM-dd'T'HH:mm"));
        await AcknowledgementScreenTests.ScreensAsync(page, "followup-request", "[data-testid=request-followup]");
        await page.ClickAsync("[data-testid=request-followup-submit]");
        var visit = page.Locator("[data-testid=complaint-followup]");
        await Expect(visit).ToHaveCountAsync(1);
        await Expect(visit).ToHaveAttributeAsync("data-status", "Open");
        await Expect(visit).ToContainTextAsync($"{asked:yyyy-MM-dd} 10:30");
        await Expect(page.Locator("[data-testid=request-followup]")).ToHaveCountAsync(0);
        await page.GotoAsync($"/followups?status=all&ticket={number}");
        await Expect(page.Locator("main")).ToContainTextAsync("人工安排");

        // Asked again (another window, a resent form): still one visit for this resolution.
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var visits = scope.ServiceProvider.GetRequiredService<PayDesk.Features.Complaints.IComplaintFollowUps>();
            Assert.Equal("这次办结已经安排了回访。", await visits.RequestAsync(id, null, CancellationToken.None));
            // A year typed as 0001 is refused in words (it would not even convert to an instant: a 500 before).
            Assert.Contains("30 天", await visits.RequestAsync(id, DateTime.MinValue, CancellationToken.None));
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            Assert.Equal(1, await db.Set<PayDesk.Features.FollowUps.FollowUpTask>().CountAsync(t => t.TicketId == id));
        }
    }
}
