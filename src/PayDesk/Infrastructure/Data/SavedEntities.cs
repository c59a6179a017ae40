using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayDesk.Infrastructure.Data;

/// <summary>
/// A version per entity type, raised after a save through EF on this instance added, changed or deleted rows of it: how an
/// in-process cache of rarely changed rows (the public notices the assistant checks on every chat message) knows it is out
/// of date at once. Other instances' saves, bulk updates and saves inside a caller's transaction are not seen (or are seen
/// before the commit), so such caches also expire after a few seconds.
/// </summary>
internal sealed class SavedEntities : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<Type, long> _versions = new();

    // Per context (pooled contexts are reused): the types the save in progress writes.
    private readonly ConditionalWeakTable<DbContext, HashSet<Type>> _saving = new();

    /// <summary>Read it before loading: a save that commits while the load runs then makes the loaded copy stale.</summary>
    public long Version<T>() => Version(typeof(T));

    public long Version(Type entityType) => _versions.GetValueOrDefault(entityType);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Raise(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Raise(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Raise(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        // A failed save may still have written (a commit whose acknowledgement was lost): a needless reload is cheap.
        Raise(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Raise(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Raise(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null) return;
        HashSet<Type>? types = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) (types ??= []).Add(entry.Metadata.ClrType);
        }
        if (types is not null) _saving.AddOrUpdate(context, types);
        else _saving.Remove(context);
    }

    /// <summary>
    /// Raises the versions of the types the context's save wrote. A save inside the SQLite writer's shared transaction is
    /// not committed when EF reports it saved: the context calls this again once the batch has committed or failed.
    /// </summary>
    public void Raise(DbContext? context)
    {
        if (context is SqliteAppDbContext { Batched: true }) return;
        if (context is null || !_saving.TryGetValue(context, out var types)) return;
        _saving.Remove(context);
        foreach (var type in types) _versions.AddOrUpdate(type, 1, (_, v) => v + 1);
    }
}

/// <summary>
/// A value read from the database and kept in memory for every request on this instance: read again when a save here
/// changed one of the <paramref name="watched"/> entity types (<see cref="SavedEntities"/>), and at the latest after
/// <paramref name="maxAge"/> (changes made on other instances). One load at a time: requests arriving while it runs take
/// its result.
/// </summary>
internal sealed class SavedEntitiesCache<T>(SavedEntities saved, TimeProvider clock, TimeSpan maxAge, params Type[] watched) where T : class
{
    private sealed record Snapshot(T Value, long[] Versions, DateTime LoadedAt);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _current;

    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> load, CancellationToken ct)
    {
        if (Fresh(_current) is { } fresh) return fresh.Value;
        await _loading.WaitAsync(ct);
        try
        {
            if (Fresh(_current) is { } loaded) return loaded.Value;
            // The versions are read before the rows: a save committed during the load leaves this copy stale, not hidden.
            var versions = Versions();
            var now = clock.GetUtcNow().UtcDateTime;
            var value = await load(ct);
            _current = new Snapshot(value, versions, now);
            return value;
        }
        finally
        {
            _loading.Release();
        }
    }

    private long[] Versions() => Array.ConvertAll(watched, saved.Version);

    private Snapshot? Fresh(Snapshot? s)
    {
        if (s is null || !s.Versions.AsSpan().SequenceEqual(Versions())) return null;
        var age = clock.GetUtcNow().UtcDateTime - s.LoadedAt;
        return age >= TimeSpan.Zero && age < maxAge ? s : null;
    }
}
