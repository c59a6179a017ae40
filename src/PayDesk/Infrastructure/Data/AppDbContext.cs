using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PayDesk.Features.Audit;
using PayDesk.Features.Customers;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// The one database of PayDesk. Each provider has a subclass that owns its migrations
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>); handlers use this type.
/// </summary>
internal abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring when several instances share PostgreSQL (decision 0003).</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<BankCard> BankCards => Set<BankCard>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Features.Complaints.TicketEvent> TicketEvents => Set<Features.Complaints.TicketEvent>();
    public DbSet<Features.Complaints.TicketAssignee> TicketAssignees => Set<Features.Complaints.TicketAssignee>();
    public DbSet<Features.Notifications.Notification> Notifications => Set<Features.Notifications.Notification>();
    public DbSet<Features.Complaints.VerificationChallenge> VerificationChallenges => Set<Features.Complaints.VerificationChallenge>();
    public DbSet<Features.Payments.LedgerTransaction> LedgerTransactions => Set<Features.Payments.LedgerTransaction>();
    public DbSet<Features.Payments.LedgerAccount> LedgerAccounts => Set<Features.Payments.LedgerAccount>();
    public DbSet<Features.Complaints.ResolutionAction> ResolutionActions => Set<Features.Complaints.ResolutionAction>();
    public DbSet<Features.Complaints.Callback> Callbacks => Set<Features.Complaints.Callback>();
    public DbSet<Features.Complaints.TicketLink> TicketLinks => Set<Features.Complaints.TicketLink>();
    public DbSet<Features.Sla.SlaClock> SlaClocks => Set<Features.Sla.SlaClock>();
    public DbSet<Features.Sla.SlaClockEvent> SlaClockEvents => Set<Features.Sla.SlaClockEvent>();
    public DbSet<Features.Sla.ServiceCalendar> ServiceCalendars => Set<Features.Sla.ServiceCalendar>();
    public DbSet<Features.Sla.CalendarDay> CalendarDays => Set<Features.Sla.CalendarDay>();
    public DbSet<AppSetting> AppSettings => Set<AppSetting>();
    public DbSet<Features.Routing.ServiceTeam> ServiceTeams => Set<Features.Routing.ServiceTeam>();
    public DbSet<Features.Routing.AgentProfile> AgentProfiles => Set<Features.Routing.AgentProfile>();
    public DbSet<Features.Notifications.NotificationTemplate> NotificationTemplates => Set<Features.Notifications.NotificationTemplate>();
    public DbSet<Features.Channels.InboundReceipt> InboundReceipts => Set<Features.Channels.InboundReceipt>();
    public DbSet<Features.Channels.QuarantinedMessage> QuarantinedMessages => Set<Features.Channels.QuarantinedMessage>();
    public DbSet<Features.Channels.Attachment> Attachments => Set<Features.Channels.Attachment>();
    public DbSet<Features.Channels.ChannelIdentity> ChannelIdentities => Set<Features.Channels.ChannelIdentity>();
    public DbSet<Features.Channels.Phone.CallRecord> Calls => Set<Features.Channels.Phone.CallRecord>();
    public DbSet<Features.Channels.Phone.CallEventRecord> CallEvents => Set<Features.Channels.Phone.CallEventRecord>();
    public DbSet<Features.Channels.Chat.Conversation> Conversations => Set<Features.Channels.Chat.Conversation>();
    public DbSet<Features.Channels.Chat.ChatMessage> ChatMessages => Set<Features.Channels.Chat.ChatMessage>();
    public DbSet<Features.Knowledge.Article> Articles => Set<Features.Knowledge.Article>();
    public DbSet<Features.Knowledge.ArticleRevision> ArticleRevisions => Set<Features.Knowledge.ArticleRevision>();
    public DbSet<Features.Knowledge.ArticleVote> ArticleVotes => Set<Features.Knowledge.ArticleVote>();
    public DbSet<Features.Knowledge.Deflection> Deflections => Set<Features.Knowledge.Deflection>();
    public DbSet<Features.Knowledge.Macro> Macros => Set<Features.Knowledge.Macro>();
    public DbSet<Features.Assistant.AssistantModelVersion> AssistantModels => Set<Features.Assistant.AssistantModelVersion>();
    public DbSet<Features.Workforce.ContactInterval> ContactIntervals => Set<Features.Workforce.ContactInterval>();
    public DbSet<Features.Workforce.MarkedDayRecord> MarkedDays => Set<Features.Workforce.MarkedDayRecord>();
    public DbSet<Features.Surveys.Survey> Surveys => Set<Features.Surveys.Survey>();
    public DbSet<Security.OneTimeCode> OneTimeCodes => Set<Security.OneTimeCode>();
    public DbSet<Features.Identity.SignInThrottle> SignInThrottles => Set<Features.Identity.SignInThrottle>();
    public DbSet<Features.Identity.EndedSession> EndedSessions => Set<Features.Identity.EndedSession>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored in UTC; SQLite hands back Unspecified kinds, Npgsql insists on Utc.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
    }

    /// <summary>
    /// Set while the pending changes were prepared before the writer's queue: detected, their audit entries added and their
    /// text cleaned (<see cref="NulFreeText"/>), so the interceptors do not do it again on the writer's thread.
    /// </summary>
    internal bool PreparedForWriter { get; set; }

    /// <summary>Begins a transaction that will write; commit it, or dispose it to roll back.</summary>
    public virtual async Task<WriteTransaction> BeginWriteAsync(CancellationToken ct) =>
        new(await Database.BeginTransactionAsync(ct), gate: null);

    /// <summary>
    /// Inside a write transaction: writers that serialise on the same <paramref name="key"/> (a complaint's id) run one
    /// after the other until this transaction ends, so a check and the insert it allows cannot interleave with another's.
    /// SQLite's single writer already does that; PostgreSQL takes a transaction-scoped advisory lock.
    /// </summary>
    public virtual Task SerialiseOnAsync(Guid key, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Completes once every write committed so far is on disk. Only SQLite's group commit can have committed writes that
    /// are not yet (another request may already read them); whoever answers from such a write waits here first.
    /// </summary>
    public virtual Task DurableAsync() => Task.CompletedTask;
}

