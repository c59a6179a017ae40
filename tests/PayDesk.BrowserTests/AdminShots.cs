using Microsoft.Playwright;

namespace PayDesk.BrowserTests;

/// <summary>docs/screens/{name}.png at 1366×900 and {name}-phone.png at 390×844, then back to the desktop size.</summary>
internal static class AdminShots
{
    public static async Task BothAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(1366, 900);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + ".png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        if (BrowserFixture.DocsShots) await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), name + "-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);
    }
}
