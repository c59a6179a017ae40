using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Issue 17: a customer attaches a PNG on the portal form and in the chat widget; the refusals (a renamed .exe,
/// a 12 MB file, over the 10 MB limit) say which file and why; the agent opens both files from the complaint pages.
/// </summary>
[LongRunning(41)]
public sealed class AttachmentScreenTests(BrowserFixture browser)
{
    // A 160×100 "receipt": a blue header, grey lines, a green stamp.
    private static readonly byte[] Receipt = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAKAAAABkCAIAAACO1KzYAAAA6klEQVR42u3YoRGAMBBFwXg8RVED3aGpJJoCUgloHIIJd2Hf/AqyKlemdbeBVzwBYANsgA2wATbABhiwATbABtgAG2ADDNgAG2ADbIANsD0EPjV0gAELsAALsAALsAADFmABVnzgejQLPsCAAQM2wAbYogHLP1iABViABViAAQuwACsHsEPgWydDwIABAwYMGDBgwP8Bln+wAAuwAAuwAAMWYAFWDmAHyOxnTsCADbABNsCAfZMEWIABC7AAC7AAC3Cv5m0JOMCABViAAQMGDBgwYMCAAQMGLMCAAevbAAMWYAEWYAEWYN26AIiG0Wp/VSG8AAAAAElFTkSuQmCC");

    private static readonly byte[] RenamedExe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

    private static FilePayload File(string name, byte[] bytes, string type = "image/png") => new() { Name = name, MimeType = type, Buffer = bytes };

    private static FilePayload TwelveMegabytes()
    {
        var bytes = new byte[12 * 1024 * 1024];
        Receipt.CopyTo(bytes, 0);
        return File("bank-statement-scan.png", bytes);
    }

    /// <summary>docs/screens/{name}.png at desktop size and {name}-phone.png at 390×844.</summary>
    private async Task ShootAsync(IPage page, string name)
    {
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + "-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);
        await browser.ScreenshotAsync(page, name);
    }

    /// <summary>Opens the file link in its new tab and checks the image really arrived (decoded at its size).</summary>
    private static async Task OpenImageAsync(IPage page, ILocator link)
    {
        var tab = await page.RunAndWaitForPopupAsync(() => link.ClickAsync());
        await tab.WaitForLoadStateAsync();
        Assert.Contains("/api/v1/attachments/", tab.Url);
        var width = await tab.EvaluateAsync<int>("() => document.images.length ? document.images[0].naturalWidth : 0");
        Assert.Equal(160, width);
        await tab.CloseAsync();
    }

    [Fact]
    public async Task A_customer_attaches_a_png_on_the_portal_refusals_are_named_and_the_agent_opens_it()
    {
        var customer = await browser.NewPageAsync();
        await browser.SignInAsync(customer, "customer@paydesk.local");
        await customer.WaitForURLAsync(url => !url.Contains("/account/login"));
        await customer.GotoAsync("/my/new");
        var subject = "扣款后订单未成功 " + Random.Shared.Next(1000, 9999);
        await customer.FillAsync("[data-testid=new-subject]", subject);
        await customer.FillAsync("[data-testid=new-description]", "昨天支付 199 元，银行已扣款但订单显示失败，附上转账截图。");

        // A program renamed .png and a 12 MB scan: each refused by name; what was typed stays.
        await customer.SetInputFilesAsync("[data-testid=new-files]", [File("转账截图.png", RenamedExe)]);
        await customer.ClickAsync("[data-testid=new-next]");
        await Expect(customer.Locator("[data-testid=new-error]")).ToContainTextAsync("转账截图.png");
        await Expect(customer.Locator("[data-testid=new-error]")).ToContainTextAsync("不是其名称所示的格式");
        await Expect(customer.Locator("[data-testid=new-subject]")).ToHaveValueAsync(subject);
        await customer.SetInputFilesAsync("[data-testid=new-files]", [TwelveMegabytes()]);
        await customer.ClickAsync("[data-testid=new-next]");
        await Expect(customer.Locator("[data-testid=new-error]")).ToContainTextAsync("bank-statement-scan.png");
        await Expect(customer.Locator("[data-testid=new-error]")).ToContainTextAsync("10 MB");
        await Expect(customer.Locator("[data-testid=new-subject]")).ToHaveValueAsync(subject);

        // The real screenshot is kept at once; a refusal after it would not lose it.
        await customer.SetInputFilesAsync("[data-testid=new-files]", [File("付款截图.png", Receipt)]);
        await customer.SetInputFilesAsync("[data-testid=new-files]", [File("付款截图.png", Receipt), File("备注.exe.png", RenamedExe)]);
        await customer.ClickAsync("[data-testid=new-next]");
        await Expect(customer.Locator("[data-testid=new-error]")).ToContainTextAsync("备注.exe.png");
        await Expect(customer.Locator("[data-testid=staged-files]")).ToContainTextAsync("付款截图.png");
        await ShootAsync(customer, "portal-attach");

        await customer.ClickAsync("[data-testid=new-next]");
        // The help centre may first suggest articles; the files ride along to "submit anyway".
        var submitAnyway = customer.Locator("[data-testid=deflect-submit]");
        await Expect(submitAnyway.Or(customer.Locator("[data-testid=ticket-title]"))).ToBeVisibleAsync();
        if (await submitAnyway.IsVisibleAsync()) await submitAnyway.ClickAsync();
        await customer.WaitForURLAsync("**/my/tickets/**");
        var number = customer.Url.Split('/').Last();
        var ownFile = customer.Locator("[data-testid=messages] [data-testid=file]", new() { HasText = "付款截图.png" });
        await Expect(ownFile).ToHaveCountAsync(1);
        await Expect(ownFile.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 160);

        // A reply on the customer's own complaint carries a file too, shown under that reply; a refused one is named, the reply kept.
        await customer.FillAsync("[data-testid=reply-body]", "补充银行扣款记录");
        await customer.SetInputFilesAsync("[data-testid=reply-files]", [File("扣款记录.png", Receipt), File("病毒.png", RenamedExe)]);
        await customer.ClickAsync("[data-testid=reply-send]");
        await Expect(customer.Locator("[data-testid=reply-form] [role=alert]")).ToContainTextAsync("病毒.png");
        // The reply itself went out: said apart from the refusal, not in the error's red.
        await Expect(customer.Locator("[data-testid=reply-sent]")).ToHaveTextAsync("回复已发送。");
        await Expect(customer.Locator("[data-testid=reply-form] [role=alert]")).Not.ToContainTextAsync("回复已发送");
        await Expect(customer.Locator("[data-testid=reply-form] [role=alert]")).ToHaveClassAsync("warn");
        var reply = customer.Locator("[data-testid=message]", new() { HasText = "补充银行扣款记录" });
        await Expect(reply.Locator("[data-testid=file]")).ToContainTextAsync("扣款记录.png");
        await ShootAsync(customer, "portal-attach-reply");

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/tickets/{number}");
        var panel = agent.Locator("[data-testid=files-panel]");
        await Expect(panel).ToContainTextAsync("付款截图.png");
        await Expect(panel).Not.ToContainTextAsync("备注.exe.png");
        await Expect(panel).ToContainTextAsync("扣款记录.png");
        await OpenImageAsync(agent, panel.Locator("[data-testid=file-link]").First);
    }

    [Fact]
    public async Task A_visitor_sends_a_png_in_the_chat_widget_and_the_agent_opens_it_in_the_console_and_on_the_complaint()
    {
        await browser.KeepChatOpenAsync();
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync("/");
        await visitor.ClickAsync("[data-testid=chat-launcher]");
        var name = "发图访客" + Random.Shared.Next(100, 999);
        await visitor.FillAsync("[data-testid=chat-name]", name);
        await visitor.FillAsync("[data-testid=chat-phone]", "137" + Random.Shared.Next(10_000_000, 99_999_999));
        await visitor.ClickAsync("[data-testid=chat-start-button]");
        await Expect(visitor.Locator("[data-testid=chat-log]")).ToContainTextAsync("智能助手");
        await visitor.FillAsync("[data-testid=chat-input]", "转人工");
        await visitor.ClickAsync("[data-testid=chat-send]");
        await Expect(visitor.Locator("[data-testid=chat-log]")).ToContainTextAsync("正在为您转接人工客服");

        await visitor.SetInputFilesAsync("[data-testid=chat-file]", [File("付款截图.png", Receipt)]);
        var sent = visitor.Locator("[data-testid=chat-log] [data-testid=chat-attachment]");
        await Expect(sent).ToHaveCountAsync(1);
        await Expect(sent.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 160);

        await visitor.SetInputFilesAsync("[data-testid=chat-file]", [File("假截图.png", RenamedExe)]);
        var error = visitor.Locator("#paydesk-chat .error");
        await Expect(error).ToContainTextAsync("假截图.png");
        await Expect(error).ToContainTextAsync("不是其名称所示的格式");
        await visitor.SetInputFilesAsync("[data-testid=chat-file]", [TwelveMegabytes()]);
        await Expect(error).ToContainTextAsync("bank-statement-scan.png");
        await Expect(error).ToContainTextAsync("10 MB");
        await Expect(sent).ToHaveCountAsync(1);
        await ShootAsync(visitor, "chat-attach");

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync("/agent/chat");
        await agent.Locator("[data-testid=queue-item]", new() { HasText = name }).Locator("[data-testid=accept-chat]").ClickAsync();
        // The agent may hold other tests' chats; everything below stays inside this visitor's pane.
        var pane = agent.Locator($".chat-pane[aria-label='{name}']");
        var inConsole = pane.Locator("[data-testid=agent-chat-log] [data-testid=console-attachment]");
        await Expect(inConsole).ToContainTextAsync("付款截图.png");
        await Expect(inConsole.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 160);

        await agent.Locator(".chat-tab", new() { HasText = name }).ClickAsync();
        await pane.Locator("[data-testid=end-with-complaint]").ClickAsync();
        await pane.Locator("[data-testid=chat-ticket-link]").ClickAsync();
        var panel = agent.Locator("[data-testid=files-panel]");
        await Expect(panel).ToContainTextAsync("付款截图.png");
        await Expect(panel).ToContainTextAsync("在线客服");
        await Expect(panel.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 160);
        await ShootAsync(agent, "complaint-attachments");
        await OpenImageAsync(agent, panel.Locator("[data-testid=file-link]").First);

        // The customer page lists the customer's files across complaints and conversations.
        await agent.ClickAsync("[data-testid=customer-panel] h2 a");
        await Expect(agent.Locator("[data-testid=customer-files] [data-testid=customer-file]")).ToContainTextAsync("付款截图.png");
        await browser.ScreenshotAsync(agent, "customer-files");
    }
}
