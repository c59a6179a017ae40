using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Knowledge;

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
/// Keeps the full-text index in step with the data: the changes a SaveChanges makes to articles,
/// complaints and messages become index changes applied in the same transaction, so search never
/// disagrees with what is stored (no background indexer, no lag).
/// </summary>
internal static class SearchIndexer
{
    public const string ArticleDoc = "article";
    public const string TicketDoc = "ticket";
    public const string MessageDoc = "message";
    public const string StaffVisibility = "staff";

    public static IReadOnlyList<SearchChange> Collect(ChangeTracker tracker)
    {
        List<SearchChange>? changes = null;
        foreach (var entry in tracker.Entries())
        {
            var change = entry.Entity switch
            {
                Article a => ForArticle(entry, a),
                Ticket t => ForTicket(entry, t),
                TicketMessage m => ForMessage(entry, m),
                _ => null,
            };
            if (change is not null) (changes ??= []).Add(change);
        }
        return changes ?? (IReadOnlyList<SearchChange>)[];
    }

    private static bool Changed(EntityEntry entry, params string[] properties) =>
        entry.State is EntityState.Added or EntityState.Deleted || properties.Any(p => entry.Property(p).IsModified);

    private static SearchChange? ForArticle(EntityEntry entry, Article a)
    {
        if (entry.State is EntityState.Unchanged or EntityState.Detached) return null;
        if (!Changed(entry, nameof(Article.PublishedTitle), nameof(Article.PublishedBody), nameof(Article.Status), nameof(Article.Visibility),
                nameof(Article.Category), nameof(Article.Tags), nameof(Article.Slug), nameof(Article.Locale)))
        {
            return null;
        }
        var key = a.Id.ToString();
        if (entry.State == EntityState.Deleted || !a.IsLive) return new SearchChange(SearchFamily.Articles, ArticleDoc, key, null);
        return ArticleChange(a);
    }

    private static SearchChange? ForTicket(EntityEntry entry, Ticket t)
    {
        if (entry.State is EntityState.Unchanged or EntityState.Detached || !Changed(entry, nameof(Ticket.Subject), nameof(Ticket.Description), nameof(Ticket.Category)))
        {
            return null;
        }
        if (entry.State == EntityState.Deleted) return new SearchChange(SearchFamily.Tickets, TicketDoc, t.Id.ToString(), null);
        return TicketChange(t.Id, t.Subject, t.Number, t.TransactionId, t.Description, t.Category);
    }

    private static SearchChange? ForMessage(EntityEntry entry, TicketMessage m)
    {
        if (entry.State is not (EntityState.Added or EntityState.Deleted) && !Changed(entry, nameof(TicketMessage.Body))) return null;
        if (entry.State == EntityState.Deleted) return new SearchChange(SearchFamily.Tickets, MessageDoc, m.Id.ToString(), null);
        return MessageChange(m.Id, m.TicketId, m.Body);
    }

    // What each kind of document holds. The live indexer and the start-up backfill both build them here,
    // so an older database is indexed exactly as new saves are.

    /// <summary>A live article: its published title and tags, and its published body as plain text.</summary>
    public static SearchChange ArticleChange(Article a)
    {
        var segmenter = TextSegmenter.Shared;
        return new SearchChange(SearchFamily.Articles, ArticleDoc, a.Id.ToString(), new SearchDoc(a.Slug, a.Locale,
            a.Visibility == ArticleVisibility.Public ? "public" : "internal", a.Category,
            segmenter.IndexText(a.PublishedTitle + " " + string.Join(' ', a.TagList)),
            segmenter.IndexText(ArticleMarkdown.ToPlainText(a.PublishedBody ?? ""))));
    }

