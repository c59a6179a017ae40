using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The chat widget on a public page, the agent's chat console, the phone line and the quarantine, in Chromium.</summary>
public sealed class ChannelScreenTests(BrowserFixture browser)
{
    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        return errors;
    }

    [Fact]
    public async Task A_visitor_chats_from_the_widget_and_the_agent_answers_and_opens_a_complaint()
    {
        await browser.KeepChatOpenAsync();
        var visitor = await browser.NewPageAsync();
        var visitorErrors = CollectErrors(visitor);
        await visitor.GotoAsync("/");
        await visitor.ClickAsync("[data-testid=chat-launcher]");
        var name = "网页访客" + Random.Shared.Next(100, 999);
        await visitor.FillAsync("[data-testid=chat-name]", name);
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        await visitor.FillAsync("[data-testid=chat-phone]", phone);
        await visitor.ClickAsync("[data-testid=chat-start-button]");
        // The assistant answers first; asking for a person hands the chat to the human queue.
        await Expect(visitor.Locator("[data-testid=chat-log]")).ToContainTextAsync("智能助手");
        await visitor.FillAsync("[data-testid=chat-input]", "转人工");
        await visitor.ClickAsync("[data-testid=chat-send]");
        await Expect(visitor.Locator("[data-testid=chat-log]")).ToContainTextAsync("正在为您转接人工客服");
        await visitor.FillAsync("[data-testid=chat-input]", "昨天付款失败但是钱被扣了");
        await visitor.ClickAsync("[data-testid=chat-send]");
        await Expect(visitor.Locator("[data-testid=chat-log] .msg.me").Last).ToContainTextAsync("昨天付款失败但是钱被扣了");

        var agent = await browser.NewPageAsync();
        var agentErrors = CollectErrors(agent);
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync("/agent/chat");
        var item = agent.Locator("[data-testid=queue-item]", new() { HasText = name });
        await item.Locator("[data-testid=accept-chat]").ClickAsync();
        // The agent may hold other tests' chats; everything below stays inside this visitor's pane.
        var pane = agent.Locator($".chat-pane[aria-label='{name}']");
        await Expect(pane.Locator("[data-testid=agent-chat-log]")).ToContainTextAsync("昨天付款失败但是钱被扣了");
        await Expect(pane.Locator("[data-testid=handoff-note]")).ToContainTextAsync("客户要求人工");
        await Expect(pane.Locator("[data-testid=unproven-claim]")).ToBeHiddenAsync();
        await Expect(visitor.Locator("[data-testid=chat-log]")).ToContainTextAsync("为您服务");

        await visitor.Locator("[data-testid=chat-input]").PressSequentiallyAsync("交易流水号");
        await Expect(pane.Locator(".typing")).ToContainTextAsync("客户正在输入");
        await pane.Locator("[data-testid=agent-chat-input]").FillAsync("您好，请提供交易流水号，我帮您查询。");
        await pane.Locator("[data-testid=agent-chat-send]").ClickAsync();
        await Expect(visitor.Locator("[data-testid=chat-log] .msg.them").Last).ToContainTextAsync("请提供交易流水号");
        // The visitor has the chat open, so the agent's message is marked read.
        await Expect(pane.Locator("[data-testid=agent-chat-log] .read")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(visitor, "chat-widget");
        await browser.ScreenshotAsync(agent, "chat-console");

        await agent.Locator(".chat-tab", new() { HasText = name }).ClickAsync();
        await pane.Locator("[data-testid=end-with-complaint]").ClickAsync();
        await pane.Locator("[data-testid=chat-ticket-link]").ClickAsync();
        await Expect(agent.Locator("[data-testid=ticket-title]")).ToContainTextAsync(name);
        await Expect(agent.Locator("[data-testid=customer-timeline]")).ToContainTextAsync("在线会话");
        await agent.ClickAsync("[data-testid=customer-panel] h2 a");
        await Expect(agent.Locator("[data-testid=customer-history]")).ToContainTextAsync("在线会话");
        await browser.ScreenshotAsync(agent, "customer-timeline");
        await Expect(visitor.Locator("[data-testid=chat-status]")).ToContainTextAsync("会话已结束");
        Assert.True(visitorErrors.Count == 0, string.Join("\n", visitorErrors));
        Assert.True(agentErrors.Count == 0, string.Join("\n", agentErrors));

        // Someone else types that phone, now a customer's on record: the agent is told, and cannot file on that record.
        var stranger = await browser.NewPageAsync();
        await stranger.GotoAsync("/");
        await stranger.ClickAsync("[data-testid=chat-launcher]");
        var other = "另一访客" + Random.Shared.Next(100, 999);
        await stranger.FillAsync("[data-testid=chat-name]", other);
        await stranger.FillAsync("[data-testid=chat-phone]", phone);
        await stranger.ClickAsync("[data-testid=chat-start-button]");
        await stranger.FillAsync("[data-testid=chat-input]", "转人工");
        await stranger.ClickAsync("[data-testid=chat-send]");
        await Expect(stranger.Locator("[data-testid=chat-log]")).ToContainTextAsync("正在为您转接人工客服");
        // Another agent than the one other console tests sign in as, so no test finds this chat open in its console.
        var second = await browser.NewPageAsync();
        await browser.SignInAsync(second, "agent3@paydesk.local");
        await second.WaitForURLAsync("**/inbox");
        await second.GotoAsync("/agent/chat");
        await second.Locator("[data-testid=queue-item]", new() { HasText = other }).Locator("[data-testid=accept-chat]").ClickAsync();
        var claimed = second.Locator($".chat-pane[aria-label='{other}']");
        await Expect(claimed.Locator("[data-testid=unproven-claim]")).ToContainTextAsync("身份未验证");
        await Expect(claimed.Locator("[data-testid=end-with-complaint]")).ToBeDisabledAsync();
        // The customer panel says the same, so nobody reads the customer's details out to the stranger.
        await Expect(second.Locator("[data-testid=context-unproven]")).ToContainTextAsync("请勿向访客透露");
        await browser.ScreenshotAsync(second, "chat-console-unproven-claim");
        // Ended without a complaint, so the agent holds no chat for the next console test.
        await claimed.Locator("[data-testid=end-chat]").ClickAsync();
        await Expect(stranger.Locator("[data-testid=chat-status]")).ToContainTextAsync("会话已结束");
    }

    [Fact]
    public async Task A_console_whose_session_ends_elsewhere_says_so_instead_of_going_quiet()
    {
        // Its own agent: signing out everywhere must not end the sessions other tests use.
        var email = $"agent{Guid.NewGuid():N}"[..18] + "@paydesk.local";
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Identity.UserAccounts>()
                .CreateAsync(email, "坐席小贺", PayDesk.Infrastructure.Security.Roles.Agent, PayDeskFactory.AdminPassword);
            Assert.True(user is not null, string.Join(" ", errors));
        }
        var console = await browser.NewPageAsync();
        var errorsSeen = CollectErrors(console);
        await browser.SignInAsync(console, email);
        await console.GotoAsync("/agent/chat");
        // Connected: the queue has been read (a waiting chat or "nobody waiting").
        await Expect(console.Locator("[data-role=queue] li").First).ToBeVisibleAsync();
        await Expect(console.Locator("[data-testid=console-reload]")).ToHaveCountAsync(0);

        // The same person signs out everywhere from another tab: the console's connection is closed at once and it says so.
        var security = await console.Context.NewPageAsync();
        await security.GotoAsync("/account/security");
        await security.ClickAsync("[data-testid=logout-everywhere]");
        await Expect(console.Locator("[data-testid=console-reload]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(console.Locator("[data-role=status]")).ToContainTextAsync("连接已断开");
        await browser.ScreenshotAsync(console, "chat-console-closed");
        // Reloading leads to the sign-in page, not to a console that looks alive.
        await console.ClickAsync("[data-testid=console-reload]");
        await console.WaitForURLAsync("**/account/login**");
        Assert.DoesNotContain(errorsSeen, e => e.Contains("TypeError", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_phone_line_and_the_quarantine_show_in_both_languages()
    {
        var admin = await browser.NewPageAsync();
        await browser.SignInAsync(admin, PayDeskFactory.AdminEmail);
        await admin.WaitForURLAsync(url => !url.Contains("/account/login"));
        await admin.GotoAsync("/phone");
        await Expect(admin.Locator("[data-testid=phone-metrics]")).ToContainTextAsync("放弃率");
        // Read once every few seconds for every phone page on the instance, and says when.
        await Expect(admin.Locator("[data-testid=live-updated]")).ToContainTextAsync("实时更新");
        await browser.ScreenshotAsync(admin, "phone-line");
        await admin.GotoAsync("/admin/channels");
        await Expect(admin.Locator("[data-testid=widget-snippet]")).ToContainTextAsync("chat/widget.js");
        await browser.ScreenshotAsync(admin, "channel-settings");
        await admin.GotoAsync("/admin/quarantine");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("渠道隔离区");
        await browser.ScreenshotAsync(admin, "quarantine");
        await admin.ClickAsync("[data-testid=lang-en]");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Channel quarantine");
        await admin.GotoAsync("/phone");
        await Expect(admin.Locator("[data-testid=phone-metrics]")).ToContainTextAsync("Abandonment");
    }
}
