using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18, item 3: the "refund initiated" reply waits for approval; a second complaint on one serial is flagged and linked.</summary>
public sealed class MoneySafetyScreenTests(BrowserFixture browser)
{
    private sealed record Created(Guid Id, string Number);

    [Fact]
    public async Task The_refund_claim_is_refused_while_waiting_for_approval_and_the_duplicate_is_shown_and_linked()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var phone = "136" + Random.Shared.Next(10_000_000, 99_999_999);
        var serial = "20261124" + Random.Shared.Next(10_000_000, 99_999_999);
        async Task<Created> FileAsync(string subject)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel = "app", customer = new { name = "刘重复", phone }, subject, description = "同一笔订单被扣了两次款，共 1309.52 元", category = "funds",
                transactionId = serial, amount = new { value = 1309.52m, currency = "CNY" }, occurredAt = DateTimeOffset.UtcNow.AddHours(-3),
            });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<Created>())!;
        }
        var first = await FileAsync("重复扣款 1309.52 元");
        var second = await FileAsync("又被扣了一次钱");
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            // As ProposeRemedy leaves a refund above the approval threshold: waiting for the second person.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ResolutionActions.Add(new ResolutionAction
            {
                TicketId = first.Id, Kind = ResolutionKind.Refund, Amount = 1309.52m, Currency = "CNY", Note = "重复扣款退款",
                Status = ResolutionStatus.PendingApproval, RequestedByName = "王芳", CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/tickets/{first.Number}");
        await agent.FillAsync("[data-testid=reply-body]", "您好，我们已为多扣的 1309.52 元发起原路退款，请注意查收。");
        await agent.ClickAsync("[data-testid=reply-send]");
        var error = agent.Locator("[data-testid=reply-form] [role=alert]");
        await Expect(error).ToContainTextAsync("尚未审批通过");
        await AcknowledgementScreenTests.ScreensAsync(agent, "refund-claim-refused", "[data-testid=reply-form]");
        await Expect(agent.Locator("[data-testid=reply-form] [role=alert]")).ToBeVisibleAsync();

        await agent.GotoAsync($"/tickets/{second.Number}");
        var warning = agent.Locator("[data-testid=duplicate-warning]");
        await Expect(warning).ToContainTextAsync($"同一客户另有投诉涉及同一笔交易 1,309.52 CNY ({first.Number})");
        await AcknowledgementScreenTests.ScreensAsync(agent, "duplicate-complaint-warning", "[data-testid=duplicate-warning]");
        await agent.ClickAsync("[data-testid=duplicate-link]");
        await Expect(agent.Locator("[data-testid=duplicate-linked]")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=timeline]")).ToContainTextAsync("受理时发现疑似重复投诉");
    }

    [Fact]
    public async Task A_complaint_repeated_in_other_words_is_shown_as_a_possible_duplicate_and_can_be_linked()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        async Task<Created> FileAsync(string channel, string subject, string description)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
            {
                channel, customer = new { name = "周冻结", phone }, subject, description, category = "account_frozen",
            });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<Created>())!;
        }
        var inApp = await FileAsync("app", "账户被冻结了", "我的账户突然被冻结，钱转不出来，请尽快处理");
        var byPhone = await FileAsync("phone", "账号冻结", "账号被冻住了，没法转账，怎么回事");

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/tickets/{byPhone.Number}");
        var warning = agent.Locator("[data-testid=duplicate-warning]");
        await Expect(warning).ToContainTextAsync($"同一客户另有一件未结投诉 {inApp.Number}，反映的似乎是同一个问题");
        await AcknowledgementScreenTests.ScreensAsync(agent, "duplicate-same-question", "[data-testid=duplicate-warning]");
        await agent.ClickAsync("[data-testid=duplicate-link]");
        await Expect(agent.Locator("[data-testid=duplicate-linked]")).ToBeVisibleAsync();

        // Merging closes the complaint for good: the first click says so and asks (it closed it at once, unasked).
        await agent.ClickAsync("[data-testid=duplicate-merge]");
        var confirm = agent.Locator("[data-testid=duplicate-merge-confirm]");
        await Expect(confirm).ToContainTextAsync($"合并后，{byPhone.Number} 将关闭，内容并入 {inApp.Number}");
        await AcknowledgementScreenTests.ScreensAsync(agent, "duplicate-merge-confirm", "[data-testid=duplicate-merge-confirm]");
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.NotEqual(TicketStatus.Closed, (await db.Tickets.SingleAsync(t => t.Id == byPhone.Id)).Status);
        }
        await agent.ClickAsync("[data-testid=duplicate-merge-yes]");
        await Expect(agent.Locator("[data-testid=duplicate-warning]")).ToHaveCountAsync(0);
        // Closed: nothing asks for missing facts, and nothing offers to transfer, escalate or hand it on.
        await Expect(agent.Locator("[data-testid=status-actions]")).ToContainTextAsync("已关闭");
        await Expect(agent.Locator("[data-testid=missing-facts]")).ToHaveCountAsync(0);
        await Expect(agent.Locator("[data-testid=wb-transfer]")).ToHaveCountAsync(0);
        await Expect(agent.Locator("[data-testid=wb-reassign]")).ToHaveCountAsync(0);
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var merged = await db.Tickets.SingleAsync(t => t.Id == byPhone.Id);
            Assert.Equal((TicketStatus.Closed, inApp.Id), (merged.Status, merged.MergedIntoId!.Value));
            // The reason says what was matched: the same question, not "the same money".
            Assert.Contains("同一问题", merged.Summary);
        }
    }
}
