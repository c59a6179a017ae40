using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PayDesk.Features.Audit;
using PayDesk.Features.Search;

namespace PayDesk.Infrastructure.Data;

internal static class StorageSetup
{
    private static readonly NulFreeText NulFree = new();
    private static readonly SqliteBatchStatementReuse BatchStatements = new();

    private static readonly string[] SynchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"];

    /// <summary>
    /// Registers both providers' contexts and resolves <see cref="AppDbContext"/> to the one the
    /// configuration names. Configuration is read when the container is built, not here, so test
    /// hosts and the CLI can supply it late. The full-text index is written by the last save interceptor,
    /// <see cref="SearchIndexing"/> (registered by AddSearch), in each save's transaction.
    /// </summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var storage = StorageOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>());
            if (!SynchronousModes.Contains(storage.SqliteSynchronous, StringComparer.OrdinalIgnoreCase))
            {
                throw new Features.Identity.StartupProblem(
                    $"Storage:SqliteSynchronous must be one of {string.Join(", ", SynchronousModes)}; got '{storage.SqliteSynchronous}'.");
            }
            ProtectFiles(storage);
            return storage;
        });
        SqliteProcessSettings.Apply();
        // FULL is kept by group commit (SqliteGroupCommit): connections write with NORMAL, acknowledged writes wait for a
        // shared flush of the WAL. OFF, NORMAL and EXTRA are SQLite's own.
        builder.Services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            return new SqlitePragmaInterceptor(storage.GroupCommit ? "NORMAL" : storage.SqliteSynchronous.ToUpperInvariant());
        });
        builder.Services.AddSingleton<SqliteGroupCommit>();
        builder.Services.AddSingleton<AuditInterceptor>();
        builder.Services.AddSingleton<DatabaseFailureLogging>();
        builder.Services.AddSingleton<Security.PersonalTextInterceptor>();
        builder.Services.AddSingleton<SavedEntities>();

        builder.Services.AddDbContextPool<PostgresAppDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            options.UseNpgsql(storage.PostgresConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"));
            options.AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), NulFree, sp.GetRequiredService<Security.PersonalTextInterceptor>(),
                sp.GetRequiredService<DatabaseFailureLogging>(), sp.GetRequiredService<SearchIndexing>(), sp.GetRequiredService<SavedEntities>());
            DatabaseFailureLogging.Configure(options);
        });
        builder.Services.AddDbContextPool<SqliteAppDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = storage.SqlitePath,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
                // A pooled context is never shared between threads here; the check costs on every call.
                .EnableThreadSafetyChecks(false);
            options.AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>(), sp.GetRequiredService<AuditInterceptor>(), NulFree,
                sp.GetRequiredService<Security.PersonalTextInterceptor>(), sp.GetRequiredService<DatabaseFailureLogging>(), sp.GetRequiredService<SearchIndexing>(),
                sp.GetRequiredService<SavedEntities>(), BatchStatements);
            if (storage.GroupCommit) options.AddInterceptors(sp.GetRequiredService<SqliteGroupCommit>());
            DatabaseFailureLogging.Configure(options);
        });
        // Reports and exports: the read replica when one is configured and fit, else the primary (ReadReplica.cs).
        builder.Services.AddDbContextPool<PostgresReplicaDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            options.UseNpgsql(storage.PostgresReplicaConnectionString)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            options.AddInterceptors(sp.GetRequiredService<DatabaseFailureLogging>(), new ReplicaFailureInterceptor(sp.GetRequiredService<ReplicaMonitor>()));
            DatabaseFailureLogging.Configure(options);
        });
        builder.Services.AddSingleton<ReplicaMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaMonitor>());
        builder.Services.AddScoped(sp => new ReportingDatabase(sp, sp.GetRequiredService<ReplicaMonitor>()));
        builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<StorageOptions>().UsePostgres
            ? sp.GetRequiredService<PostgresAppDbContext>()
            : sp.GetRequiredService<SqliteAppDbContext>());

        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: ["ready"])
            .AddCheck<ReplicaHealthCheck>("read_replica", HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(2));
        return builder;
    }

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The data folder (database, key rings, attachments, dev outbox) is the service account's alone: 0700,
    /// and the SQLite files 0600. SQLite creates the -wal and -shm files with the database file's own mode,
    /// so an empty database file created 0600 here (SQLite treats it as a new database) keeps them private
    /// whatever the umask. Existing installs are tightened on start.
    /// </summary>
    internal static void ProtectFiles(StorageOptions storage)
    {
        var folder = Path.GetFullPath(storage.DataDir);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        Directory.CreateDirectory(folder, OwnerOnlyFolder);
        File.SetUnixFileMode(folder, OwnerOnlyFolder);
        if (storage.UsePostgres) return;
        var database = storage.SqlitePath;
        if (!File.Exists(database))
        {
            using var created = new FileStream(database, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile,
            });
        }
        foreach (var file in new[] { database, database + "-wal", database + "-shm", database + "-journal" })
        {
            if (File.Exists(file)) File.SetUnixFileMode(file, OwnerOnlyFile);
        }
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // A database made by a development build from before the migrations were squashed into one baseline
        // (nothing had been deployed) would fail halfway with "table already exists"; say what to do instead.
        if (db.Database.IsSqlite())
        {
            // WAL before the first migration, so a new database is never written in rollback-journal mode (its durability
            // with synchronous=NORMAL, which group commit uses, is weaker there). WAL persists in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var unknown = applied.Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
        {
            // Nothing has been changed yet: say so, and never advise deleting what may be production data.
            throw new Features.Identity.StartupProblem(
                $"the database has migration {unknown[0]}, which this PayDesk does not know: a newer PayDesk wrote it (install that " +
                "version again, or restore the backup taken before the upgrade), or it is a development build's database from before the " +
                "migrations were squashed (only those may be deleted and started afresh). Nothing was changed.");
        }
        await db.Database.MigrateAsync(ct);
    }
}

