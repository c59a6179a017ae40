using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Playwright;
using PayDesk.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PayDesk.BrowserTests.BrowserFixture))]
[assembly: PayDesk.BrowserTests.ClosePagesAfterEachTest]

namespace PayDesk.BrowserTests;

/// <summary>
/// PayDesk on a real Kestrel port with demo data, and Debian's Chromium driven by Playwright
/// (Playwright's own browser download does not work on these machines). One for the whole suite (an assembly
/// fixture): a demo host takes seconds of CPU to seed, and the screen tests run one after another anyway. Tests
/// therefore make their own complaints and logins where they change things, and leave shared settings as they found them.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private PayDeskFactory? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public const string WeChatToken = "wechat-token-for-browser-tests";

    public PayDeskFactory Factory => _factory!;
    public string BaseUrl { get; private set; } = "";
    public string ScreenshotDir { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>When the shared host started: what was created before is demo data no test is working on.</summary>
    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    public async ValueTask InitializeAsync()
    {
        // The test directory (when scripts/test started one) backs the directory sign-in screen test.
        var settings = LdapTestServer.Settings();
        settings["Channels:WeChat:Token"] = WeChatToken; // the WeChat hand-off screen test posts as WeChat does
        _factory = new PayDeskFactory(Provider.Sqlite, demo: true, settings: settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1");
        // Screen tests sign the administrator in all day; the once-only first-run question has its own test (PublicAddressScreenTests).
        await _factory.Services.GetRequiredService<PayDesk.Features.Settings.PublicAddress>().MarkAskedAsync(CancellationToken.None);

        var executable = ChromiumExecutable();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotDir);
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>
    /// PAYDESK_CHROMIUM when set; else Debian's headless shell (package chromium-headless-shell, which scripts/test installs),
    /// else Debian's full Chromium. The shell is the same Blink without the browser's windowing layers: on eleven screen
    /// tests it took 64 s of CPU against 150 s, and the run 98 s against 148 s (docs/PERFORMANCE.md).
    /// </summary>
    private static string ChromiumExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("PAYDESK_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"PAYDESK_CHROMIUM names {configured}, which does not exist.");
        }
        string[] candidates = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium not found at /usr/bin/chromium-headless-shell or /usr/bin/chromium; scripts/test installs Debian's chromium-headless-shell package.");
    }

    /// <summary>A fresh page at 1366×900 (see <see cref="ScreenSizes.NewPageAsync"/>).</summary>
    public Task<IPage> NewPageAsync() => ScreenSizes.NewPageAsync(this, new ViewportSize { Width = 1366, Height = 900 });

    /// <summary>
    /// A browser context (own cookies) that is closed when the test that opened it ends (<see cref="ClosePagesAfterEachTestAttribute"/>).
    /// Left open, every page of the suite stayed alive until its end — a hundred and more by then, each a renderer process
    /// with its Blazor circuit, refresh timers and animations — and Chromium used most of the suite's CPU.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        var test = TestContext.Current.Test?.UniqueID;
        if (test is not null) OpenContexts.GetOrAdd(test, _ => new ConcurrentQueue<IBrowserContext>()).Enqueue(context);
        return context;
    }

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<IBrowserContext>> OpenContexts = new();

    /// <summary>Closes the contexts a test opened; one already closed (by the test itself, or a crashed browser) is passed over.</summary>
    internal static async ValueTask CloseContextsOfAsync(string testId)
    {
        if (!OpenContexts.TryRemove(testId, out var contexts)) return;
        foreach (var context in contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (Exception e) when (e is PlaywrightException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Chat is staffed on the line calendar; make it 7×24 so a test does not depend on the hour it runs.</summary>
    public async Task KeepChatOpenAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PayDesk.Features.Sla.SlaPolicyStore>();
        var policy = System.Text.Json.JsonSerializer.Deserialize<PayDesk.Features.Sla.SlaOptions>(
            System.Text.Json.JsonSerializer.Serialize(store.Current, PayDesk.Features.Sla.SlaPolicyStore.Serializer()), PayDesk.Features.Sla.SlaPolicyStore.Serializer())!;
        policy.LineCalendar = PayDesk.Features.Sla.DefaultCalendars.AlwaysOpen;
        await store.SaveAsync(scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>(), policy, "tests", DateTime.UtcNow, CancellationToken.None);
    }

    /// <summary>
    /// Whether the screenshots people look at (docs/screens/) are taken: when the browser suite runs by itself (`dotnet
    /// test tests/PayDesk.BrowserTests`), not under scripts/test, which sets PAYDESK_DOCS_SCREENS=0 — there some two hundred
    /// full-page captures cost half a minute of a CI run and left the working tree with a hundred changed pictures.
    /// </summary>
    public static bool DocsShots { get; } = Environment.GetEnvironmentVariable("PAYDESK_DOCS_SCREENS") != "0";

    /// <summary>docs/screens/ of the repository, where the screenshots people look at are kept.</summary>
    public static string DocsScreens()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PayDesk.slnx"))) return Directory.CreateDirectory(Path.Combine(dir.FullName, "docs", "screens")).FullName;
        }
        throw new DirectoryNotFoundException("PayDesk.slnx not found above the test folder.");
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", PayDeskFactory.AdminPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        // The first sign-ins meet a cold host while the API suite runs beside this one on two cores (one took over 30 s in
        // CI); wait longer than one step does, and if the page never leaves the sign-in form, say what it shows.
        // The page's address is read rather than awaited with WaitForURLAsync: when the redirect had already happened, that
        // call ignores WaitUntil = Commit and waits for the next page's `load` (playwright-dotnet #3365) — one CI run timed out
        // after 90 s on /inbox, signed in.
        var until = DateTime.UtcNow.AddSeconds(90);
        while (new Uri(page.Url).AbsolutePath.StartsWith("/account/login", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until)
            {
                var shown = await page.Locator("[role=alert]").AllInnerTextsAsync();
                throw new TimeoutException($"Signing in as {email} stayed on {page.Url} for 90 s; the page shows: {string.Join(" | ", shown)}");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PayDesk.slnx"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

/// <summary>
/// A host and browser of a test class's own, for classes that change what every other class sees (the active rubric,
/// the public address, who carries which complaints on the supervisor board), that count every notification the host
/// sends (training's "nothing leaves the outbox") or that check the untouched demo data.
/// Every other class shares the one <see cref="BrowserFixture"/> of the assembly.
/// </summary>
public sealed class PrivateBrowserFixture : BrowserFixture;

/// <summary>After every test of the suite, the browser contexts it opened are closed (see <see cref="BrowserFixture.NewContextAsync"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClosePagesAfterEachTestAttribute : Xunit.v3.BeforeAfterTestAttribute
{
    // xunit's After is synchronous, and waiting in it for Playwright deadlocked the suite (Playwright answers on the
    // synchronization context of the test threads this would block), so the contexts close in the background.
    public override void After(MethodInfo methodUnderTest, Xunit.v3.IXunitTest test) => _ = BrowserFixture.CloseContextsOfAsync(test.UniqueID).AsTask();
}
