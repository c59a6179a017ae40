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
        // Every screen shot on a phone fits it: wide tables scroll inside their own box or become cards, never the page
        // (the quality lists were 418–462 px wide on a 390-px phone, the page's header not reaching their edge).
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name} at 390 px is {overflow} px wider than the phone");
        await page.SetViewportSizeAsync(1366, 900);
    }
}
