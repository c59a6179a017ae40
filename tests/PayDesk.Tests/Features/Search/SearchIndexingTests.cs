using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Knowledge;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Search;

/// <summary>The save hook (SearchIndexing) writes the index in the save's own transaction: it commits and rolls back with the rows.</summary>
public abstract class SearchIndexingTests(HostFixture host)
{
    private static string Word() => "zq" + string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + c % 20)));

    private static Article Live(string word, string? slug = null) => new()
    {
        Slug = slug ?? "indexing-" + Guid.NewGuid().ToString("N")[..12], Locale = "en", Title = word, Body = word, Category = "service",
        UpdatedBy = "test", PublishedTitle = word, PublishedBody = word, Status = ArticleStatus.Published, Visibility = ArticleVisibility.Public,
    };

    private async Task<int> FoundAsync(string word)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var query = new SearchQuery(SearchFamily.Articles, TextSegmenter.Shared.QueryTokens(word), All: false, Prefix: false, ["public"], null, null, 10);
        return (await SearchIndex.QueryAsync(db.Database, query, CancellationToken.None)).Count;
    }

    [Fact]
    public async Task Saves_are_indexed_on_the_async_and_the_sync_path()
    {
        var (viaAsync, viaSync) = (Word(), Word());
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Articles.Add(Live(viaAsync));
            await db.SaveChangesAsync();
            db.Articles.Add(Live(viaSync));
            db.SaveChanges();
        }
        Assert.Equal(1, await FoundAsync(viaAsync));
        Assert.Equal(1, await FoundAsync(viaSync));
    }

    [Fact]
    public async Task A_rolled_back_transaction_takes_its_index_changes_with_it()
    {
        var word = Word();
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var tx = await db.BeginWriteAsync(CancellationToken.None);
            db.Articles.Add(Live(word));
            await db.SaveChangesAsync();
            // Disposed without commit.
        }
        Assert.Equal(0, await FoundAsync(word));
    }

    [Fact]
    public async Task A_failed_save_indexes_nothing_and_the_context_saves_again_afterwards()
    {
        var (failed, later) = (Word(), Word());
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var slug = "indexing-" + Guid.NewGuid().ToString("N")[..12];
            db.Articles.Add(Live(Word(), slug));
            await db.SaveChangesAsync();
            db.Articles.Add(Live(failed, slug));
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.Articles.Add(Live(later));
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, await FoundAsync(failed));
        Assert.Equal(1, await FoundAsync(later));
    }
}

public sealed class SqliteSearchIndexingTests(SqliteHost host) : SearchIndexingTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresSearchIndexingTests(PostgresHost host) : SearchIndexingTests(host), IClassFixture<PostgresHost>;