internal sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    public override async Task SerialiseOnAsync(Guid key, CancellationToken ct) =>
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({BitConverter.ToInt64(key.ToByteArray(), 8)})", ct);
}

/// <summary>
/// SQLite has one writer at a time. Writes go through one in-process writer per database file
/// (<see cref="SqliteWriter"/>) instead of spinning on SQLITE_BUSY inside the driver (which polls
/// with sleeps and, under load, cost two thirds of intake throughput); the busy timeout still
/// covers other processes such as the CLI.
/// </summary>
internal sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    private SqliteWriter Writer => SqliteWriter.For(Database.GetDbConnection().DataSource);

    /// <summary>
    /// Set while this context's commit is made durable by its caller after the writer moved on (group commit); the
    /// <see cref="SqliteGroupCommit"/> interceptor then leaves it alone.
    /// </summary>
    internal bool DurabilityDeferred { get; set; }

    public override Task DurableAsync() => GroupCommit is null ? Task.CompletedTask : Writer.DurableAsync();

    public override async Task<WriteTransaction> BeginWriteAsync(CancellationToken ct)
    {
        var gate = Writer.Gate;
        await gate.WaitAsync(ct);
        try
        {
            return new WriteTransaction(await Database.BeginTransactionAsync(ct), gate, GroupCommit is null ? null : this);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // Work that needs no write lock happens before the queue: change detection and the audit entries.
        // (The search index's text is segmented here too: SearchIndexing then applies it inside the save's transaction.)
        // The changes are detected once (by the audit); cleaning and the search index read the entries without again.
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        try
        {
            if (Audit is { } audit) audit.AddEntries(this);
            else ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
            NulFreeText.Clean(this);
            PreparedForWriter = true;
            Search?.Prepare(this);
            DurabilityDeferred = true;
            int saved;
            if (Database.GetDbConnection().State == System.Data.ConnectionState.Closed && Pragma is { } pragma)
            {
                // Batched: the writer runs this save inside a transaction it shares with the saves queued behind it (one
                // commit, and the pages they share written once); the changes are accepted only once that commit is made.
                Batched = true;
                try
                {
                    saved = await Writer.SaveAsync(this, pragma, cancellationToken);
                }
                finally
                {
                    Batched = false;
                    Saved?.Raise(this);
                }
                if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            }
            else
            {
                // A connection the caller holds open cannot join the writer's: the save runs alone, in its own transaction.
                // Synchronously on the writer's own thread: SQLite's driver does its I/O synchronously anyway, and an await
                // inside the save would queue the writer's next step behind every request on the thread pool.
                saved = await Writer.RunAsync(() => base.SaveChanges(acceptAllChangesOnSuccess), cancellationToken);
            }
            // Group commit: the save is committed; it is answered once the WAL holding it is on disk (one fsync for every
            // save committed meanwhile), while the writer goes on with the next saves.
            await DurableAsync();
            return saved;
        }
        finally
        {
            DurabilityDeferred = false;
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            PreparedForWriter = false;
            Search?.Forget(this);
        }
    }

    /// <summary>Set while this context's save runs inside the writer's shared transaction (not yet committed).</summary>
    internal bool Batched { get; private set; }

    /// <summary>
    /// Runs on the writer's thread: this context's changes written on the writer's connection inside its transaction,
    /// without accepting them (the transaction may still fail to commit). The context's own connection is put back after.
    /// </summary>
    internal int SaveInBatch(SqliteConnection connection, SqliteTransaction transaction)
    {
        var connectionString = Database.GetConnectionString();
        Database.SetDbConnection(connection, contextOwnsConnection: false);
        try
        {
            Database.UseTransaction(transaction);
            // The writer sets a savepoint around the save and the search index written after it (SearchIndexing), so a
            // failure undoes both and nothing of this save is left in the shared transaction.
            Database.AutoSavepointsEnabled = false;
            return base.SaveChanges(acceptAllChangesOnSuccess: false);
        }
        finally
        {
            Database.AutoSavepointsEnabled = true;
            Database.UseTransaction(null);
            // Setting the writer's connection disposed the context's own; the context makes a new one from the same
            // connection string when it next needs one (the physical connection comes from the pool).
            Database.SetDbConnection(null, contextOwnsConnection: true);
            Database.SetConnectionString(connectionString);
        }
    }

    private AuditInterceptor? Audit => _audit ??= Interceptors?.OfType<AuditInterceptor>().FirstOrDefault();

    private Features.Search.SearchIndexing? Search => _search ??= Interceptors?.OfType<Features.Search.SearchIndexing>().FirstOrDefault();

    private IEnumerable<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>? Interceptors => this.GetService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>()
        .FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors;

    private AuditInterceptor? _audit;
    private Features.Search.SearchIndexing? _search;

    private SqliteGroupCommit? GroupCommit => _groupCommit ??= Interceptors?.OfType<SqliteGroupCommit>().FirstOrDefault();

    private SqliteGroupCommit? _groupCommit;

    private SqlitePragmaInterceptor? Pragma => _pragma ??= Interceptors?.OfType<SqlitePragmaInterceptor>().FirstOrDefault();

    private SqlitePragmaInterceptor? _pragma;

    private SavedEntities? Saved => _saved ??= Interceptors?.OfType<SavedEntities>().FirstOrDefault();

    private SavedEntities? _saved;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Database.CurrentTransaction is not null) return base.SaveChanges(acceptAllChangesOnSuccess);
        var writer = Writer;
        var gate = writer.Gate;
        int saved;
        gate.Wait();
        DurabilityDeferred = true;
        try
        {
            saved = base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            DurabilityDeferred = false;
            gate.Release();
        }
        if (GroupCommit is not null) writer.Durable();
        return saved;
    }
}

