using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PayDesk.Features.Channels;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>What a browser or a scanner sees on every response: headers that stop sniffing, injected script, framing and token leaks.</summary>
public sealed class SecurityHeaderTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    // Every case reads headers only, so the class shares one host.
    private readonly PayDeskFactory _factory = host.Factory;

    private static string One(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);

    [Theory]
    [InlineData("/api/v1/kb/search?q=退款")]          // API (JSON)
    [InlineData("/api/v1/tickets")]                  // API error (401 problem)
    [InlineData("/help")]                            // Blazor page, public
    [InlineData("/account/login")]                   // Blazor page with a form
    [InlineData("/app.css")]                         // static file
    [InlineData("/chat/widget.js")]                  // the embeddable widget
    [InlineData("/no-such-page")]                    // 404
    public async Task Every_response_forbids_sniffing_inline_script_framing_and_powerful_features(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);
        Assert.Equal("nosniff", One(response, "X-Content-Type-Options"));
        var csp = One(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Equal("strict-origin-when-cross-origin", One(response, "Referrer-Policy"));
        Assert.Equal("camera=(), microphone=(), geolocation=()", One(response, "Permissions-Policy"));
        // Plain HTTP (and Development): no HSTS, which would lock a browser out of a server without TLS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Api_answers_with_personal_data_are_kept_by_no_cache()
    {
        var admin = await _factory.AdminClientAsync();
        var page = await admin.GetAsync("/api/v1/tickets?pageSize=1");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore, page.Headers.CacheControl?.ToString());
        Assert.True((await _factory.CreateClient().GetAsync("/api/v1/tickets")).Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("/survey/not-a-real-token")]
    [InlineData("/confirm/not-a-real-token")]
    [InlineData("/api/v1/surveys/not-a-real-token")]
    [InlineData("/api/v1/confirmations/not-a-real-token")]
    public async Task Signed_link_pages_send_no_referrer_so_their_token_does_not_leak(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);
        Assert.Equal("no-referrer", One(response, "Referrer-Policy"));
        Assert.Equal("nosniff", One(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_api_reference_keeps_a_policy_it_works_under()
    {
        var response = await _factory.CreateClient().GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = One(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("connect-src 'self';", csp);
        // Its inline bootstrap runs by hash, never by 'unsafe-inline'; no other host appears anywhere in the policy.
        var scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        // Scalar's bundle evaluates code at run time, so 'unsafe-eval' is the one exception (this page only).
        Assert.DoesNotContain("unsafe-inline", scripts);
        scripts = scripts.Replace(" 'unsafe-eval'", "");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(PayDesk.Infrastructure.Http.SecurityHeaders.HashInlineScripts(html).Trim(), scripts["script-src 'self'".Length..].Trim());
        Assert.Contains("'sha256-", scripts);
        Assert.DoesNotContain("http", csp);
        Assert.Equal("nosniff", One(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_outside_development_only()
    {
        var production = _factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var https = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://paydesk.example.cn") });
        var secure = await https.GetAsync("/api/v1/kb/search?q=退款");
        Assert.StartsWith("max-age=31536000", One(secure, "Strict-Transport-Security"));
        var plain = await production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://paydesk.example.cn") })
            .GetAsync("/api/v1/kb/search?q=退款");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        var development = await _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://paydesk.example.cn") })
            .GetAsync("/api/v1/kb/search?q=退款");
        Assert.False(development.Headers.Contains("Strict-Transport-Security"));
    }
}

/// <summary>Other accounts on the server cannot read the database, its WAL or the key rings.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderModeTests
{
    private const UnixFileMode Folder0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static async Task AssertPrivateAsync(string dataDir)
    {
        var settings = new Dictionary<string, string?> { ["PAYDESK_DATA_DIR"] = dataDir };
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        // A write, so the WAL and shared-memory files exist and hold data.
        var admin = await factory.AdminClientAsync();
        var database = Path.Combine(dataDir, "paydesk.db");
        // Held open until the end: other tests clear every SQLite pool of the process (backup, restore), and the last
        // connection to close checkpoints the WAL and removes it.
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        // An open connection only counts once it has read: until then a closing one takes itself for the last and removes the
        // -wal and -shm files (CI: the -shm was missing once, when another test cleared the pools at that moment).
        await using (var read = holder.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master";
            await read.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }
        (await admin.PostAsync("/api/v1/customers", System.Net.Http.Json.JsonContent.Create(new { name = "权限测试", phone = TestData.NewPhone() }))).EnsureSuccessStatusCode();
        Assert.Equal(Folder0700, File.GetUnixFileMode(dataDir));
        Assert.True(File.Exists(database + "-wal"), "the database runs in WAL mode");
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal((Path.GetFileName(file), File0600), (Path.GetFileName(file), File.GetUnixFileMode(file)));
        }
    }

    [Fact]
    public async Task A_fresh_data_folder_is_0700_and_the_database_wal_and_shm_are_0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var root = Directory.CreateTempSubdirectory("paydesk-mode-").FullName;
        try
        {
            await AssertPrivateAsync(Path.Combine(root, "data"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_world_readable_install_from_before_is_tightened_on_start()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var root = Directory.CreateTempSubdirectory("paydesk-mode-").FullName;
        try
        {
            var dataDir = Path.Combine(root, "data");
            Directory.CreateDirectory(dataDir, Folder0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await File.WriteAllBytesAsync(Path.Combine(dataDir, "paydesk.db"), []);
            File.SetUnixFileMode(Path.Combine(dataDir, "paydesk.db"), File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            await AssertPrivateAsync(dataDir);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>Expected unique-key conflicts are not errors in the log; real database failures still are.</summary>
public sealed class DatabaseFailureLogTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_handled_unique_conflict_logs_no_error_and_an_unexpected_failure_still_does(Provider provider)
    {
        if (provider == Provider.Postgres && PostgresServer.ConnectionString is null)
        {
            Assert.Skip("PostgreSQL tests need PAYDESK_TEST_POSTGRES; scripts/test starts a server and sets it.");
        }
        var capture = new CapturedLogs();
        await using var factory = new PayDeskFactory(provider, settings: ChannelTestKit.Settings(),
            services: s => s.AddSingleton<ILoggerProvider>(capture));
        _ = factory.Server;
        var externalId = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.InboundReceipts.Add(new InboundReceipt { Channel = TicketChannel.Sms, ExternalId = externalId, ReceivedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            capture.Clear();
            // What a racing second delivery does: the unique key refuses it and the caller handles the exception.
            db.InboundReceipts.Add(new InboundReceipt { Channel = TicketChannel.Sms, ExternalId = externalId, ReceivedAt = DateTime.UtcNow });
            var conflict = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(DatabaseFailureLogging.IsUniqueViolation(conflict));
            Assert.DoesNotContain(capture.Entries, e => e.Level >= LogLevel.Error);

            // The same through a channel: simultaneous re-signed copies of one SMS race on the receipt's unique key.
            db.ChangeTracker.Clear();
            var client = factory.CreateClient();
            var body = System.Text.Json.JsonSerializer.Serialize(new { messageId = "race-" + externalId, from = TestData.NewPhone(), text = "同时到达的两份" },
                System.Text.Json.JsonSerializerOptions.Web);
            // One clock reading for all four: read per copy, two copies could land on the same second across a tick, sign
            // alike and be refused as a replay (409), which is not what this test is about.
            var now = DateTimeOffset.UtcNow;
            var copies = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => ChannelTestKit.PostSignedAsync(client, "/api/v1/channels/sms/inbound", body,
                ChannelTestKit.SmsSecret, at: now.AddSeconds(-i))));
            Assert.All(copies, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.DoesNotContain(capture.Entries, e => e.Level >= LogLevel.Error);

            // A failure nobody expects stays an error.
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE no_such_table SET x = 1"));
            Assert.Contains(capture.Entries, e => e.Level == LogLevel.Error && e.Category == typeof(DatabaseFailureLogging).FullName);
        }
    }
}
