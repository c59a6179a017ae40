using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// The SQLite writer's batches (issue 21, item 8): saves queued together run in one transaction, each inside a savepoint;
/// a failing save is undone alone, a failing commit answers every save of the batch with the error and writes none, and
/// no save's changes are accepted before its commit (so a retry writes them).
/// </summary>
public sealed class SqliteWriterBatchTests
{
    private static async Task<(SqliteWriter Writer, List<AsyncServiceScope> Scopes, List<AppDbContext> Contexts)> QueueAsync(
        PayDeskFactory factory, IReadOnlyList<string> keys)
    {
        var writer = SqliteWriter.For(Path.Combine(factory.DataDir, "paydesk.db"));
        var scopes = keys.Select(_ => factory.Services.CreateAsyncScope()).ToList();
        var contexts = scopes.Select(s => s.ServiceProvider.GetRequiredService<AppDbContext>()).ToList();
        for (var i = 0; i < keys.Count; i++) contexts[i].AppSettings.Add(new AppSetting { Key = keys[i], Value = "value " + i, UpdatedAt = DateTime.UtcNow });
        await Task.CompletedTask;
        return (writer, scopes, contexts);
    }

    /// <summary>Starts every save while the writer's gate is held, so they queue behind the first and form one batch.</summary>
    private static async Task<List<Task<int>>> SaveTogetherAsync(SqliteWriter writer, IReadOnlyList<AppDbContext> contexts, Action<List<Task<int>>>? queued = null)
    {
        await writer.Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            var saves = contexts.Select(c => c.SaveChangesAsync(TestContext.Current.CancellationToken)).ToList();
            // The first save is taken by the writer (waiting at the gate); the others wait in the queue.
            await Eventually.UntilAsync(() => writer.Queued == contexts.Count - 1, "the saves are queued", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
            queued?.Invoke(saves);
            return saves;
        }
        finally
        {
            writer.Gate.Release();
        }
    }

