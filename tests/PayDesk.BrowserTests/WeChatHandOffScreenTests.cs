using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Issue 17's acceptance: a WeChat user talks to the assistant, asks for a person and keeps writing; the agent opens the
/// complaint and finds the refund problem, the serial and amount, and what the user wrote after the hand-off.
/// </summary>
public sealed partial class WeChatHandOffScreenTests(BrowserFixture browser)
{
    private async Task<string> SendAsync(HttpClient client, string openId, long msgId, string text)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var nonce = Random.Shared.NextInt64(1, long.MaxValue).ToString();
        var parts = new[] { BrowserFixture.WeChatToken, timestamp, nonce };
        Array.Sort(parts, StringComparer.Ordinal);
        var signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
        var xml = new XElement("xml",
            new XElement("ToUserName", new XCData("gh_paydesk")), new XElement("FromUserName", new XCData(openId)),
            new XElement("CreateTime", timestamp), new XElement("MsgType", new XCData("text")),
            new XElement("Content", new XCData(text)), new XElement("MsgId", msgId));
        var response = await client.PostAsync($"{browser.BaseUrl}/api/v1/channels/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}",
            new StringContent(xml.ToString(), Encoding.UTF8, "text/xml"));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        return body == "success" ? "" : (string?)XElement.Parse(body).Element("Content") ?? "";
    }

    [Fact]
    public async Task The_agent_opens_a_wechat_hand_off_and_sees_the_problem_the_serial_and_later_messages()
    {
        using var client = new HttpClient();
        var openId = "oBrowser" + Guid.NewGuid().ToString("N")[..12];
        var msgId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        await SendAsync(client, openId, msgId, "你好");
        await SendAsync(client, openId, msgId + 1, "我的退款还没到账，已经三天了");
        var handed = await SendAsync(client, openId, msgId + 2, "转人工");
        var number = Number().Match(handed).Value;
        Assert.NotEmpty(number);
        Assert.Contains(number, await SendAsync(client, openId, msgId + 3, "订单号 T202611250001，金额 199 元"));
        Assert.Contains(number, await SendAsync(client, openId, msgId + 4, "我明天上午都在，方便的话请回电"));

        var agent = await browser.NewPageAsync();
        var errors = new List<string>();
        agent.PageError += (_, e) => errors.Add(e);
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/tickets/{number}");
        await Expect(agent.Locator("[data-testid=ticket-number]")).ToHaveTextAsync(number);
        await Expect(agent.Locator("[data-testid=ticket-title]")).ToHaveTextAsync("我的退款还没到账，已经三天了");
        var thread = agent.Locator("[data-testid=messages]");
        // The description is the conversation with the assistant; the serial and amount, and the message after the hand-off, follow it.
        await Expect(thread).ToContainTextAsync("我的退款还没到账，已经三天了");
        await Expect(thread).ToContainTextAsync("T202611250001");
        await Expect(thread).ToContainTextAsync("199 元");
        await Expect(thread).ToContainTextAsync("我明天上午都在，方便的话请回电");
        await Expect(agent.Locator("[data-testid=message].internal")).ToContainTextAsync("客户要求人工");
        // The user is named by channel and the end of their id, never by the whole openid (it follows them across messages).
        Assert.DoesNotContain(openId, await agent.Locator("main").InnerTextAsync());
        await Expect(thread).ToContainTextAsync("用户 …" + openId[^4..]);
        if (BrowserFixture.DocsShots) await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.DocsScreens(), "wechat-handoff.png"), FullPage = true });

        await agent.SetViewportSizeAsync(390, 844);
        await Expect(thread).ToContainTextAsync("我明天上午都在");
        var overflow = await agent.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the complaint page scrolls sideways on a phone");
        if (BrowserFixture.DocsShots) await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.DocsScreens(), "wechat-handoff-phone.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [GeneratedRegex(@"PD-\d{4}-\d{6}")]
    private static partial Regex Number();
}
