using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PayDesk.Features.Audit;

namespace PayDesk.Infrastructure.Data;

internal static class StorageSetup
{
    private static readonly string[] SynchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"];

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var storage = StorageOptions.FromConfiguration(builder.Configuration);
        if (!SynchronousModes.Contains(storage.SqliteSynchronous, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Storage:SqliteSynchronous must be one of {string.Join(", ", SynchronousModes)}; got '{storage.SqliteSynchronous}'.");
        }

        Directory.CreateDirectory(Path.GetFullPath(storage.DataDir));
        builder.Services.AddSingleton(storage);
        builder.Services.AddScoped<AuditInterceptor>();

        if (storage.UsePostgres)
        {
            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>((sp, options) =>
            {
                options.UseNpgsql(storage.PostgresConnectionString, npgsql =>
                    npgsql.MigrationsHistoryTable("__ef_migrations_history"));
                options.AddInterceptors(sp.GetRequiredService<AuditInterceptor>());
            });
        }
        else
        {
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = storage.SqlitePath,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            var pragmas = new SqlitePragmaInterceptor(storage.SqliteSynchronous.ToUpperInvariant());
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, options) =>
            {
                options.UseSqlite(connectionString, sqlite =>
                    sqlite.MigrationsHistoryTable("__ef_migrations_history"));
                options.AddInterceptors(pragmas, sp.GetRequiredService<AuditInterceptor>());
            });
        }

        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return builder;
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL persists in the database file once set.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}

/// <summary>Applies per-connection SQLite settings each time a pooled connection opens.</summary>
internal sealed class SqlitePragmaInterceptor(string synchronous) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