    private static async Task<Dictionary<string, string>> StoredAsync(PayDeskFactory factory, string prefix)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AppSettings.Where(s => s.Key.StartsWith(prefix)).ToDictionaryAsync(s => s.Key, s => s.Value, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Saves_queued_together_share_one_commit_and_a_failing_one_is_undone_alone()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        var batches = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Name == "paydesk.sqlite.writer.batch") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (batches) batches.Add(value); });
        listener.Start();

        // The fourth save repeats the second's key: its insert fails inside the shared transaction.
        var keys = new[] { "batch-a", "batch-b", "batch-c", "batch-b", "batch-d", "batch-e" };
        var (writer, scopes, contexts) = await QueueAsync(factory, keys);
        try
        {
            // The save that lost on the key is answered only after the commit: it may read the winner's row to answer (an
            // Idempotency-Key replay), which other connections see only once committed.
            List<Task<int>>? started = null;
            bool? answeredBeforeCommit = null;
            writer.BeforeCommit = () => answeredBeforeCommit ??= started![3].IsCompleted;
            List<Task<int>> saves;
            try
            {
                saves = await SaveTogetherAsync(writer, contexts, s => started = s);
                await Assert.ThrowsAsync<DbUpdateException>(() => saves[3]);
            }
            finally
            {
                writer.BeforeCommit = null;
            }
            Assert.False(answeredBeforeCommit);
            foreach (var i in new[] { 0, 1, 2, 4, 5 }) Assert.True(await saves[i] >= 1);

            // The others are committed, with their own values; nothing of the failed save is.
            var stored = await StoredAsync(factory, "batch-");
            Assert.Equal(["batch-a", "batch-b", "batch-c", "batch-d", "batch-e"], stored.Keys.Order());
            Assert.Equal("value 1", stored["batch-b"]);
            // Accepted only where committed: the failed save's row is still pending in its context.
            Assert.Equal(EntityState.Added, contexts[3].ChangeTracker.Entries<AppSetting>().Single().State);
            Assert.All(new[] { 0, 1, 2, 4, 5 }, i => Assert.Equal(EntityState.Unchanged, contexts[i].ChangeTracker.Entries<AppSetting>().Single().State));
            // One transaction for the six.
            // The writer records a batch's size in its finally, after answering the saves: on a busy machine the test can
            // get here first (a CI run did), so wait for the figure — briefly, it is a few statements away.
            if (!SpinWait.SpinUntil(() => { lock (batches) return batches.Contains(6); }, TimeSpan.FromSeconds(10)))
            {
                lock (batches) Assert.Fail($"no batch of six recorded: [{string.Join(", ", batches)}]");
            }

            // Each context works on its own connection again afterwards.
            Assert.Equal(5, await contexts[0].AppSettings.CountAsync(s => s.Key.StartsWith("batch-"), TestContext.Current.CancellationToken));
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_save_queued_while_a_batch_runs_waits_for_the_next_batch()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        var keys = new[] { "closed-a", "closed-b", "closed-c", "closed-late" };
        var (writer, scopes, contexts) = await QueueAsync(factory, keys);
        try
        {
            // The late save is queued from inside the first save of the batch, while the writer runs it.
            Task<int>? late = null;
            contexts[0].SavingChanges += (_, _) => late ??= contexts[3].SaveChangesAsync(TestContext.Current.CancellationToken);
            int? waitingAtFirstCommit = null;
            // The first commit after the late save exists is its batch's (a save of a background job may commit before).
            writer.BeforeCommit = () => { if (late is not null) waitingAtFirstCommit ??= writer.Queued; };
            List<Task<int>> saves;
            try
            {
                saves = await SaveTogetherAsync(writer, contexts.Take(3).ToList());
                foreach (var save in saves) Assert.Equal(1, await save);
                Assert.NotNull(late);
                Assert.Equal(1, await late);
            }
            finally
            {
                writer.BeforeCommit = null;
            }
            // The batch was closed when it began: the late save was still queued when the first three committed (a batch
            // that took saves as they came kept every caller waiting on it; docs/PERFORMANCE.md).
            Assert.True(waitingAtFirstCommit >= 1, $"saves waiting at the first commit: {waitingAtFirstCommit}");
            Assert.Equal(4, (await StoredAsync(factory, "closed-")).Count);
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_batch_prepares_each_statement_once_however_many_rows_use_it()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        var keys = Enumerable.Range(0, 8).Select(i => $"prepared-{i}").ToList();
        var (writer, scopes, contexts) = await QueueAsync(factory, keys);
        try
        {
            var before = writer.StatementsPrepared;
            foreach (var save in await SaveTogetherAsync(writer, contexts)) Assert.Equal(1, await save);
            // Eight rows, one INSERT text: prepared once (EF Core makes a command per row; SQLite parsed each before).
            Assert.Equal(1, writer.StatementsPrepared - before);
            Assert.Equal(8, (await StoredAsync(factory, "prepared-")).Count);
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_failed_commit_fails_every_save_of_the_batch_writes_none_and_a_retry_saves_them()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        var keys = Enumerable.Range(0, 5).Select(i => $"commit-{i}").ToList();
        var (writer, scopes, contexts) = await QueueAsync(factory, keys);
        try
        {
            writer.BeforeCommit = () => throw new IOException("disk full (injected)");
            List<Task<int>> saves;
            try
            {
                saves = await SaveTogetherAsync(writer, contexts);
                foreach (var save in saves) Assert.Equal("disk full (injected)", (await Assert.ThrowsAsync<IOException>(() => save)).Message);
            }
            finally
            {
                writer.BeforeCommit = null;
            }
            Assert.Empty(await StoredAsync(factory, "commit-"));
            Assert.All(contexts, c => Assert.Equal(EntityState.Added, c.ChangeTracker.Entries<AppSetting>().Single().State));

            // Nothing was lost: the same contexts save again and everything is there.
            foreach (var c in contexts) Assert.True(await c.SaveChangesAsync(TestContext.Current.CancellationToken) >= 1);
            Assert.Equal(keys, (await StoredAsync(factory, "commit-")).Keys.Order());
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }
}
