using System.Diagnostics;
using System.Text.RegularExpressions;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Operations;

/// <summary>
/// A published PayDesk started from another working directory serves its stylesheets and scripts: the content root
/// is the application's folder (issue 21 §7). Before, every CSS/JS answered an empty 200 with health checks green.
/// </summary>
[LongRunning(31)]
public sealed partial class PublishedFolderTests
{
    [GeneratedRegex("""<link rel="stylesheet" href="([^"]+\.css)"|<script src="([^"]+\.js)""")]
    private static partial Regex Assets();

    [Fact]
    public async Task The_published_build_started_from_the_root_folder_serves_non_empty_css_and_js()
    {
        var folder = await PublishedPayDesk.FolderAsync();
        var data = PublishedPayDesk.Scratch("paydesk-published-data-");
        var port = PublishedPayDesk.FreePort();
        var settings = PublishedPayDesk.Settings(data);
        // The address the way containers and service managers give it: appsettings.json must not override it.
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Production, so nothing but the published files can serve the assets (no static web assets manifest).
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var server = Process.Start(PublishedPayDesk.Start("dotnet", [Path.Combine(folder, "PayDesk.dll")], "/", settings))!;
        var log = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            string? page = null;
            while (page is null)
            {
                // The log is read only on failure, and under its lock: the server's output is appended to it meanwhile.
                if (server.HasExited) Assert.Fail("the server stopped: " + PublishedPayDesk.Text(log));
                if (DateTime.UtcNow >= deadline) Assert.Fail("the server did not answer within 90 s: " + PublishedPayDesk.Text(log));
                try
                {
                    var response = await http.GetAsync("/account/login", TestContext.Current.CancellationToken);
                    Assert.True(response.IsSuccessStatusCode, $"/account/login answered {(int)response.StatusCode}");
                    page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                }
                catch (HttpRequestException)
                {
                }
                if (page is null) await Task.Delay(200, TestContext.Current.CancellationToken);
            }

            var assets = Assets().Matches(page).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
            var css = Assert.Single(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
            Assert.Contains("_framework/blazor.web.js", assets);
            foreach (var (path, type) in new[] { (css, "text/css"), ("_framework/blazor.web.js", "text/javascript"), ("js/nav-menu.js", "text/javascript") })
            {
                var response = await http.GetAsync("/" + path.TrimStart('/'), TestContext.Current.CancellationToken);
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
                var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
                Assert.True(body.Length > 100, $"{path} served {body.Length} bytes");
                Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(data, recursive: true);
        }
    }
}
