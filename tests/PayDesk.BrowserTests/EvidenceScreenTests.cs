using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18, item 3: a transaction look-up on the complaint page is kept on the complaint and listed as evidence.</summary>
public sealed class EvidenceScreenTests(BrowserFixture browser)
{
    private sealed record Created(Guid Id, string Number);

    [Fact]
    public async Task A_look_up_on_the_complaint_page_appears_in_the_evidence_list_with_masked_numbers()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var phone = "135" + Random.Shared.Next(10_000_000, 99_999_999);
        var account = "62" + phone[3..] + "0000";
        var serial = "20261125" + Random.Shared.Next(10_000_000, 99_999_999);
        var at = DateTime.UtcNow.AddHours(-6);
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "周留痕", phone, accountId = account }, subject = "一笔订单扣了两次款",
            description = "昨晚在美团外卖下单，被扣款两次，每次 56.30 元", category = "funds",
            transactionId = serial, amount = new { value = 56.30m, currency = "CNY" }, occurredAt = new DateTimeOffset(at),
        });
        response.EnsureSuccessStatusCode();
        var ticket = (await response.Content.ReadFromJsonAsync<Created>())!;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.LedgerAccounts.Add(new LedgerAccount { AccountId = account });
            foreach (var (s, when) in new[] { (serial, at), (serial + "R", at.AddMinutes(2)) })
            {
                db.LedgerTransactions.Add(new LedgerTransaction
                {
                    Serial = s, AccountId = account, Merchant = "美团外卖", Amount = 56.30m, Currency = "CNY",
                    Status = PaymentStatus.Succeeded, OccurredAt = when, CardMasked = "6222021234567894",
                });
            }
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
        var panel = agent.Locator("[data-testid=wb-evidence]");
        await Expect(panel.Locator("[data-testid=evidence-count]")).ToHaveTextAsync("已留痕 0 次");
        await panel.Locator("summary").First.ClickAsync();
        await Expect(agent.Locator("[data-testid=wb-lookup-serial]")).ToHaveValueAsync(serial);
        await agent.ClickAsync("[data-testid=wb-lookup]");

        var records = agent.Locator("[data-testid=evidence-record]");
        await Expect(records).ToHaveCountAsync(1);
        await Expect(panel.Locator("[data-testid=evidence-count]")).ToHaveTextAsync("已留痕 1 次");
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
}
