using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// Database failures logged at the level they deserve. EF Core logs every failed command and save at
/// Error, including the unique-key conflicts PayDesk expects and handles (the same message delivered
/// twice at once, two instances creating the same setting, a raced chat message): those retries filled
/// the log with hundreds of false alarms. EF's own two events are lowered to Debug
/// (<see cref="Configure"/>) and this interceptor logs in their place: a unique-key conflict at Debug —
/// the caller retries or answers it, and one it does not handle still reaches the exception handler,
/// which logs it at Error — and anything else at Error, as before.
/// </summary>
internal sealed class DatabaseFailureLogging(ILogger<DatabaseFailureLogging> logger) : DbCommandInterceptor, ISaveChangesInterceptor
{
    public static void Configure(DbContextOptionsBuilder options) => options.ConfigureWarnings(w => w.Log(
        (RelationalEventId.CommandError, LogLevel.Debug),
        (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Log(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Log(eventData.Exception);
        return Task.CompletedTask;
    }

    // A save that failed in a command was logged above; one that failed elsewhere (a concurrency check, an interceptor) is logged here.
    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (!HasDbException(eventData.Exception)) logger.LogError(eventData.Exception, "Saving changes failed");
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void Log(Exception exception)
    {
        if (exception is OperationCanceledException) return;
        if (IsUniqueViolation(exception))
        {
            logger.LogDebug("A unique key refused a write; the caller retries or answers the conflict");
            return;
        }
        logger.LogError(exception, "Database command failed");
    }

    private static bool HasDbException(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException) return true;
        }
        return false;
    }

    /// <summary>A unique or primary-key violation on SQLite or PostgreSQL (23505), anywhere in the exception chain.</summary>
    public static bool IsUniqueViolation(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }:
                case Npgsql.PostgresException { SqlState: "23505" }:
                    return true;
            }
        }
        return false;
    }
}
