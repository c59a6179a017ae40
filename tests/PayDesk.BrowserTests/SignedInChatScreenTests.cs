using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 17: a customer signed in on the portal is never asked who they are, in the widget or by the assistant.</summary>
public sealed class SignedInChatScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_signed_in_customer_starts_a_chat_without_the_contact_form_and_gets_their_refunds_without_a_code()
    {
        var customer = await browser.NewPageAsync();
        await browser.SignInAsync(customer, "customer@paydesk.local");
        await customer.WaitForURLAsync(url => !url.Contains("/account/login"));
        await customer.GotoAsync("/my");
        await customer.ClickAsync("[data-testid=chat-launcher]");
        await Expect(customer.Locator("[data-testid=chat-start]")).ToContainTextAsync("您已登录");
        await Expect(customer.Locator("[data-testid=chat-name]")).ToBeHiddenAsync();
        await Expect(customer.Locator("[data-testid=chat-phone]")).ToBeHiddenAsync();
        await customer.ClickAsync("[data-testid=chat-start-button]");
        var log = customer.Locator("[data-testid=chat-log]");
        await Expect(log).ToContainTextAsync("智能助手");
        // The banner says who answers: the assistant, not "connecting you to an agent".
        await Expect(customer.Locator("[data-testid=chat-status]")).ToContainTextAsync("智能助手为您服务");

        await customer.FillAsync("[data-testid=chat-input]", "帮我查一下我的退款到哪了");
        await customer.ClickAsync("[data-testid=chat-send]");
        // The session is the verification: the assistant goes straight to the customer's own refunds.
        await Expect(log).ToContainTextAsync(new Regex("笔退款|退款如下|没有退款记录"));
        await Expect(log).Not.ToContainTextAsync("验证码");
        if (BrowserFixture.DocsShots) await customer.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "chat-signed-in.png"), FullPage = true });

        // On to another page, the conversation goes with them (a newcomer's walk found an empty log there).
        await customer.GotoAsync("/help");
        await customer.ClickAsync("[data-testid=chat-launcher]");
        await Expect(customer.Locator("[data-testid=chat-log]")).ToContainTextAsync("帮我查一下我的退款到哪了");
        await Expect(customer.Locator("[data-testid=chat-log]")).ToContainTextAsync(new Regex("笔退款|退款如下|没有退款记录"));

        // Moving on by a link inside the app (enhanced navigation, no reload) keeps the widget: a walk saw it vanish there.
        await customer.Locator("#main-nav a[href='/my']").First.ClickAsync();
        await customer.WaitForURLAsync(url => url.EndsWith("/my", StringComparison.Ordinal));
        await Expect(customer.Locator("[data-testid=my-tickets], main h1").First).ToBeVisibleAsync();
        await Expect(customer.Locator("[data-testid=chat-launcher]")).ToBeVisibleAsync();
        await Expect(customer.Locator("[data-testid=chat-log]")).ToContainTextAsync("帮我查一下我的退款到哪了");
    }
}
