using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Every screen works under PayDesk's Content-Security-Policy: Chromium reports no refused script, style,
/// connection or frame on the staff pages, the help centre, the portal, the API reference and the chat
/// widget (on our pages and embedded in another site), and Blazor's websocket and the chat still work.
/// </summary>
[LongRunning(41)]
public sealed class SecurityPolicyScreenTests(BrowserFixture browser)
{
    private sealed class Watch
    {
        public List<string> Violations { get; } = [];
        public List<string> Sockets { get; } = [];
    }

    private static async Task<Watch> WatchAsync(IPage page)
    {
        var watch = new Watch();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Refused to", StringComparison.Ordinal) || m.Text.Contains("Content Security Policy", StringComparison.Ordinal)
                || m.Text.StartsWith("CSP violation", StringComparison.Ordinal))
            {
                lock (watch) watch.Violations.Add($"{page.Url}: {m.Text}");
            }
        };
        page.WebSocket += (_, socket) => { lock (watch) watch.Sockets.Add(socket.Url); };
        // Playwright's init script runs outside the page's policy; it reports violations the console may word differently.
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation',
              e => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber), true);
            """);
        return watch;
    }

    private static bool HasCircuit(Watch watch)
    {
        lock (watch) return watch.Sockets.Any(s => s.Contains("/_blazor", StringComparison.Ordinal));
    }

    private static async Task VisitAsync(IPage page, string path)
    {
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        // Give Blazor's circuit and the scripts that load after it a moment to run into any refusal.
        await page.WaitForTimeoutAsync(300);
    }

    private static async Task ChatAsync(IPage page, string text)
    {
        await page.ClickAsync("[data-testid=chat-launcher]");
        await page.FillAsync("[data-testid=chat-name]", "策略访客");
        await page.FillAsync("[data-testid=chat-phone]", "137" + Random.Shared.Next(10_000_000, 99_999_999));
        await page.ClickAsync("[data-testid=chat-start-button]");
        await Expect(page.Locator("[data-testid=chat-log]")).ToContainTextAsync("智能助手");
        await page.FillAsync("[data-testid=chat-input]", text);
        await page.ClickAsync("[data-testid=chat-send]");
        // Confirmed by the server over the hub: the message carries its server id.
        await Expect(page.Locator("[data-testid=chat-log] .msg.me:not([data-server-id='0'])", new() { HasText = text })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Staff_pages_run_under_the_policy_with_their_websocket()
    {
        var staff = new (string Email, string[] Paths)[]
        {
            ("agent@paydesk.local", ["/inbox", "/agent/chat", "/sla", "/phone", "/kb"]),
            ("supervisor@paydesk.local", ["/supervisor", "/reports", "/workforce"]),
            (PayDeskFactory.AdminEmail, ["/admin/channels", "/admin/templates", "/admin/calendars", "/admin/sla", "/admin/users", "/admin/audit"]),
        };
        foreach (var (email, paths) in staff)
        {
            var page = await browser.NewPageAsync();
            var watch = await WatchAsync(page);
            await browser.SignInAsync(page, email);
            await page.WaitForURLAsync(url => !url.Contains("/account/login"));
            foreach (var path in paths) await VisitAsync(page, path);
            if (email == "agent@paydesk.local")
            {
                await VisitAsync(page, "/inbox");
                var ticket = await page.Locator("[data-testid=inbox] [data-testid=ticket-link]").First.GetAttributeAsync("href");
                await VisitAsync(page, ticket!);
                await Expect(page.Locator("[data-testid=ticket-title]")).ToBeVisibleAsync();
            }
            // The inbox's live island opens the circuit; on two busy cores it may take longer than 300 ms.
            if (!HasCircuit(watch)) await VisitAsync(page, "/inbox");
            for (var i = 0; i < 150 && !HasCircuit(watch); i++) await page.WaitForTimeoutAsync(100);
            Assert.True(watch.Violations.Count == 0, string.Join("\n", watch.Violations));
            Assert.True(HasCircuit(watch), $"{email}: no /_blazor websocket; sockets: {string.Join(", ", watch.Sockets)}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_help_centre_the_portal_and_the_api_reference_run_under_the_policy()
    {
        var visitor = await browser.NewPageAsync();
        var watch = await WatchAsync(visitor);
        await VisitAsync(visitor, "/help");
        await visitor.Locator("[data-testid=help-search]").PressSequentiallyAsync("重复扣款");
        await Expect(visitor.Locator("[data-testid=live-suggestion]").First).ToBeVisibleAsync();
        var article = await visitor.Locator("a[href^='/help/articles/']").First.GetAttributeAsync("href");
        await VisitAsync(visitor, article!);
        await VisitAsync(visitor, "/account/login");
        await VisitAsync(visitor, "/survey/not-a-real-token");
        await VisitAsync(visitor, "/api-docs");
        Assert.True(watch.Violations.Count == 0, string.Join("\n", watch.Violations));

        var customer = await browser.NewPageAsync();
        var portal = await WatchAsync(customer);
        await browser.SignInAsync(customer, "customer@paydesk.local");
        await customer.WaitForURLAsync("**/my");
        await VisitAsync(customer, "/my/new");
        await VisitAsync(customer, "/my");
        var mine = await customer.Locator("main a[href^='/my/tickets/']").First.GetAttributeAsync("href");
        await VisitAsync(customer, mine!);
        Assert.True(portal.Violations.Count == 0, string.Join("\n", portal.Violations));
    }

    [Fact]
    public async Task The_chat_widget_opens_and_sends_on_our_pages_and_embedded_in_another_site()
    {
        await browser.KeepChatOpenAsync();
        var visitor = await browser.NewPageAsync();
        var watch = await WatchAsync(visitor);
        await VisitAsync(visitor, "/help");
        await ChatAsync(visitor, "我的退款什么时候到账");
        Assert.True(watch.Violations.Count == 0, string.Join("\n", watch.Violations));

        // A merchant's page on another origin (a second loopback port) with its own strict policy, allowing
        // what docs/channels.md asks embedders to allow for the widget.
        var server = new Uri(browser.BaseUrl);
        using var merchant = MerchantSite.Start(
            $"default-src 'self'; script-src 'self' {browser.BaseUrl}; connect-src 'self' {browser.BaseUrl} ws://{server.Authority}; style-src 'self' {browser.BaseUrl}",
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>商户</title></head><body><h1>商户页面</h1>" +
            $"<script src=\"{browser.BaseUrl}/chat/widget.js\" data-lang=\"zh-CN\" defer></script></body></html>");
        var host = await browser.NewPageAsync();
        var embedded = await WatchAsync(host);
        await host.GotoAsync(merchant.Url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await ChatAsync(host, "在商户页面咨询扣款");
        Assert.True(embedded.Violations.Count == 0, string.Join("\n", embedded.Violations));
        Assert.Contains(embedded.Sockets, s => s.Contains(server.Authority, StringComparison.Ordinal) && s.Contains("/hubs/", StringComparison.Ordinal));
    }

    /// <summary>A one-page web site on its own loopback port: another origin, in the same (loopback) address space.</summary>
    private sealed class MerchantSite : IDisposable
    {
        private readonly System.Net.HttpListener _listener;

        private MerchantSite(System.Net.HttpListener listener, string url)
        {
            _listener = listener;
            Url = url;
        }

        public string Url { get; }

        public static MerchantSite Start(string policy, string html)
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new System.Net.HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            var body = System.Text.Encoding.UTF8.GetBytes(html);
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    System.Net.HttpListenerContext context;
                    try
                    {
                        context = await listener.GetContextAsync();
                    }
                    catch (Exception) when (!listener.IsListening)
                    {
                        return;
                    }
                    context.Response.ContentType = "text/html; charset=utf-8";
                    context.Response.Headers["Content-Security-Policy"] = policy;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
            return new MerchantSite(listener, $"http://127.0.0.1:{port}/shop.html");
        }

        public void Dispose() => _listener.Close();
    }
}
