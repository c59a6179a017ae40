using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Cases;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The case library (issue 19, part 2): a supervisor makes a case of a closed complaint, reviews and publishes it; an agent finds it and sees it beside a similar complaint.</summary>
public sealed class CaseLibraryScreenTests(BrowserFixture browser)
{
    private static async Task ShootAsync(IPage page, string name)
    {
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task A_supervisor_makes_reviews_and_publishes_a_case_and_an_agent_sees_it_beside_a_similar_complaint()
    {
        // A closed "service delay" complaint (no demo case is of that kind) in which the customer left her name and phone.
        string number, other, customer;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var made = await db.Set<ServiceCase>().Select(c => c.TicketId).ToListAsync();
            var source = await db.Tickets.Include(t => t.Customer)
                .Where(t => t.Category == TicketCategory.ServiceDelay && t.Status == TicketStatus.Closed && !made.Contains(t.Id)).OrderBy(t => t.Number).FirstAsync();
            (number, customer) = (source.Number, source.Customer!.Name);
            other = await db.Tickets.Where(t => t.Category == TicketCategory.ServiceDelay && t.Id != source.Id)
                .OrderBy(t => t.Status == TicketStatus.Closed ? 1 : 0).ThenBy(t => t.Number).Select(t => t.Number).FirstAsync();
            db.TicketMessages.Add(new TicketMessage
            {
                TicketId = source.Id, Visibility = MessageVisibility.Public, FromCustomer = true, AuthorName = customer,
                Body = $"我是{customer}，电话 138 0013 8000，卡号 6222 0212 3456 7890，热线排队一上午都没人接，请尽快回电。", CreatedAt = source.ResolvedAt ?? source.CreatedAt,
            });
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync($"/tickets/{number}");
        await Expect(page.Locator("[data-testid=similar-cases]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=make-case]");
        await page.WaitForURLAsync("**/cases/new?complaint=*");
        await Expect(page.Locator("[data-testid=case-source]")).ToContainTextAsync(number);
        await page.ClickAsync("[data-testid=case-create]");
        await page.WaitForURLAsync("**/cases/*?made=1");
        await Expect(page.Locator("[data-testid=case-made]")).ToBeVisibleAsync();

        // Review: what was removed is highlighted; nothing of hers is left.
        var preview = page.Locator("[data-testid=case-preview]");
        await Expect(preview.Locator("mark.ph").First).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync("【客户】");
        await Expect(preview).ToContainTextAsync("【手机号】");
        await Expect(preview).ToContainTextAsync("【卡号】");
        await Expect(preview).Not.ToContainTextAsync(customer);
        await Expect(preview).Not.ToContainTextAsync("8000");
        await ShootAsync(page, "case-review");

        // An edit that brings a phone number back is refused on publishing.
        await page.FillAsync("[data-testid=case-edit-lessons]", "高峰期来电量激增时，回电 138-0013-8000 之前先核对。");
        await page.ClickAsync("[data-testid=case-publish]");
        await Expect(page.Locator("[data-testid=case-error]")).ToContainTextAsync("手机号");
        await Expect(page.Locator("[data-testid=case-status]")).ToHaveTextAsync("草稿");
        await ShootAsync(page, "case-refused");

        await page.FillAsync("[data-testid=case-edit-lessons]", "高峰期来电量激增时，先发短信告知预计回电时间，再安排专人按顺序回电。");
        await page.FillAsync("[data-testid=case-edit-tags]", "热线排队, 主动回电");
        await page.ClickAsync("[data-testid=case-publish]");
        await page.WaitForURLAsync("**/cases/*?published=1");
        await Expect(page.Locator("[data-testid=case-published]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=case-status]")).ToHaveTextAsync("已发布");
        var title = (await page.Locator("[data-testid=case-title]").InnerTextAsync()).Trim();
        await ShootAsync(page, "case-page");

        // An agent finds it with a Chinese search and sees it beside a similar open complaint.
        var agent = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync("/cases");
        await agent.FillAsync("[data-testid=case-q]", "热线 排队");
        await agent.ClickAsync("[data-testid=case-search]");
        await Expect(agent.Locator("[data-testid=case-item]").Filter(new() { HasText = title })).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=case-item] mark").First).ToBeVisibleAsync();
        await ShootAsync(agent, "case-library");
        await agent.GotoAsync($"/tickets/{other}");
        await Expect(agent.Locator("[data-testid=similar-case]").Filter(new() { HasText = title })).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=make-case]")).ToHaveCountAsync(0);
        await agent.Locator("[data-testid=similar-cases]").ScrollIntoViewIfNeededAsync();
        if (BrowserFixture.DocsShots) await agent.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "case-similar-panel.png") });

        // The phone: the library and a case read on a 390-pixel screen without sideways scrolling.
        var phone = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(phone, "agent@paydesk.local");
        await phone.WaitForURLAsync("**/inbox");
        await phone.GotoAsync("/cases?q=" + Uri.EscapeDataString("热线 排队"));
        await Expect(phone.Locator("[data-testid=case-item]").First).ToBeVisibleAsync();
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"));
        await ShootAsync(phone, "case-library-phone");
        await phone.Locator("[data-testid=case-item] h2 a").Filter(new() { HasText = title }).ClickAsync();
        await Expect(phone.Locator("[data-testid=case-lessons]")).ToContainTextAsync("短信");
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"));
        await ShootAsync(phone, "case-page-phone");
    }

    [Fact]
    public async Task The_demo_has_published_cases_without_personal_data()
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cases = await db.Set<ServiceCase>().Where(c => c.Status == CaseStatus.Published && c.CreatedBy == "刘洋").ToListAsync();
        Assert.True(cases.Count >= 4, $"demo cases: {cases.Count}");
        var checks = scope.ServiceProvider.GetRequiredService<CaseChecks>();
        var names = await db.Customers.Select(c => c.Name).ToListAsync();
        foreach (var c in cases)
        {
            Assert.Empty(await checks.FindingsAsync(c, CancellationToken.None));
            var text = string.Join('\n', c.Texts().Select(t => t.Text));
            Assert.DoesNotContain(names, n => text.Contains(n));
            Assert.NotEmpty(c.Lessons);
        }
    }
}
