using Microsoft.EntityFrameworkCore.Infrastructure;

namespace PayDesk.Features.Search;

/// <summary>PostgreSQL: tables with a generated, weighted tsvector (title A, body B) and a GIN index; ranked by ts_rank_cd.</summary>
internal static class PostgresSearch
{
    public static async Task ApplyAsync(DatabaseFacade database, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        foreach (var c in changes)
        {
            var table = SearchIndex.Table(c.Family);
            await using var command = c.Doc is null
                ? SearchIndex.Command(database, $"DELETE FROM {table} WHERE doc_type = @t AND doc_key = @k;", ("t", c.DocType), ("k", c.DocKey))
                : SearchIndex.Command(database,
                    $"INSERT INTO {table} (doc_type, doc_key, parent_key, locale, visibility, category, title, body) VALUES (@t, @k, @p, @l, @v, @c, @title, @body) " +
                    "ON CONFLICT (doc_type, doc_key) DO UPDATE SET parent_key = excluded.parent_key, locale = excluded.locale, visibility = excluded.visibility, " +
                    "category = excluded.category, title = excluded.title, body = excluded.body;",
                    ("t", c.DocType), ("k", c.DocKey), ("p", c.Doc.ParentKey), ("l", c.Doc.Locale), ("v", c.Doc.Visibility), ("c", c.Doc.Category),
                    ("title", c.Doc.Title), ("body", c.Doc.Body));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task<List<SearchHit>> QueryAsync(DatabaseFacade database, SearchQuery q, CancellationToken ct)
    {
        var table = SearchIndex.Table(q.Family);
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
            await using var probe = SearchIndex.Command(database,
                $"SELECT count(*) FROM (SELECT 1 FROM {table}, to_tsquery('simple', @query) q WHERE {filters} LIMIT {SearchQuery.BroadMatches}) broad;", parameters.ToArray());
            if (await SearchIndex.ScalarAsync(database, probe, ct) >= SearchQuery.BroadMatches) order = "doc_type DESC, doc_key DESC";
        }
        await using var command = SearchIndex.Command(database,
            $"SELECT doc_type, doc_key, parent_key, ts_rank_cd(tsv, q)::float8 AS score FROM {table}, to_tsquery('simple', @query) q " +
            $"WHERE {filters} ORDER BY {order} LIMIT @limit;", parameters.ToArray());
        return await SearchIndex.ReadHitsAsync(database, command, ct);
    }
}
