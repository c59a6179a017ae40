using System.Text.Json;
using Microsoft.Playwright;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>Issue 18, item 6: on a 390×844 phone the top bar is one line with a menu button, and the chat button never covers a form control.</summary>
public sealed class PhoneLayoutScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_staff_top_bar_folds_behind_a_menu_button_that_works_from_the_keyboard()
    {
        var page = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync("**/inbox");

        var toggle = page.Locator("[data-testid=nav-toggle]");
        var nav = page.Locator("#main-nav");
        await Expect(toggle).ToBeVisibleAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(nav).ToBeHiddenAsync();
        var closed = (await page.Locator("header.topbar").BoundingBoxAsync())!;
        Assert.True(closed.Height < 70, $"The closed top bar is one line, not {closed.Height}px");
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "phone-menu-closed-phone.png") });

        // Keyboard only: Tab from the skip link reaches the brand, then the button; Enter opens, Escape closes.
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(nav).ToBeVisibleAsync();
        await Expect(nav.Locator("a[href='/sla']")).ToBeVisibleAsync();
        await Expect(page.Locator("header .session [data-testid=current-user]")).ToBeVisibleAsync();
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "phone-menu-open-phone.png") });
        await page.Keyboard.PressAsync("Escape");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(nav).ToBeHiddenAsync();
        await Expect(toggle).ToBeFocusedAsync();

        // A tap opens it too, and a link in it navigates (the bar comes back closed on the new page).
        await toggle.ClickAsync();
        await nav.Locator("a[href='/sla']").ClickAsync();
        await page.WaitForURLAsync("**/sla");
        await Expect(page.Locator("[data-testid=nav-toggle]")).ToHaveAttributeAsync("aria-expanded", "false");
        // Still folded after the in-app navigation (Blazor's enhanced navigation rewrote <html>'s classes and the bar stayed
        // open for good, three lines of links above every page), and it still opens.
        await Expect(toggle).ToBeVisibleAsync();
        await Expect(nav).ToBeHiddenAsync();
        await toggle.ClickAsync();
        await Expect(nav).ToBeVisibleAsync();
        // A sub-menu (服务质量) opens in place, within the screen: as a box beside its heading it ran past the right edge.
        var sub = nav.Locator("details.nav-menu").First;
        await sub.Locator("summary").ClickAsync();
        var subLinks = sub.Locator(".menu a");
        await Expect(subLinks.First).ToBeVisibleAsync();
        for (var i = 0; i < await subLinks.CountAsync(); i++)
        {
            var box = (await subLinks.Nth(i).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"sub-menu link {i} at {box.X}–{box.X + box.Width}px");
        }
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "phone-menu-sub-open-phone.png") });
        await nav.Locator("a[href='/inbox']").ClickAsync();
        await page.WaitForURLAsync("**/inbox");
        await Expect(toggle).ToBeVisibleAsync();
        await Expect(nav).ToBeHiddenAsync();

        // On a laptop there is no button: the links are in the bar.
        var desktop = await browser.NewPageAsync(ScreenSizes.Desktop);
        await browser.SignInAsync(desktop, "supervisor@paydesk.local");
        await desktop.WaitForURLAsync("**/inbox");
        await Expect(desktop.Locator("[data-testid=nav-toggle]")).ToBeHiddenAsync();
        await Expect(desktop.Locator("#main-nav a[href='/sla']")).ToBeVisibleAsync();
    }

    private const string LauncherCheck = """
        () => {
            const host = document.getElementById('paydesk-chat');
            const launcher = host && (host.shadowRoot || host).querySelector('[data-testid=chat-launcher]');
            if (!launcher) return { present: false, visible: false, hits: [] };
            const style = getComputedStyle(launcher);
            const visible = style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
            const b = launcher.getBoundingClientRect();
            const hits = [...document.querySelectorAll('main input:not([type=hidden]), main button, main textarea, main select')]
                .filter(c => { const r = c.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom; })
                .map(c => c.outerHTML.slice(0, 100));
            return { present: true, visible, hits };
        }
        """;

    private sealed record LauncherState(bool Present, bool Visible, string[] Hits);

    private static async Task<LauncherState> LauncherAsync(IPage page)
    {
        await page.WaitForTimeoutAsync(600); // one animation frame for the check, then the fade
        return (await page.EvaluateAsync<JsonElement>(LauncherCheck)).Deserialize<LauncherState>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task The_chat_button_never_covers_the_complaint_form_on_a_phone()
    {
        var page = await browser.NewPageAsync(ScreenSizes.Phone);
        await browser.SignInAsync(page, "customer@paydesk.local");
        await page.WaitForURLAsync("**/my");
        await page.GotoAsync("/my/new");
        await page.Locator("[data-testid=chat-launcher]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator("main form textarea").First).ToBeVisibleAsync();

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var top = await LauncherAsync(page);
        Assert.True(top.Present);
        Assert.True(!top.Visible || top.Hits.Length == 0, "At the top the chat button covers: " + string.Join(" | ", top.Hits));

        // Scrolling a few steps down the form: at no step does a visible button sit on a control.
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        for (var y = 200; y < height; y += 300)
        {
            await page.EvaluateAsync($"() => window.scrollTo(0, {y})");
            var step = await LauncherAsync(page);
            Assert.True(!step.Visible || step.Hits.Length == 0, $"At {y}px the chat button covers: " + string.Join(" | ", step.Hits));
        }

        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        var bottom = await LauncherAsync(page);
        Assert.True(bottom.Visible, "At the end of the page the chat button is shown");
        Assert.Empty(bottom.Hits);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "portal-form-chat-button-phone.png") });

        // Focusing a field under the button hides it while the field is in use.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.Locator("main form textarea").First.FocusAsync();
        var focused = await LauncherAsync(page);
        Assert.True(!focused.Visible || focused.Hits.Length == 0, "With a field focused the chat button covers: " + string.Join(" | ", focused.Hits));

        // The button still opens the chat where it is shown.
        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await LauncherAsync(page);
        await page.ClickAsync("[data-testid=chat-launcher]");
        await Expect(page.Locator("[data-testid=chat-launcher]")).ToHaveAttributeAsync("aria-expanded", "true");
    }
}
