using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace PayDesk.Features.Search;

/// <summary>
/// Hooks the full-text index to saves: when a SaveChanges touches <see cref="ISearchable"/> rows, their
/// index changes are collected as it starts and written after the rows, in the same transaction — the
/// caller's, or one begun here and committed once both are written. Search never disagrees with the data.
/// Registered on both providers' contexts last among the save interceptors (<see cref="SearchSetup"/>).
/// </summary>
internal sealed class SearchIndexing : SaveChangesInterceptor
{
    private sealed class Pending(IReadOnlyList<SearchChange> changes)
    {
        public IReadOnlyList<SearchChange> Changes { get; } = changes;
        public IDbContextTransaction? Own { get; set; }
    }

    // Per context (pooled contexts are reused: every save takes its entry out again).
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    /// <summary>
    /// Segments the pending changes now. SQLite's writer calls it before queueing for the write lock,
    /// so the lock is never held while jieba works; the save then uses these changes.
    /// </summary>
    public void Prepare(DbContext context) => _pending.AddOrUpdate(context, new Pending(SearchIndex.Collect(context.ChangeTracker)));

    /// <summary>Drops what <see cref="Prepare"/> left when the save never ran (cancelled in the queue).</summary>
    public void Forget(DbContext context)
    {
        if (_pending.TryGetValue(context, out var pending) && _pending.Remove(context)) pending.Own?.Dispose();
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && Starting(context) is { } pending) pending.Own = context.Database.BeginTransaction();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Starting(context) is { } pending) pending.Own = await context.Database.BeginTransactionAsync(cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is not { } context || Take(context) is not { } pending) return result;
        try
        {
            SearchIndex.ApplyAsync(context.Database, pending.Changes, CancellationToken.None).GetAwaiter().GetResult();
            pending.Own?.Commit();
        }
        finally
        {
            pending.Own?.Dispose();
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } context || Take(context) is not { } pending) return result;
        try
        {
            await SearchIndex.ApplyAsync(context.Database, pending.Changes, cancellationToken);
            if (pending.Own is { } own) await own.CommitAsync(cancellationToken);
        }
        finally
        {
            if (pending.Own is { } own) await own.DisposeAsync();
        }
        return result;
    }

    // A failed or cancelled save rolls back the transaction begun here (the rows and the index alike).
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        AbandonAsync(eventData.Context);

    public override void SaveChangesCanceled(DbContextEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        AbandonAsync(eventData.Context);

    /// <summary>
    /// The changes this save must index (prepared or collected now), kept until it is saved; returned
    /// only when a transaction has to be begun for them, i.e. the caller has none.
    /// </summary>
    private Pending? Starting(DbContext context)
    {
        if (!_pending.TryGetValue(context, out var pending))
        {
            var changes = SearchIndex.Collect(context.ChangeTracker);
            if (changes.Count == 0) return null;
            _pending.AddOrUpdate(context, pending = new Pending(changes));
        }
        if (pending.Changes.Count == 0)
        {
            _pending.Remove(context);
            return null;
        }
        return context.Database.CurrentTransaction is null ? pending : null;
    }

    private Pending? Take(DbContext context) => _pending.TryGetValue(context, out var pending) && _pending.Remove(context) ? pending : null;

    private void Abandon(DbContext? context)
    {
        if (context is not null) Take(context)?.Own?.Dispose();
    }

    private async Task AbandonAsync(DbContext? context)
    {
        if (context is not null && Take(context)?.Own is { } own) await own.DisposeAsync();
    }
}
