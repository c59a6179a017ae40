using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18, item 3: a transaction look-up on the complaint page is kept on the complaint and listed as evidence.</summary>
public sealed class EvidenceScreenTests(BrowserFixture browser)
{
    private sealed record Created(Guid Id, string Number);

    /// <summary>A verified app complaint about <paramref name="serial"/>, the account's <paramref name="ledger"/> in the demo ledger; an agent on its page.</summary>
    private async Task<(Created Ticket, IPage Agent)> ComplaintOnLedgerAsync(string name, string account, string phone, string subject, string description,
        decimal amount, DateTime at, string serial, params LedgerTransaction[] ledger)
    {
        var admin = await browser.Factory.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name, phone, accountId = account }, subject, description, category = "funds",
            transactionId = serial, amount = new { value = amount, currency = "CNY" }, occurredAt = new DateTimeOffset(at),
        });
        response.EnsureSuccessStatusCode();
        var ticket = (await response.Content.ReadFromJsonAsync<Created>())!;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
            db.LedgerTransactions.AddRange(ledger);
            // 核实身份 as the agent's code check leaves it (the verification screens have their own tests).
            var row = await db.Tickets.SingleAsync(t => t.Id == ticket.Id);
            row.VerifiedAt = DateTime.UtcNow;
            row.VerificationMethod = VerificationMethod.SmsCode;
            await db.SaveChangesAsync();
        }
        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.SetViewportSizeAsync(1366, 768);
        await agent.GotoAsync($"/tickets/{ticket.Number}");
        return (ticket, agent);
    }


    [Fact]
    public async Task A_look_up_before_the_identity_check_says_why_where_the_agent_is_looking_and_keeps_what_they_typed()
    {
        // A walk clicked 调取交易日志 on an unverified complaint: the page came back at its top, the section folded and
        // the refusal sat off screen in another box — it read as if nothing happened.
        var admin = await browser.Factory.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "钱未核", phone = "136" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject = "扣款两次", description = "同一笔订单扣了两次 199 元", category = "funds",
        });
        response.EnsureSuccessStatusCode();
        var ticket = (await response.Content.ReadFromJsonAsync<Created>())!;
        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.SetViewportSizeAsync(1366, 768);
        await agent.GotoAsync($"/tickets/{ticket.Number}");
        var panel = agent.Locator("[data-testid=wb-evidence]");
        await panel.Locator("summary").First.ClickAsync();
        await agent.FillAsync("[data-testid=wb-lookup-amount]", "199");
        await agent.ClickAsync("[data-testid=wb-lookup]");
        var error = agent.Locator("[data-testid=workbench-error]");
        await Expect(error).ToContainTextAsync("请先在“身份核实”中核实客户身份");
        await Expect(error).ToBeInViewportAsync();
        await Expect(agent.Locator("[data-testid=wb-lookup-amount]")).ToHaveValueAsync("199");
    }

    [Fact]
    public async Task A_look_up_on_the_complaint_page_appears_in_the_evidence_list_with_masked_numbers()
    {
        var phone = "135" + Random.Shared.Next(10_000_000, 99_999_999);
        var account = "62" + phone[3..] + "0000";
        var serial = "20261125" + Random.Shared.Next(10_000_000, 99_999_999);
        var at = DateTime.UtcNow.AddHours(-6);
        var (ticket, agent) = await ComplaintOnLedgerAsync("周留痕", account, phone, "一笔订单扣了两次款", "昨晚在美团外卖下单，被扣款两次，每次 56.30 元",
            56.30m, at, serial,
            [.. new[] { (serial, at), (serial + "R", at.AddMinutes(2)) }.Select(x => new LedgerTransaction
            {
                Serial = x.Item1, AccountId = account, Merchant = "美团外卖", Amount = 56.30m, Currency = "CNY",
                Status = PaymentStatus.Succeeded, OccurredAt = x.Item2, CardMasked = "6222021234567894",
            })]);
        var panel = agent.Locator("[data-testid=wb-evidence]");
        await Expect(panel.Locator("[data-testid=evidence-count]")).ToHaveTextAsync("尚未查询");
        await panel.Locator("summary").First.ClickAsync();
        await Expect(agent.Locator("[data-testid=wb-lookup-serial]")).ToHaveValueAsync(serial);
        await agent.ClickAsync("[data-testid=wb-lookup]");

        var records = agent.Locator("[data-testid=evidence-record]");
        await Expect(records).ToHaveCountAsync(1);
        await Expect(panel.Locator("[data-testid=evidence-count]")).ToHaveTextAsync("已查询并留痕 1 次");
        await Expect(records.First.Locator("summary")).ToContainTextAsync("2 笔");
        await Expect(records.First.Locator("[data-testid=evidence-query]")).ToContainTextAsync(serial);
        await Expect(records.First.Locator("[data-testid=evidence-row]")).ToHaveCountAsync(2);
        await Expect(records.First.Locator("[data-testid=evidence-card]").First).ToHaveTextAsync("622202******7894");
        await Expect(agent.Locator("[data-testid=wb-duplicate]")).ToHaveCountAsync(1);
        Assert.DoesNotContain("6222021234567894", await agent.ContentAsync());
        await AcknowledgementScreenTests.ScreensAsync(agent, "complaint-evidence", "[data-testid=wb-evidence]");

        // A second look-up is a second record, listed first; the timeline tells both.
        await agent.SetViewportSizeAsync(1366, 768);
        await agent.FillAsync("[data-testid=wb-lookup-serial]", "");
        await agent.FillAsync("[data-testid=wb-lookup-amount]", "99.99");
        await agent.ClickAsync("[data-testid=wb-lookup]");
        await Expect(records).ToHaveCountAsync(2);
        await Expect(records.First.Locator("summary")).ToContainTextAsync("0 笔");
        await agent.GotoAsync($"/tickets/{ticket.Number}");
        await agent.ClickAsync("[data-testid=tab-timeline]");
        await Expect(agent.Locator("[data-testid=timeline-lookup]")).ToHaveTextAsync(["查询了交易记录（2 笔）", "查询了交易记录（0 笔）"]);
    }

    [Fact]
    public async Task After_a_look_up_shows_the_transaction_reversed_the_refund_form_warns_and_the_refund_waits_with_the_reason()
    {
        var phone = "136" + Random.Shared.Next(10_000_000, 99_999_999);
        var account = "62" + phone[3..] + "0001";
        var serial = "20261126" + Random.Shared.Next(10_000_000, 99_999_999);
        var at = DateTime.UtcNow.AddHours(-4);
        var (ticket, agent) = await ComplaintOnLedgerAsync("吴冲正", account, phone, "付款失败但扣了钱", "支付显示失败，银行卡却扣了 45.00 元", 45.00m, at, serial,
            new LedgerTransaction
            {
                Serial = serial, AccountId = account, Merchant = "滴滴出行", Amount = 45.00m, Currency = "CNY",
                Status = PaymentStatus.Reversed, OccurredAt = at, CardMasked = "6222021234561234",
            });
        await Expect(agent.Locator("[data-testid=wb-money-back]")).ToHaveCountAsync(0);
        await agent.Locator("[data-testid=wb-evidence] summary").First.ClickAsync();
        await agent.ClickAsync("[data-testid=wb-lookup]");
        await Expect(agent.Locator("[data-testid=evidence-record]")).ToHaveCountAsync(1);

        // The agent turns to the remedies: the form says the money is already back before anything is proposed.
        await agent.GotoAsync($"/tickets/{ticket.Number}");
        var remedies = agent.Locator("[data-testid=wb-actions]");
        await remedies.Locator("summary").First.ClickAsync();
        var warning = agent.Locator("[data-testid=wb-money-back]");
        await Expect(warning).ToContainTextAsync(serial);
        await Expect(warning).ToContainTextAsync("已冲正");
        await agent.SelectOptionAsync("[data-testid=wb-action-kind]", "Refund");
        await agent.FillAsync("[data-testid=wb-action-amount]", "45");
        await agent.FillAsync("[data-testid=wb-action-note]", "原路退回");
        await agent.ClickAsync("[data-testid=wb-propose-action]");
        await Expect(agent.Locator("[data-testid=wb-approval-reason]")).ToHaveTextAsync("该交易已冲正，资金已退回");
        await Expect(remedies).ToContainTextAsync("待复核");
        await AcknowledgementScreenTests.ScreensAsync(agent, "complaint-refund-reversed", "[data-testid=wb-actions]");
    }
}
