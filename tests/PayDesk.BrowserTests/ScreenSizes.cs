using Microsoft.Playwright;

namespace PayDesk.BrowserTests;

/// <summary>The two sizes every main screen is checked and photographed at: a laptop and a phone.</summary>
public static class ScreenSizes
{
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 768 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>A fresh page (own cookies) at the given size; a phone page is a touch, mobile viewport.</summary>
    public static async Task<IPage> NewPageAsync(this BrowserFixture browser, ViewportSize size, string locale = "zh-CN")
    {
        var phone = size.Width < 600;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl,
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
            ViewportSize = size,
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }
}
