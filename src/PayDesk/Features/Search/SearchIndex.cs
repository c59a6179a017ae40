using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace PayDesk.Features.Search;

/// <summary>Which full-text table a document lives in: the small article set, or the large ticket set.</summary>
public enum SearchFamily
{
    Articles,
    Tickets,
}

/// <summary>One document for the full-text index, its text already segmented into tokens.</summary>
internal sealed record SearchDoc(string ParentKey, string Locale, string Visibility, string Category, string Title, string Body);

/// <summary>Add, replace or (Doc null) remove one document.</summary>
internal sealed record SearchChange(SearchFamily Family, string DocType, string DocKey, SearchDoc? Doc);

internal sealed record SearchHit(string DocType, string DocKey, string ParentKey, double Score);

/// <summary>What to look for: the tokens and how to combine them, filters, and how many.</summary>
internal sealed record SearchQuery(SearchFamily Family, IReadOnlyList<string> Tokens, bool All, bool Prefix, IReadOnlyCollection<string> Visibilities,
    string? Locale, string? Category, int Limit)
{
    /// <summary>
    /// Past this many matches a query says little ("流水号" is in most complaints): ranking them all
    /// would cost time and tell nothing, so complaints come newest first instead.
    /// </summary>
    public const int BroadMatches = 1000;
}

/// <summary>
/// A row that can be found by full-text search (an article, a complaint, a message). Its owner says
/// which document it is and what the document holds; Search never needs to know the owner's types.
/// Implement it explicitly, so the members are not mistaken for mapped columns.
/// </summary>
internal interface ISearchable
{
    /// <summary>The index table, the document type and the key the row is indexed under.</summary>
    (SearchFamily Family, string DocType, string DocKey) SearchKey { get; }

    /// <summary>The properties whose change re-indexes the row; added and deleted rows always are.</summary>
    IReadOnlyCollection<string> SearchedProperties { get; }

    /// <summary>The row's document as it stands, segmented; null when it must not be found (an article not live).</summary>
    SearchDoc? SearchDocument();
}

/// <summary>
/// The full-text index: the changes a SaveChanges makes to <see cref="ISearchable"/> rows become index
/// changes (<see cref="Collect"/>), applied in the same transaction (<see cref="SearchIndexing"/>), so search
/// never disagrees with what is stored (no background indexer, no lag). Queries go to the provider's own engine.
/// </summary>
internal static class SearchIndex
{
    public static IReadOnlyList<SearchChange> Collect(ChangeTracker tracker)
    {
        List<SearchChange>? changes = null;
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is not ISearchable searchable || entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.State == EntityState.Modified && !searchable.SearchedProperties.Any(p => entry.Property(p).IsModified)) continue;
            var (family, docType, docKey) = searchable.SearchKey;
            (changes ??= []).Add(new SearchChange(family, docType, docKey, entry.State == EntityState.Deleted ? null : searchable.SearchDocument()));
        }
        return changes ?? (IReadOnlyList<SearchChange>)[];
    }

    /// <summary>Writes the changes to this provider's index (FTS5 or tsvector) in the caller's transaction.</summary>
    public static Task ApplyAsync(DatabaseFacade database, IReadOnlyList<SearchChange> changes, CancellationToken ct) =>
        database.IsNpgsql() ? PostgresSearch.ApplyAsync(database, changes, ct) : SqliteSearch.ApplyAsync(database, changes, ct);

    /// <summary>The matching documents, best first (or newest first for broad complaint searches).</summary>
    public static Task<List<SearchHit>> QueryAsync(DatabaseFacade database, SearchQuery query, CancellationToken ct) =>
        database.IsNpgsql() ? PostgresSearch.QueryAsync(database, query, ct) : SqliteSearch.QueryAsync(database, query, ct);

    public static DbCommand Command(DatabaseFacade database, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    public static async Task<List<SearchHit>> ReadHitsAsync(DatabaseFacade database, DbCommand command, CancellationToken ct)
    {
        var hits = new List<SearchHit>();
        await database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) hits.Add(new SearchHit(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
        return hits;
    }

    public static async Task<long> ScalarAsync(DatabaseFacade database, DbCommand command, CancellationToken ct)
    {
        await database.OpenConnectionAsync(ct);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    public static string Table(SearchFamily family) => family == SearchFamily.Articles ? "search_articles" : "search_tickets";
}
