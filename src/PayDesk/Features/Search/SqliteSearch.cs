using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Search;

/// <summary>SQLite FTS5: two virtual tables (articles, tickets) keyed by rows of search_keys; ranked by BM25, title weighted ×4.</summary>
internal static class SqliteSearch
{
    public static async Task ApplyAsync(DatabaseFacade database, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        // On the SQLite writer's connection the statements are prepared once per batch (SqliteBatchStatements).
        var batch = SqliteBatchStatements.Of(database.GetDbConnection());
        foreach (var c in changes)
        {
            var table = SearchIndex.Table(c.Family);
            if (c.Doc is null)
            {
                await using var delete = SearchIndex.Command(database,
                    $"DELETE FROM {table} WHERE rowid IN (SELECT id FROM search_keys WHERE doc_type = $t AND doc_key = $k); DELETE FROM search_keys WHERE doc_type = $t AND doc_key = $k;",
                    ("$t", c.DocType), ("$k", c.DocKey));
                if (batch is null) await delete.ExecuteNonQueryAsync(ct);
                else batch.ExecuteNonQuery(delete);
                continue;
            }
            await using var key = SearchIndex.Command(database,
                "INSERT INTO search_keys (doc_type, doc_key, parent_key) VALUES ($t, $k, $p) ON CONFLICT (doc_type, doc_key) DO UPDATE SET parent_key = excluded.parent_key RETURNING id;",
                ("$t", c.DocType), ("$k", c.DocKey), ("$p", c.Doc.ParentKey));
            var id = (long)(batch is null ? await key.ExecuteScalarAsync(ct) : batch.ExecuteScalar(key))!;
            await using var write = SearchIndex.Command(database,
                $"DELETE FROM {table} WHERE rowid = $id; INSERT INTO {table} (rowid, title, body, doc_type, locale, visibility, category) VALUES ($id, $title, $body, $t, $l, $v, $c);",
                ("$id", id), ("$title", c.Doc.Title), ("$body", c.Doc.Body), ("$t", c.DocType), ("$l", c.Doc.Locale), ("$v", c.Doc.Visibility), ("$c", c.Doc.Category));
            if (batch is null) await write.ExecuteNonQueryAsync(ct);
            else batch.ExecuteNonQuery(write);
        }
    }

    public static async Task<List<SearchHit>> QueryAsync(DatabaseFacade database, SearchQuery q, CancellationToken ct)
    {
        var table = SearchIndex.Table(q.Family);
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
            await using var probe = SearchIndex.Command(database, $"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT {SearchQuery.BroadMatches});", parameters.ToArray());
            if (await SearchIndex.ScalarAsync(database, probe, ct) >= SearchQuery.BroadMatches) order = "rowid DESC";
        }
        // Rank and limit inside FTS5 first (ORDER BY rank, configured as bm25 with the title ×4), then join the keys.
        await using var command = SearchIndex.Command(database,
            $"SELECT k.doc_type, k.doc_key, k.parent_key, hits.score FROM (SELECT rowid, rank AS score FROM {table} " +
            $"WHERE {where} ORDER BY {order} LIMIT $limit) hits JOIN search_keys k ON k.id = hits.rowid;",
            parameters.ToArray());
        return await SearchIndex.ReadHitsAsync(database, command, ct);
    }
}