    /// <summary>A complaint: subject, number and transaction id as its title, the description as its body.</summary>
    public static SearchChange TicketChange(Guid id, string subject, string number, string? transactionId, string description, TicketCategory category)
    {
        var segmenter = TextSegmenter.Shared;
        return new SearchChange(SearchFamily.Tickets, TicketDoc, id.ToString(), new SearchDoc(id.ToString(), "", StaffVisibility,
            Infrastructure.Http.EnumText.Name(category), segmenter.IndexText(subject + " " + number + " " + transactionId), segmenter.IndexText(description)));
    }

    /// <summary>A message (public reply or internal note), found under its complaint.</summary>
    public static SearchChange MessageChange(Guid id, Guid ticketId, string body) =>
        new(SearchFamily.Tickets, MessageDoc, id.ToString(), new SearchDoc(ticketId.ToString(), "", StaffVisibility, "", "", TextSegmenter.Shared.IndexText(body)));

    public static DbCommand Command(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, string sql, params (string Name, object? Value)[] parameters)
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

    public static async Task<List<SearchHit>> ReadHitsAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, DbCommand command, CancellationToken ct)
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

    public static async Task<long> ScalarAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, DbCommand command, CancellationToken ct)
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

/// <summary>SQLite FTS5: two virtual tables (articles, tickets) keyed by rows of search_keys; ranked by BM25, title weighted ×4.</summary>
internal static class SqliteSearch
{
    public static async Task ApplyAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        foreach (var c in changes)
        {
            var table = SearchIndexer.Table(c.Family);
            if (c.Doc is null)
            {
                await using var delete = SearchIndexer.Command(database,
                    $"DELETE FROM {table} WHERE rowid IN (SELECT id FROM search_keys WHERE doc_type = $t AND doc_key = $k); DELETE FROM search_keys WHERE doc_type = $t AND doc_key = $k;",
                    ("$t", c.DocType), ("$k", c.DocKey));
                await delete.ExecuteNonQueryAsync(ct);
                continue;
            }
            await using var key = SearchIndexer.Command(database,
                "INSERT INTO search_keys (doc_type, doc_key, parent_key) VALUES ($t, $k, $p) ON CONFLICT (doc_type, doc_key) DO UPDATE SET parent_key = excluded.parent_key RETURNING id;",
                ("$t", c.DocType), ("$k", c.DocKey), ("$p", c.Doc.ParentKey));
            var id = (long)(await key.ExecuteScalarAsync(ct))!;
            await using var write = SearchIndexer.Command(database,
                $"DELETE FROM {table} WHERE rowid = $id; INSERT INTO {table} (rowid, title, body, doc_type, locale, visibility, category) VALUES ($id, $title, $body, $t, $l, $v, $c);",
                ("$id", id), ("$title", c.Doc.Title), ("$body", c.Doc.Body), ("$t", c.DocType), ("$l", c.Doc.Locale), ("$v", c.Doc.Visibility), ("$c", c.Doc.Category));
            await write.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task<List<SearchHit>> QueryAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, SearchQuery q, CancellationToken ct)
    {
        var table = SearchIndexer.Table(q.Family);
        // Tokens are letters and digits only (TextSegmenter), so quoting them is all the escaping FTS5 needs.
        var terms = q.Tokens.Select(t => "\"" + t + "\"" + (q.Prefix ? "*" : ""));
        var match = string.Join(q.All ? " AND " : " OR ", terms);
        var filters = new List<string> { $"{table}.visibility IN ({string.Join(", ", q.Visibilities.Select((_, i) => "$v" + i))})" };
        var parameters = new List<(string, object?)> { ("$match", match), ("$limit", q.Limit) };
        parameters.AddRange(q.Visibilities.Select((v, i) => ("$v" + i, (object?)v)));
        if (q.Locale is not null)
        {
            filters.Add($"{table}.locale = $locale");
            parameters.Add(("$locale", q.Locale));
        }
        if (q.Category is not null)
        {
            filters.Add($"{table}.category = $category");
            parameters.Add(("$category", q.Category));
        }
        var where = $"{table} MATCH $match AND {string.Join(" AND ", filters)}";
        var order = "rank";
        if (q.Family == SearchFamily.Tickets)
        {
            await using var probe = SearchIndexer.Command(database, $"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT {SearchQuery.BroadMatches});", parameters.ToArray());
            if (await SearchIndexer.ScalarAsync(database, probe, ct) >= SearchQuery.BroadMatches) order = "rowid DESC";
        }
        // Rank and limit inside FTS5 first (ORDER BY rank, configured as bm25 with the title ×4), then join the keys.
        await using var command = SearchIndexer.Command(database,
            $"SELECT k.doc_type, k.doc_key, k.parent_key, hits.score FROM (SELECT rowid, rank AS score FROM {table} " +
            $"WHERE {where} ORDER BY {order} LIMIT $limit) hits JOIN search_keys k ON k.id = hits.rowid;",
            parameters.ToArray());
        return await SearchIndexer.ReadHitsAsync(database, command, ct);
    }
}

