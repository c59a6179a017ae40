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

    private readonly bool _fromTemplate;

    private readonly bool _productionPasswordHashing;

    /// <summary>PBKDF2 iterations of the passwords test hosts hash (see the constructor's productionPasswordHashing).</summary>
    public const int TestHashIterations = 1_000;

    /// <param name="productionPasswordHashing">
    /// Hash passwords at the shipped cost (PBKDF2 with Identity's 100,000 iterations) instead of <see cref="TestHashIterations"/>,
    /// on a fresh database so the first administrator's password is hashed that way too. At the shipped cost the sign-ins
    /// and accounts of the suites were a fifth of the rule/API suite's CPU (perf: libcrypto's SHA-512); tests of the
    /// hashing itself, and of sign-in timing, ask for it.
    /// </param>
    /// <param name="freshDatabase">
    /// Prepare the database from nothing (migrations, seeds, first administrator) instead of starting on a copy of one
    /// prepared that way earlier in this test run. Tests of the first start itself ask for this.
    /// </param>
    public PayDeskFactory(Provider provider, bool demo = false, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        bool freshDatabase = false, bool productionPasswordHashing = false)
    {
        // The question-pair model trains in the background after a start (intake compares a customer's complaints by their
        // words once it is ready): tests start with it trained, once per process, so what intake flags never depends on timing.
        PayDesk.Features.Assistant.PayDeskPairs.ShippedAsync().GetAwaiter().GetResult();
        _services = services;
        Provider = provider;
        _productionPasswordHashing = productionPasswordHashing;
        _fromTemplate = !demo && !freshDatabase && !productionPasswordHashing;
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
            ["Storage:SqliteSynchronous"] = Environment.GetEnvironmentVariable("PAYDESK_TEST_SQLITE_SYNCHRONOUS") ?? "OFF",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public Provider Provider { get; }

    public string DataDir => _dataDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_fromTemplate) PreparedDatabase.CopyInto(Provider, _settings["PAYDESK_DATA_DIR"]!, _settings["PAYDESK_POSTGRES"], _postgres, _postgresDatabase);
        // The offline MiniLM model (ONNX, ~90 MB) only for the tests that ask for it.
        builder.UseSetting("Assistant:Embeddings:Offline", "false");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests dispatch notifications themselves, so the background timer stays out of the way.
        builder.UseSetting("Notifications:DispatchIntervalSeconds", "3600");
        if (!_productionPasswordHashing)
        {
            builder.ConfigureServices(services => services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = TestHashIterations));
        }
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

    /// <summary>The PostgreSQL database this host uses (null on SQLite).</summary>
    internal string? PostgresDatabase => _postgresDatabase;

    private bool _keepData;

    /// <summary>Stops the host and keeps its data folder and database (the prepared database other hosts copy).</summary>
    internal void StopKeepingData()
    {
        _keepData = true;
        Task.Run(async () => await DisposeAsync()).GetAwaiter().GetResult();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_keepData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return;
        }
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

/// <summary>
/// A database as a first start leaves it (migrated, seeded, first administrator), made once per provider and test run,
/// which each new test host starts on as on a restart. Preparing from nothing took about 0.6 s of CPU per host
/// (SQLite; more on PostgreSQL), and the rule/API suite starts some 170 hosts. SQLite hosts copy the prepared data folder;
/// PostgreSQL hosts are created with CREATE DATABASE … TEMPLATE. A host whose data folder is not empty, or whose
/// PostgreSQL database already exists, or that points at another database, starts on what is there.
/// </summary>
internal static class PreparedDatabase
{
    // One first start per provider, made when the first host of that provider asks for it.
    private static readonly Lazy<string> SqliteFolder = new(() => FirstStart(Provider.Sqlite).DataDir);

    private static readonly Lazy<string> PostgresTemplate = new(() =>
    {
        var database = FirstStart(Provider.Postgres).PostgresDatabase!;
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                PostgresServer.DropDatabaseAsync(database).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // The server may be gone already (scripts/test stops it); a leftover template goes with it.
            }
        };
        return database;
    });

    // CREATE DATABASE … TEMPLATE one at a time.
    private static readonly object CreateLock = new();

    public static void CopyInto(Provider provider, string dataDir, string? configuredPostgres, string? ownPostgres, string? database)
    {
        if (provider == Provider.Sqlite)
        {
            // Only into an empty folder of a SQLite host: not into one a host used already (a restart, a second instance).
            if (!string.IsNullOrEmpty(configuredPostgres) || (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())) return;
            TestFolders.Copy(SqliteFolder.Value, dataDir);
            return;
        }
        if (database is null || configuredPostgres != ownPostgres) return;
        var template = PostgresTemplate.Value;
        lock (CreateLock)
        {
            using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (exists.ExecuteScalar() is not null) return;
            using var create = new NpgsqlCommand($"CREATE DATABASE {database} TEMPLATE {template}", connection);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>Starts a host on an empty database, then stops it cleanly (the write-ahead log folded in), keeping its data.</summary>
    private static PayDeskFactory FirstStart(Provider provider)
    {
        var host = new PayDeskFactory(provider, freshDatabase: true);
        host.StartServer();
        host.StopKeepingData();
        return host;
    }
}

public static class TestFolders
{
    /// <summary>Copies every file under <paramref name="from"/> to the same place under <paramref name="to"/>.</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: false);
        }
    }
}
