using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Microsoft.Extensions.Logging;

namespace PayDesk.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A PayDesk host on a real, throwaway database: a fresh SQLite file in a temp folder, or a fresh
/// database on the PostgreSQL server named by PAYDESK_TEST_POSTGRES (scripts/test starts one).
/// </summary>
public sealed class PayDeskFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@paydesk.local";
    public const string AdminPassword = "Harbour-Lantern-T3sts";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("paydesk-test-").FullName;
    private readonly string? _postgres;
    private readonly string? _postgresDatabase;
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _services;

    public PayDeskFactory(Provider provider, bool demo = false, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        Provider = provider;
        if (provider == Provider.Postgres)
        {
            var server = PostgresServer.ConnectionString
                ?? throw new InvalidOperationException("PAYDESK_TEST_POSTGRES is not set; run the tests through scripts/test.");
            _postgresDatabase = "paydesk_test_" + Guid.NewGuid().ToString("N")[..12];
            _postgres = new NpgsqlConnectionStringBuilder(server) { Database = _postgresDatabase }.ConnectionString;
        }
        _settings = new Dictionary<string, string?>
        {
            ["PAYDESK_DATA_DIR"] = _dataDir,
            ["PAYDESK_POSTGRES"] = _postgres ?? "",
            ["PAYDESK_ADMIN_PASSWORD"] = AdminPassword,
            ["PAYDESK_DEMO_PASSWORD"] = AdminPassword,
            ["PAYDESK_DEMO"] = demo ? "true" : "false",
            // Tests share one client address; the throttling tests set these back to the shipped defaults.
            ["RateLimits:SignInPerMinute"] = "100000",
            ["RateLimits:CodesPerHour"] = "100000",
            ["RateLimits:ChatStartsPerMinute"] = "100000",
            ["RateLimits:PublicWritesPerMinute"] = "100000",
            ["RateLimits:WebhooksPerMinute"] = "100000",
            ["Security:AccountFailureLimit"] = "100000",
            // Throwaway databases need no power-cut safety: without an fsync per commit (2–3 ms each here) the suites
            // wait less, as PostgreSQL runs with fsync=off in scripts/test. Durability tests set FULL back.
            ["Storage:SqliteSynchronous"] = "OFF",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public Provider Provider { get; }

    public string DataDir => _dataDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests dispatch notifications themselves, so the background timer stays out of the way.
        builder.UseSetting("Notifications:DispatchIntervalSeconds", "3600");
        // The in-memory test server has no socket: requests come "from" loopback, as from a local proxy.
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, LoopbackClientFilter>());
        if (_services is not null) builder.ConfigureTestServices(_services);
        if (ErrorFileLoggerProvider.FromEnvironment() is { } errors) builder.ConfigureLogging(logging => logging.AddProvider(errors));
    }

    /// <summary>
    /// Starts the host; with PAYDESK_TEST_HOSTLOG set, appends how long the start took and which test class asked for it
    /// (to find where the suites spend their time).
    /// </summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        var log = Environment.GetEnvironmentVariable("PAYDESK_TEST_HOSTLOG");
        if (string.IsNullOrEmpty(log)) return base.CreateHost(builder);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var host = base.CreateHost(builder);
        var asker = TestContext.Current.TestClass?.TestClassName ?? "?";
        lock (HostLogLock)
        {
            File.AppendAllText(log, $"{started.ElapsedMilliseconds}\t{Provider}\t{asker}\n");
        }
        return host;
    }

    private static readonly object HostLogLock = new();

    /// <summary>A client signed in with a bearer token.</summary>
    public async Task<HttpClient> ClientForAsync(string email, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public Task<HttpClient> AdminClientAsync() => ClientForAsync(AdminEmail, AdminPassword);

    /// <summary>A client signed in with a bearer token, for an account with two-factor sign-in on.</summary>
    public async Task<HttpClient> ClientForTwoFactorAsync(string email, string password, string code)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password, twoFactorCode = code });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Sends what is due in the notification outbox now, as the background dispatcher would.</summary>
    /// <summary>
    /// Sends everything due, batch after batch, as the dispatcher's job would over its next runs (a host shared by many
    /// tests can hold more than one batch); returns how many were sent.
    /// </summary>
    public async Task<int> DispatchNotificationsAsync()
    {
        var dispatcher = Services.GetRequiredService<PayDesk.Features.Notifications.NotificationDispatcher>();
        var total = 0;
        for (var pass = 0; pass < 100; pass++)
        {
            var sent = await dispatcher.DispatchDueAsync(CancellationToken.None);
            if (sent == 0) break;
            total += sent;
        }
        return total;
    }

    /// <summary>Messages the development outbox "sent" on a channel (sms or email), oldest first.</summary>
    public IReadOnlyList<OutboxMessage> Outbox(string channel)
    {
        var path = Path.Combine(_dataDir, "dev-outbox", channel + ".jsonl");
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(line => System.Text.Json.JsonSerializer.Deserialize<OutboxMessage>(line, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!).ToList()
            : [];
    }

    public sealed record OutboxMessage(Guid Id, string To, string? Subject, string Body);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            await PostgresServer.DropDatabaseAsync(_postgresDatabase);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS temp cleaner.
        }
    }

    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}

internal sealed class LoopbackClientFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(nextMiddleware => ctx =>
        {
            ctx.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
            return nextMiddleware(ctx);
        });
        next(app);
    };
}

public static class PostgresServer
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("PAYDESK_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>Drops a throwaway test database, closing pooled connections to it first.</summary>
    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