/// <summary>PostgreSQL: tables with a generated, weighted tsvector (title A, body B) and a GIN index; ranked by ts_rank_cd.</summary>
internal static class PostgresSearch
{
    public static async Task ApplyAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        foreach (var c in changes)
        {
            var table = SearchIndexer.Table(c.Family);
            await using var command = c.Doc is null
                ? SearchIndexer.Command(database, $"DELETE FROM {table} WHERE doc_type = @t AND doc_key = @k;", ("t", c.DocType), ("k", c.DocKey))
                : SearchIndexer.Command(database,
                    $"INSERT INTO {table} (doc_type, doc_key, parent_key, locale, visibility, category, title, body) VALUES (@t, @k, @p, @l, @v, @c, @title, @body) " +
                    "ON CONFLICT (doc_type, doc_key) DO UPDATE SET parent_key = excluded.parent_key, locale = excluded.locale, visibility = excluded.visibility, " +
                    "category = excluded.category, title = excluded.title, body = excluded.body;",
                    ("t", c.DocType), ("k", c.DocKey), ("p", c.Doc.ParentKey), ("l", c.Doc.Locale), ("v", c.Doc.Visibility), ("c", c.Doc.Category),
                    ("title", c.Doc.Title), ("body", c.Doc.Body));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task<List<SearchHit>> QueryAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, SearchQuery q, CancellationToken ct)
    {
        var table = SearchIndexer.Table(q.Family);
        var query = string.Join(q.All ? " & " : " | ", q.Tokens.Select(t => t + (q.Prefix ? ":*" : "")));
        var parameters = new List<(string, object?)> { ("query", query), ("limit", q.Limit), ("visibilities", q.Visibilities.ToArray()) };
        var filters = "tsv @@ q AND visibility = ANY(@visibilities)";
        if (q.Locale is not null)
        {
            filters += " AND locale = @locale";
            parameters.Add(("locale", q.Locale));
        }
        if (q.Category is not null)
        {
            filters += " AND category = @category";
            parameters.Add(("category", q.Category));
        }
        var order = "score DESC";
        if (q.Family == SearchFamily.Tickets)
        {
            await using var probe = SearchIndexer.Command(database,
                $"SELECT count(*) FROM (SELECT 1 FROM {table}, to_tsquery('simple', @query) q WHERE {filters} LIMIT {SearchQuery.BroadMatches}) broad;", parameters.ToArray());
            if (await SearchIndexer.ScalarAsync(database, probe, ct) >= SearchQuery.BroadMatches) order = "doc_type DESC, doc_key DESC";
        }
        await using var command = SearchIndexer.Command(database,
            $"SELECT doc_type, doc_key, parent_key, ts_rank_cd(tsv, q)::float8 AS score FROM {table}, to_tsquery('simple', @query) q " +
            $"WHERE {filters} ORDER BY {order} LIMIT @limit;", parameters.ToArray());
        return await SearchIndexer.ReadHitsAsync(database, command, ct);
    }
}
