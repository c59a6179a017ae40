using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Knowledge;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The help centre, deflection on the complaint form, agent assist and the article editor, in Chromium.</summary>
public sealed class KnowledgeScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_visitor_searches_the_help_centre_reads_an_article_and_votes()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/help");
        await Expect(page.Locator("[data-testid=help-category]").First).ToBeVisibleAsync();
        await page.Locator("[data-testid=help-search]").PressSequentiallyAsync("重复扣款");
        await Expect(page.Locator("[data-testid=live-suggestion]").First).ToContainTextAsync("扣");
        await browser.ScreenshotAsync(page, "help-centre");
        await page.Locator("[data-testid=help-search]").PressAsync("Enter");
        await Expect(page.Locator("[data-testid=help-results] li").First).ToContainTextAsync("扣了两次");
        await page.Locator("[data-testid=help-results] li a").First.ClickAsync();
        await Expect(page.Locator("[data-testid=help-article] h1")).ToContainTextAsync("扣了两次");
        await page.ClickAsync("[data-testid=vote-yes]");
        await Expect(page.Locator("[data-testid=vote-thanks]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "help-article");
        await page.ClickAsync("[data-testid=lang-en]");
        await Expect(page.Locator("h1").First).ToContainTextAsync("charged twice");
    }

    [Fact]
    public async Task A_customer_is_shown_articles_before_filing_and_files_anyway()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "customer@paydesk.local");
        await page.WaitForURLAsync("**/my");
        await page.ClickAsync("[data-testid=new-complaint-link]");
        var subject = "付款失败但是钱被扣了 " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("[data-testid=new-subject]", subject);
        await page.FillAsync("[data-testid=new-description]", "昨天在超市付款提示支付失败，可是银行卡已经扣款 128 元");
        await page.ClickAsync("[data-testid=new-next]");
        await Expect(page.Locator("[data-testid=suggested-article]").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "new-complaint-deflection");
        await page.ClickAsync("[data-testid=deflect-submit]");
        await page.WaitForURLAsync("**/my/tickets/PD-*");
        await Expect(page.Locator("h1")).ToContainTextAsync(subject);

        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ticket = await db.Tickets.FirstAsync(t => t.Subject == subject);
        var deflection = await db.Deflections.SingleAsync(d => d.TicketId == ticket.Id);
        Assert.Equal(DeflectionOutcome.WentAhead, deflection.Outcome);
        Assert.Contains("payment-failed-money-deducted", deflection.Suggested);
    }

    [Fact]
    public async Task An_agent_sees_suggested_articles_and_inserts_a_macro_into_the_reply()
    {
        string number, customer;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var t = await db.Tickets.Include(x => x.Customer).Where(x => x.Category == TicketCategory.Refund && x.Status != TicketStatus.Closed && x.Customer!.Locale == "zh-CN").OrderBy(x => x.Number).FirstAsync();
            (number, customer) = (t.Number, t.Customer!.Name);
        }
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync($"/tickets/{number}");
        await Expect(page.Locator("[data-testid=suggested-articles] li").First).ToBeVisibleAsync();
        await page.Locator("[data-testid=insert-macro]").First.ClickAsync();
        await Expect(page.Locator("[data-testid=reply-body]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(customer)));
        await Expect(page.Locator("[data-testid=reply-body]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(number));
        await Expect(page.Locator("[data-testid=assist-suggestion]")).ToContainTextAsync("建议分类");
        await page.ClickAsync("[data-testid=insert-draft]");
        await Expect(page.Locator("[data-testid=reply-body]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("我们正在为您核实处理"));
        await browser.ScreenshotAsync(page, "agent-assist");

        // A closed complaint has nothing left to answer: no suggested category, draft, articles or macros.
        string closed;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            closed = await db.Tickets.Where(x => x.Status == TicketStatus.Closed).OrderBy(x => x.Number).Select(x => x.Number).FirstAsync();
        }
        await page.GotoAsync($"/tickets/{closed}");
        await Expect(page.Locator("[data-testid=customer-panel]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=agent-assist]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_supervisor_writes_and_publishes_an_article_that_search_then_finds()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/kb");
        await page.ClickAsync("[data-testid=kb-new]");
        var word = "节假日" + Guid.NewGuid().ToString("N")[..4];
        await page.FillAsync("[data-testid=kb-title]", $"春节期间{word}到账说明");
        await page.FillAsync("[data-testid=kb-slug]", "spring-festival-" + Guid.NewGuid().ToString("N")[..6]);
        await page.SelectOptionAsync("[data-testid=kb-category]", "refunds");
        await page.FillAsync("[data-testid=kb-body]", $"## 春节期间\n\n{word}期间银行清算暂停，退款顺延到节后第一个工作日。");
        await page.ClickAsync("[data-testid=kb-save]");
        await Expect(page.Locator("[data-testid=kb-status]")).ToHaveTextAsync("草稿");
        await page.ClickAsync("[data-testid=kb-publish]");
        await Expect(page.Locator("[data-testid=kb-status]")).ToHaveTextAsync("已发布");
        await Expect(page.Locator("[data-testid=kb-history] li")).ToHaveCountAsync(2);
        await browser.ScreenshotAsync(page, "kb-editor");

        var reader = await browser.NewPageAsync();
        await reader.GotoAsync($"/help?q={Uri.EscapeDataString(word)}");
        await Expect(reader.Locator("[data-testid=help-results] li").First).ToContainTextAsync("春节期间");
    }
}
