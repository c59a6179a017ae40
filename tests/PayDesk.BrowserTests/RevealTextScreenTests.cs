using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Numbers a customer typed are masked on the complaint page; the original is shown once, with a reason.</summary>
public sealed class RevealTextScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_sees_numbers_masked_and_reveals_the_original_with_a_reason()
    {
        using var api = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = PayDeskFactory.AdminPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await api.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app",
            customer = new { name = "王五", phone = "139" + Random.Shared.Next(0, 100_000_000).ToString("D8") },
            subject = "请核对身份",
            description = "我的身份证 11010519491231002X，卡号 4111 1111 1111 1111，请回电 13712345678",
            category = "other",
        });
        created.EnsureSuccessStatusCode();
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/tickets/{number}");
        var messages = agent.Locator("[data-testid=messages]");
        await Expect(messages).ToContainTextAsync("110***********002X");
        await Expect(messages).ToContainTextAsync("411111******1111");
        await Expect(messages).Not.ToContainTextAsync("13712345678");

        await agent.ClickAsync("[data-testid=reveal-open]"); // folded away on the redesigned complaint page (issue 18)
        await agent.ClickAsync("[data-testid=reveal-submit]");
        await Expect(agent.Locator("[data-testid=reveal-text] [role=alert]")).ToBeVisibleAsync();
        await agent.FillAsync("[data-testid=reveal-reason]", "客户来电核对身份");
        await agent.ClickAsync("[data-testid=reveal-submit]");
        var revealed = agent.Locator("[data-testid=revealed-text]");
        await Expect(revealed).ToContainTextAsync("11010519491231002X");
        await Expect(revealed).ToContainTextAsync("13712345678");
        await Expect(revealed).ToContainTextAsync("411111******1111");
        await browser.ScreenshotAsync(agent, "ticket-reveal-original");
    }
}
