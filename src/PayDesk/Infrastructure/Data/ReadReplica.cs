using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PayDesk.Infrastructure.Observability;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// The PostgreSQL read replica (a streaming standby of the primary), for reports and exports only: it refuses to save.
/// Its model is the primary's; it is never migrated (the standby replays the primary's schema).
/// </summary>
internal sealed class PostgresReplicaDbContext(DbContextOptions<PostgresReplicaDbContext> options) : AppDbContext(options)
{
    private static InvalidOperationException ReadOnly() =>
        new("The read replica is for reports and exports; writes go to the primary (AppDbContext).");

    public override int SaveChanges(bool acceptAllChangesOnSuccess) => throw ReadOnly();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) => throw ReadOnly();

    public override Task<WriteTransaction> BeginWriteAsync(CancellationToken ct) => throw ReadOnly();
}

/// <summary>
/// Where reports and exports read (issue 21, item 4): the read replica when one is configured
/// (<c>ConnectionStrings:PostgresReplica</c> or <c>PAYDESK_POSTGRES_REPLICA</c>) and the last check found it answering,
/// in recovery and not too far behind; otherwise the primary, so a replica that is down or lagging costs the reports
/// freshness or the primary's capacity, never an answer. Scoped: one context per request or component scope.
/// </summary>
internal sealed class ReportingDatabase
{
    private readonly IServiceProvider? _services;
    private readonly ReplicaMonitor? _monitor;
    private AppDbContext? _context;

    public ReportingDatabase(IServiceProvider services, ReplicaMonitor monitor)
    {
        _services = services;
        _monitor = monitor;
    }

    /// <summary>Reports over one given context (benchmarks and tools that have no container).</summary>
    public ReportingDatabase(AppDbContext context) => _context = context;

    /// <summary>The context reports read through; resolved on first use and kept for the scope.</summary>
    public AppDbContext Context => _context ??= _monitor!.Current.InUse
        ? _services!.GetRequiredService<PostgresReplicaDbContext>()
        : _services!.GetRequiredService<AppDbContext>();

    /// <summary>True when this scope's reports read from the replica.</summary>
    public bool OnReplica => Context is PostgresReplicaDbContext;
}

/// <summary>What the last replica check found.</summary>
internal sealed record ReplicaState(bool Configured, bool InUse, long? LagBytes, string Description, DateTime? CheckedAt)
{
    public static readonly ReplicaState NotConfigured = new(false, false, null, "No read replica configured: reports read the primary.", null);

    public static ReplicaState NotChecked => new(true, false, null, "Read replica not checked yet: reports read the primary.", null);
}

/// <summary>
/// Checks the read replica every <c>Storage:ReplicaCheckSeconds</c> (10 by default) against the rules of <see cref="Judge"/>
/// (<c>Storage:ReplicaMaxLagMegabytes</c>, 64, and <c>Storage:ReplicaMaxLagSeconds</c>, 300); while it fails them reports
/// read the primary. Publishes the lag and whether the replica is in use as metrics.
/// </summary>
internal sealed class ReplicaMonitor : BackgroundService
{
    private readonly StorageOptions _storage;
    private readonly ILogger<ReplicaMonitor> _log;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly long _maxLagBytes;
    private readonly double _maxLagSeconds;
    private readonly object _publishLock = new();
    private long _generation;
    private volatile ReplicaState _state;

    public ReplicaMonitor(StorageOptions storage, IConfiguration configuration, ILogger<ReplicaMonitor> log, TimeProvider clock, IMeterFactory meters)
    {
        _storage = storage;
        _log = log;
        _clock = clock;
        _interval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Storage:ReplicaCheckSeconds", 10.0), 0.1, 3600));
        _maxLagBytes = (long)(Math.Max(0, configuration.GetValue("Storage:ReplicaMaxLagMegabytes", 64.0)) * 1024 * 1024);
        _maxLagSeconds = Math.Max(1, configuration.GetValue("Storage:ReplicaMaxLagSeconds", 300.0));
        _state = storage.UsesReplica ? ReplicaState.NotChecked : ReplicaState.NotConfigured;
        if (!storage.UsesReplica) return;
        var meter = meters.Create(PayDeskTelemetry.Name);
        meter.CreateObservableGauge("paydesk.replica.lag", () => _state.LagBytes ?? -1, unit: "By",
            description: "Bytes of the primary's WAL the read replica has still to replay (-1: unknown).");
        meter.CreateObservableGauge("paydesk.replica.in_use", () => _state.InUse ? 1 : 0,
            description: "1 when reports and exports read from the read replica, 0 when they read the primary.");
    }

