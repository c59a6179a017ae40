using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Search;

/// <summary>
/// What an owner of searchable rows holds, as index documents in batches of about <see cref="SearchBackfill.Batch"/>,
/// built exactly as its <see cref="ISearchable"/> rows build them when saved. Registered by the owner.
/// </summary>
internal interface ISearchSource
{
    IAsyncEnumerable<IReadOnlyList<SearchChange>> AllAsync(AppDbContext db, CancellationToken ct);
}

/// <summary>
/// Indexes what was stored before the index existed (a database from an earlier version), once,
/// in batches, at start-up. After that every save keeps the index current by itself (<see cref="SearchIndexing"/>).
/// </summary>
internal static class SearchBackfill
{
    public const int Batch = 500;
    private const string Key = "search.index.version";
    private const string Version = "1";

    public static async Task EnsureAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.AppSettings.AnyAsync(s => s.Key == Key && s.Value == Version, ct)) return;
        var total = 0;
        foreach (var source in scope.ServiceProvider.GetServices<ISearchSource>())
        {
            await foreach (var changes in source.AllAsync(db, ct))
            {
                if (changes.Count == 0) continue;
                var before = total;
                total += await ApplyAsync(db, changes, ct);
                if (before / 5000 != total / 5000) console.WriteLine($"search index: {total} documents …");
            }
        }
        db.AppSettings.Add(new AppSetting { Key = Key, Value = Version, UpdatedAt = DateTime.UtcNow, UpdatedBy = "system" });
        await db.SaveChangesAsync(ct);
        if (total > 0) console.WriteLine($"search index: {total} documents indexed.");
    }

    private static async Task<int> ApplyAsync(AppDbContext db, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        await SearchIndex.ApplyAsync(db.Database, changes, ct);
        await tx.CommitAsync(ct);
        return changes.Count;
    }
}