/// <summary>
/// Applies per-connection SQLite settings once per physical connection: pooled connections keep
/// them, so re-opening one from the pool costs nothing extra.
/// </summary>
internal sealed class SqlitePragmaInterceptor(string synchronous) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <summary>Applies the settings to an open connection that has not had them (the SQLite writer's own connection).</summary>
    public void Apply(DbConnection connection)
    {
        if (!NeedsSettings(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsSettings(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool NeedsSettings(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return true;
        var fresh = false;
        _configured.GetValue(handle, _ => { fresh = true; return new object(); });
        return fresh;
    }
}

/// <summary>
/// Group commit for SQLite (<c>Storage:SqliteSynchronous=FULL</c>, the default): connections commit with
/// <c>synchronous=NORMAL</c> (the WAL is written, not flushed) and every write that is acknowledged waits for one flush of
/// the WAL that started after its commit, shared by every write committed meanwhile. A 201 still means the complaint
/// survives a power cut, as with FULL (docs/decisions/0002-sqlite-durability-and-single-writer.md), at one fsync per batch instead of one
/// per commit. This interceptor covers explicit transactions and single statements outside a transaction; saves through
/// the writer queue wait after the writer has moved on (SqliteAppDbContext).
/// </summary>
internal sealed class SqliteGroupCommit : IDbTransactionInterceptor, IDbCommandInterceptor
{
    // A committed SqliteTransaction has let go of its connection; the context still has it. A context whose caller makes
    // the commit durable itself (a save through the writer queue, a write transaction) is left alone here.
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (!Deferred(eventData.Context)) Writer(eventData.Context?.Database.GetDbConnection()).Durable();
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Deferred(eventData.Context) ? Task.CompletedTask : Writer(eventData.Context?.Database.GetDbConnection()).DurableAsync();

    // A statement outside a transaction commits by itself (ExecuteUpdate/ExecuteDelete/ExecuteSql).
    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (command.Transaction is null && !Deferred(eventData.Context)) Writer(command.Connection).Durable();
        return result;
    }

    public async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction is null && !Deferred(eventData.Context)) await Writer(command.Connection).DurableAsync();
        return result;
    }

    private static bool Deferred(DbContext? context) => context is SqliteAppDbContext { DurabilityDeferred: true };

    private static SqliteWriter Writer(DbConnection? connection) =>
        SqliteWriter.For(connection?.DataSource ?? throw new InvalidOperationException("A committed SQLite write without its connection."));
}

/// <summary>
/// SQLite's process-wide settings, made once before the first connection opens (SQLite accepts them only before it
/// initialises). Memory statistics off: with them on, every allocation and free in SQLite takes one process-wide mutex, and
/// under intake load the single writer waited on it behind the request threads' reads (`perf record -e sched:sched_switch
/// --call-graph dwarf` on the writer: sqlite3Malloc/sqlite3_free → sqlite3_mutex_enter). PayDesk never reads them.
/// Statement journals kept in memory up to 16 MiB (SQLite's default spills them to a temporary file past 64 KiB): each save
/// in the writer's batch runs inside a savepoint, which journals the original of every page it changes that the batch
/// had already changed — about 60 KB per complaint, so nearly every save wrote its journal to a file (`strace` on the
/// writer: 86 % of its `pwrite`s went to a deleted /var/tmp/etilqs_* file, 14 MB/s, against 2.3 MB/s of WAL).
/// </summary>
internal static class SqliteProcessSettings
{
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS
    private const int ConfigStatementJournalSpill = 26; // SQLITE_CONFIG_STMTJRNL_SPILL, bytes
    private static int _applied;

    /// <summary>
    /// Once per process. Refused (SQLITE_MISUSE) when SQLite has initialised already — in a test process another host may
    /// have opened it first — which costs only speed, so the answer is not kept.
    /// </summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        SQLitePCL.Batteries_V2.Init();
        _ = SQLitePCL.raw.sqlite3_config(ConfigMemStatus, 0);
        _ = SQLitePCL.raw.sqlite3_config(ConfigStatementJournalSpill, 16 * 1024 * 1024);
    }
}