    public ReplicaState Current => _state;

    /// <summary>
    /// A report could not reach the replica: reports read the primary from now until the next check finds it again, so
    /// only the requests already on the replica fail (503 with Retry-After), not every report until the timer ticks.
    /// </summary>
    public void MarkDown(Exception error)
    {
        Interlocked.Increment(ref _generation);
        lock (_publishLock)
        {
            if (!_state.InUse) return;
            _state = Unfit($"The read replica failed a report ({error.GetType().Name}: {error.Message})", _clock.GetUtcNow().UtcDateTime);
        }
        _log.LogWarning("Reports and exports read from the primary: the read replica failed ({Error})", error.GetType().Name);
        ForgetConnections();
    }

    // Pooled connections to a replica that went away are broken; a replica back in use starts on new ones, or its first
    // report would fail on a dead socket (measured: one 503 per node after a replica restart).
    private void ForgetConnections()
    {
        using var connection = new NpgsqlConnection(_storage.PostgresReplicaConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_storage.UsesReplica) return;
        using var timer = new PeriodicTimer(_interval, _clock);
        do
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A setting that cannot work (a malformed connection string) must not stop the node: reports read the primary.
                MarkDown(ex);
                _log.LogError(ex, "The read replica check failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Checks now and returns what it found (the timer, and the status page and doctor, which want it fresh).</summary>
    public async Task<ReplicaState> CheckAsync(CancellationToken ct)
    {
        if (!_storage.UsesReplica) return _state;
        var generation = Volatile.Read(ref _generation);
        var now = _clock.GetUtcNow().UtcDateTime;
        Position replica;
        try
        {
            replica = await ReplicaPositionAsync(ct);
        }
        catch (Exception ex) when (Unreachable(ex) && !ct.IsCancellationRequested)
        {
            return Publish(Unfit($"The read replica cannot be reached ({ex.GetType().Name}: {ex.Message})", now), generation);
        }
        Position primary;
        try
        {
            primary = await PrimaryPositionAsync(ct);
        }
        catch (Exception ex) when (Unreachable(ex) && !ct.IsCancellationRequested)
        {
            return Publish(Unfit($"The primary cannot be reached to compare positions ({ex.GetType().Name}: {ex.Message})", now), generation);
        }
        return Publish(Judge(replica, primary, now, _maxLagBytes, _maxLagSeconds), generation);
    }

    // What a server that does not answer (refused, timed out, unknown database, broken connection) throws.
    private static bool Unreachable(Exception ex) => ex is NpgsqlException or TimeoutException or InvalidOperationException;

    /// <summary>What one server said: its WAL position, and for a standby whether it is in recovery and how old its last replayed transaction is.</summary>
    internal readonly record struct Position(bool InRecovery, ulong? Lsn, double? ReplayAgeSeconds, long? SystemId);

    /// <summary>
    /// Fit for reports: a standby (not promoted), of this primary's cluster, not ahead of it (a diverged timeline), at most
    /// the byte limit behind, and — when it has something left to replay — having replayed within the time limit (a stuck
    /// or long-paused replica is not fresh however small the byte gap).
    /// </summary>
    internal static ReplicaState Judge(Position replica, Position primary, DateTime now, long maxLagBytes, double maxLagSeconds)
    {
        if (!replica.InRecovery) return Unfit("The read replica is not a standby (promoted, or the primary itself)", now);
        if (replica.SystemId is { } r && primary.SystemId is { } p && r != p)
        {
            return Unfit("The read replica is a standby of another PostgreSQL cluster (system identifiers differ)", now);
        }
        if (replica.Lsn is not { } replayed || primary.Lsn is not { } current) return Unfit("The read replica has not replayed anything yet", now);
        if (replayed > current) return Unfit("The read replica is ahead of the primary (a diverged timeline)", now);
        var lag = (long)(current - replayed);
        if (lag > maxLagBytes) return Unfit($"The read replica is {Megabytes(lag)} behind (limit {Megabytes(maxLagBytes)})", now, lag);
        if (lag > 0 && replica.ReplayAgeSeconds is { } age && age > maxLagSeconds)
        {
            return Unfit($"The read replica last replayed a transaction {age:0} s ago and has more to replay (limit {maxLagSeconds:0} s)", now, lag);
        }
        return new ReplicaState(true, true, lag, $"Reports read the replica ({Megabytes(lag)} behind).", now);
    }

    private static ReplicaState Unfit(string why, DateTime now, long? lag = null) => new(true, false, lag, why + ": reports read the primary.", now);

    private ReplicaState Publish(ReplicaState next, long generation)
    {
        ReplicaState previous;
        lock (_publishLock)
        {
            previous = _state;
            // A report found the replica gone while this check was running: the older answer does not undo that.
            if (next.InUse && Volatile.Read(ref _generation) != generation) return previous;
            _state = next;
        }
        if (next.InUse && !previous.InUse) ForgetConnections();
        if (previous.InUse != next.InUse || previous.CheckedAt is null)
        {
            if (next.InUse) _log.LogInformation("Reports and exports read from the read replica ({Lag} bytes behind)", next.LagBytes);
            else _log.LogWarning("Reports and exports read from the primary: {Reason}", next.Description);
        }
        return next;
    }

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    // A check must not hang a report or the health endpoint on a dead host: a few seconds at most.
    private static string Quick(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, CommandTimeout = 3, ApplicationName = "paydesk-replica-check" }.ConnectionString;

    private async Task<Position> ReplicaPositionAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Quick(_storage.PostgresReplicaConnectionString!));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, extract(epoch from now() - pg_last_xact_replay_timestamp())::float8", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var position = new Position(reader.GetBoolean(0), reader.IsDBNull(1) ? null : Lsn(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetDouble(2), null);
        await reader.DisposeAsync();
        return position with { SystemId = await SystemIdAsync(connection, ct) };
    }