/// <summary>
/// The single writer of one SQLite file: queued saves run back to back, synchronously, on a thread of its own, so the
/// write lock never sits idle while the writer's next step waits in the thread pool's queue behind the requests (under
/// intake load that wait was most of the writer's time: measured with <c>paydesk_sqlite_writer_busy_seconds_total</c>).
/// The thread ends after a while without work and starts again with the next save. Explicit write transactions take
/// the same gate.
/// </summary>
internal sealed class SqliteWriter
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SqliteWriter> Writers = new(StringComparer.Ordinal);

    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Saves that share one transaction at most. Under load saves queue faster than one commit each can take them; a batch
    /// takes what is waiting (never waits for more), so a lone save is not delayed.
    /// </summary>
    internal const int MaxBatch = 32;

    private abstract class Work
    {
        public long Queued { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Work run alone, in whatever transaction it makes itself.</summary>
    private sealed class Solo(Action run) : Work
    {
        public void Run() => run();
    }

    /// <summary>A context's save, run inside the batch's transaction.</summary>
    private sealed class Save(SqliteAppDbContext context, SqlitePragmaInterceptor pragma, CancellationToken ct) : Work
    {
        public SqliteAppDbContext Context { get; } = context;
        public SqlitePragmaInterceptor Pragma { get; } = pragma;
        public CancellationToken Ct { get; } = ct;
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Rows { get; set; }
    }

    private readonly System.Collections.Concurrent.BlockingCollection<Work> _queue = new(new System.Collections.Concurrent.ConcurrentQueue<Work>());
    private readonly object _threadLock = new();
    private bool _running;

    private readonly string _wal;

    private SqliteWriter(string databasePath)
    {
        _wal = databasePath + "-wal";
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public static SqliteWriter For(string databasePath) => Writers.GetOrAdd(Path.GetFullPath(databasePath), path => new SqliteWriter(path));

    /// <summary>Runs <paramref name="work"/> on the writer's thread, holding the gate; the caller continues on the thread pool.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Solo? item = null;
        item = new Solo(() =>
        {
            if (ct.IsCancellationRequested)
            {
                done.TrySetCanceled(ct);
                return;
            }
            // An explicit write transaction (BeginWriteAsync) may hold the gate: the writer waits for its commit. The wait
            // counts in the queue's, the run from here in the writer's busy time.
            Gate.Wait();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            Observability.PayDeskTelemetry.SqliteWriterWait.Record(System.Diagnostics.Stopwatch.GetElapsedTime(item!.Queued, started).TotalSeconds);
            try
            {
                done.TrySetResult(work());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
            finally
            {
                Gate.Release();
                Observability.PayDeskTelemetry.SqliteWriterBusy.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        });
        _queue.Add(item);
        EnsureThread();
        return done.Task;
    }

    /// <summary>
    /// Saves the context's changes in the writer's next transaction, with the saves queued beside it; completes with the
    /// rows written once that transaction has committed, or with the save's error (a failed save is undone to its savepoint
    /// and the others go on). The changes are not accepted: the caller does that after the commit.
    /// </summary>
    public Task<int> SaveAsync(SqliteAppDbContext context, SqlitePragmaInterceptor pragma, CancellationToken ct)
    {
        var save = new Save(context, pragma, ct);
        _queue.Add(save);
        EnsureThread();
        return save.Done.Task;
    }

    private void EnsureThread()
    {
        lock (_threadLock)
        {
            if (_running) return;
            _running = true;
            // UnsafeStart: the thread must not carry the execution context (the request, its logging scope) of whoever started it.
            new Thread(Loop) { IsBackground = true, Name = "PayDesk SQLite writer" }.UnsafeStart();
        }
    }

    private void Loop()
    {
        Work? next = null;
        while (true)
        {
            if (next is not null || _queue.TryTake(out next, IdleExit))
            {
                var work = next;
                next = null;
                try
                {
                    if (work is Save save) next = RunBatch(save);
                    else ((Solo)work).Run();
                }
                catch (Exception ex)
                {
                    // A save's own failure is already in its task; nothing else may end the thread every save depends on.
                    System.Diagnostics.Trace.TraceError("PayDesk SQLite writer: {0}", ex.GetType().Name);
                }
                continue;
            }
            lock (_threadLock)
            {
                // A save queued after the wait timed out is either seen here or starts a new thread (EnsureThread after Add).
                if (_queue.Count > 0) continue;
                _running = false;
                return;
            }
        }
    }

    private const string SavepointName = "paydesk_save";

    private long _statementsPrepared;

    /// <summary>Statements the writer's batches prepared (SqliteBatchStatements; tests).</summary>
    internal long StatementsPrepared => Interlocked.Read(ref _statementsPrepared);

    /// <summary>Saves waiting for the writer (tests: to know a batch has formed).</summary>
    internal int Queued => _queue.Count;

    /// <summary>Runs before a batch commits; tests use it to make the commit fail.</summary>
    internal Action? BeforeCommit { get; set; }

    /// <summary>
    /// Runs <paramref name="first"/> and the saves queued behind it when it began (up to <see cref="MaxBatch"/>) in one
    /// transaction on a connection of the writer's, each inside a savepoint, then commits once and answers them all. Returns
    /// the work that ended the batch when it was not a save (it runs next, alone).
    /// </summary>
    private Work? RunBatch(Save first)
    {
        Gate.Wait();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var taken = new List<Save>();
        var written = new List<Save>();
        // Failed saves are answered after the batch ends, not at once: a save that lost a race on a unique key (an
        // Idempotency-Key, a resent chat message) reads the winner's row to answer, and the winner may be earlier in this
        // very batch, visible to other connections only once it commits.
        var failed = new List<(Save Save, Exception Error)>();
        SqliteConnection? connection = null;
        SqliteBatchStatements? statements = null;
        SqliteTransaction? transaction = null;
        Work? after = null;
        // The batch is what was waiting when it began: saves queued while it runs wait for the next one. Letting them join
        // grew most batches to the limit under load, every client waiting on one long batch while the other core sat idle
        // (18 % of the machine at 32 clients; measured, docs/PERFORMANCE.md); closed at the start, batches commit sooner
        // and their callers' next requests overlap the writer's next batch.
        var limit = Math.Min(MaxBatch, 1 + _queue.Count);
        try
        {
            for (var save = first; ;)
            {
                taken.Add(save);
                Observability.PayDeskTelemetry.SqliteWriterWait.Record(
                    System.Diagnostics.Stopwatch.GetElapsedTime(save.Queued, System.Diagnostics.Stopwatch.GetTimestamp()).TotalSeconds);
                if (save.Ct.IsCancellationRequested) save.Done.TrySetCanceled(save.Ct);
                else
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(save.Context.Database.GetConnectionString());
                        connection.Open();
                        save.Pragma.Apply(connection);
                        statements = SqliteBatchStatements.Begin(connection);
                    }
                    transaction ??= connection.BeginTransaction(deferred: false);
                    transaction.Save(SavepointName);
                    try
                    {
                        save.Rows = save.Context.SaveInBatch(connection, transaction);
                        transaction.Release(SavepointName);
                        written.Add(save);
                    }
                    catch (Exception ex)
                    {
                        if (!Undo(connection, transaction))
                        {
                            // SQLite ended the whole transaction (an I/O error, a full disk): the saves before this one in
                            // the batch went with it. None was answered yet; each gets the error, and the batch starts over.
                            failed.AddRange(written.Select(lost => (lost, ex)));
                            written.Clear();
                            Dispose(transaction);
                            transaction = null;
                        }
                        failed.Add((save, ex));
                    }
                }
                if (taken.Count >= limit || !_queue.TryTake(out var more)) break;
                if (more is not Save queued)
                {
                    after = more;
                    break;
                }
                save = queued;
            }
            if (transaction is not null)
            {
                BeforeCommit?.Invoke();
                transaction.Commit();
            }
            foreach (var save in written) save.Done.TrySetResult(save.Rows);
        }
        catch (Exception ex)
        {
            // BEGIN, a savepoint or the COMMIT failed: nothing of the batch is written. Saves that failed by themselves
            // keep their own error; a cancelled one stays cancelled.
            foreach (var (save, error) in failed) save.Done.TrySetException(error);
            foreach (var save in taken) save.Done.TrySetException(ex);
        }
        finally
        {
            foreach (var (save, error) in failed) save.Done.TrySetException(error);
            if (transaction is not null) Dispose(transaction);
            if (statements is not null)
            {
                statements.End();
                Interlocked.Add(ref _statementsPrepared, statements.Prepared);
            }
            connection?.Dispose();
            Gate.Release();
            Observability.PayDeskTelemetry.SqliteWriterBusy.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            Observability.PayDeskTelemetry.SqliteWriterBatch.Record(taken.Count);
        }
        return after;
    }

    /// <summary>Undoes the failed save to its savepoint; false when the transaction itself is gone.</summary>
    private static bool Undo(SqliteConnection connection, SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback(SavepointName);
            transaction.Release(SavepointName);
        }
        catch (SqliteException)
        {
            return false;
        }
        // In autocommit mode again means SQLite rolled the transaction back by itself.
        return SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;
    }

    private static void Dispose(SqliteTransaction transaction)
    {
        try
        {
            transaction.Dispose();
        }
        catch (SqliteException)
        {
            // Rolling back a transaction SQLite already ended: nothing left to undo.
        }
    }

    // Group commit (Storage:SqliteSynchronous=FULL): connections commit with synchronous=NORMAL, which writes the WAL but
    // does not flush it, and whoever acknowledges a write first waits here for a flush that started after its commit.
    // One flush runs at a time; everyone who arrives during it shares the next one. fsync is per file, not per handle,
    // so flushing the WAL through a handle of our own makes every commit already written to it durable.
    private readonly object _flushLock = new();
    private TaskCompletionSource? _nextFlush;
    private bool _flushing;

    // A failed fsync is not retried: Linux may drop the dirty pages it could not write and report the next fsync as a
    // success, so nothing committed after it could be promised. Every later write is refused until PayDesk restarts
    // (as PostgreSQL does on a failed fsync); the error says so.
    private Exception? _flushFailure;

    /// <summary>Completes once every commit made before the call is on disk.</summary>
    public Task DurableAsync()
    {
        lock (_flushLock)
        {
            _nextFlush ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiting = _nextFlush.Task;
            if (!_flushing)
            {
                _flushing = true;
                _ = Task.Run(FlushLoop);
            }
            return waiting;
        }
    }

    /// <summary>The synchronous form: flushes on the calling thread.</summary>
    public void Durable() => FlushOrFail();

    /// <summary>Flushes the WAL, or throws: at once after an earlier failure, which is kept (the first one) for good.</summary>
    private void FlushOrFail()
    {
        lock (_flushLock)
        {
            if (_flushFailure is { } failed) throw Failed(failed);
        }
        try
        {
            FlushWal();
        }
        catch (Exception ex)
        {
            lock (_flushLock) _flushFailure ??= ex;
            throw Failed(ex);
        }
    }

    private IOException Failed(Exception cause) => new(
        $"Writing {_wal} to disk failed ({cause.Message}); PayDesk refuses to promise further writes to this database until it is restarted after the disk is checked.",
        cause);

    private void FlushLoop()
    {
        while (true)
        {
            TaskCompletionSource batch;
            lock (_flushLock)
            {
                if (_nextFlush is null)
                {
                    _flushing = false;
                    return;
                }
                batch = _nextFlush;
                _nextFlush = null;
            }
            try
            {
                FlushOrFail();
                batch.SetResult();
            }
            catch (Exception ex)
            {
                batch.SetException(ex);
            }
        }
    }

    /// <summary>WAL flushes made for group commit (tests and diagnostics).</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    private long _flushes;

    /// <summary>Runs before each flush; tests use it to hold a flush while more commits arrive.</summary>
    internal Action? BeforeFlush { get; set; }

    private void FlushWal()
    {
        BeforeFlush?.Invoke();
        Interlocked.Increment(ref _flushes);
        try
        {
            using var wal = new FileStream(_wal, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            wal.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // No WAL: the last connection closed, which checkpointed every commit into the database file and flushed it.
        }
    }
}

/// <summary>A write transaction; on SQLite it also holds the writer gate until disposed.</summary>
internal sealed class WriteTransaction(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, SemaphoreSlim? gate,
    SqliteAppDbContext? groupCommit = null) : IAsyncDisposable
{
    private SemaphoreSlim? _gate = gate;

    /// <summary>
    /// Commits. Under SQLite group commit the writer gate is let go before waiting for the disk, so the writer goes on
    /// with other saves during the flush; the caller still returns only once the commit is durable.
    /// </summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (groupCommit is null)
        {
            await transaction.CommitAsync(ct);
            return;
        }
        groupCommit.DurabilityDeferred = true;
        try
        {
            await transaction.CommitAsync(ct);
        }
        finally
        {
            groupCommit.DurabilityDeferred = false;
        }
        Interlocked.Exchange(ref _gate, null)?.Release();
        await groupCommit.DurableAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            Interlocked.Exchange(ref _gate, null)?.Release();
        }
    }
}

/// <summary>A named, monotonically increasing number (ticket numbers per year).</summary>
internal sealed class Counter
{
    public required string Name { get; init; }
    public long Value { get; set; }
}