    private async Task<Position> PrimaryPositionAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Quick(_storage.PostgresConnectionString!));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", connection);
        var lsn = Lsn((string)(await command.ExecuteScalarAsync(ct))!);
        return new Position(false, lsn, null, await SystemIdAsync(connection, ct));
    }

    // Which cluster a server belongs to; a role without the right to read it (not a superuser or pg_monitor member) skips the comparison.
    private static async Task<long?> SystemIdAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT system_identifier FROM pg_control_system()", connection);
            return (long?)await command.ExecuteScalarAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return null;
        }
    }

    /// <summary>A WAL position as PostgreSQL writes it ("16/B374D848"): two hexadecimal halves of a 64-bit offset.</summary>
    internal static ulong Lsn(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 1) throw new FormatException($"Not a WAL position: '{text}'.");
        return (ulong.Parse(text.AsSpan(0, slash), NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 32)
            | ulong.Parse(text.AsSpan(slash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}

/// <summary>Tells the monitor when the replica's connection or a command on it fails for a reason other than the query itself.</summary>
internal sealed class ReplicaFailureInterceptor(ReplicaMonitor monitor) : Microsoft.EntityFrameworkCore.Diagnostics.IDbConnectionInterceptor,
    Microsoft.EntityFrameworkCore.Diagnostics.IDbCommandInterceptor
{
    // A cancelled open (the caller went away) says nothing about the replica.
    public void ConnectionFailed(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionErrorEventData eventData)
    {
        if (eventData.Exception is not OperationCanceledException) monitor.MarkDown(eventData.Exception);
    }

    public Task ConnectionFailedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Exception is not OperationCanceledException && !cancellationToken.IsCancellationRequested) monitor.MarkDown(eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandErrorEventData eventData)
    {
        if (Lost(eventData.Exception)) monitor.MarkDown(eventData.Exception);
    }

    public Task CommandFailedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (Lost(eventData.Exception)) monitor.MarkDown(eventData.Exception);
        return Task.CompletedTask;
    }

    // The server went away or is shutting down (a broken pooled connection, 57P01 admin_shutdown, 57P03 cannot_connect_now);
    // a query's own error (a cancelled report, a conflict with recovery on a busy standby) leaves the replica in use.
    private static bool Lost(Exception error) => error is NpgsqlException { IsTransient: true, InnerException: not TimeoutException } and not PostgresException
        || error is PostgresException { SqlState: "57P01" or "57P02" or "57P03" };
}

/// <summary>
/// The read replica in <c>/health/ready</c>: Healthy when none is configured or reports read it, Degraded when reports have
/// gone back to the primary (the node still serves everything). Reports the monitor's last check (every
/// Storage:ReplicaCheckSeconds).
/// </summary>
internal sealed class ReplicaHealthCheck(ReplicaMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // The last check's answer, not a new one: the balancer probes every node every few seconds, and a replica that
        // drops packets would hold each probe for seconds and take every node out. The status page checks afresh.
        var state = monitor.Current;
        return Task.FromResult(!state.Configured || state.InUse
            ? HealthCheckResult.Healthy(state.Description)
            : new HealthCheckResult(context.Registration.FailureStatus, state.Description));
    }
}
