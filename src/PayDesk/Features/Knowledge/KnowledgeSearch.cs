using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Knowledge;

public sealed record ArticleHit(Guid Id, string Slug, string Locale, string Title, string Category, ArticleVisibility Visibility, string Snippet, double Score);

public sealed record TicketHit(Guid Id, string Number, string Subject, TicketStatus Status, TicketCategory Category, DateTime CreatedAt, string Snippet, double Score);

/// <summary>
/// Search over the database's own full-text index. Query words (jieba, precise mode) are OR-ed
/// and ranked (BM25 in FTS5, ts_rank_cd in PostgreSQL), so the article matching most and rarest
/// words comes first. With nothing found: the other language, then — for short queries, usually
/// half-typed — prefix matching. Snippets mark the matched words.
/// </summary>
internal sealed class KnowledgeSearch(AppDbContext db)
{
    public const int ShortQuery = 12;
    private static readonly string[] PublicOnly = ["public"];
    private static readonly string[] PublicAndInternal = ["public", "internal"];
    private static readonly string[] Staff = [SearchIndexer.StaffVisibility];

    public async Task<IReadOnlyList<ArticleHit>> ArticlesAsync(string? text, bool includeInternal, string? locale, string? category, int limit, CancellationToken ct)
    {
        var tokens = TextSegmenter.Shared.QueryTokens(text);
        if (tokens.Count == 0) return [];
        var visibilities = includeInternal ? PublicAndInternal : PublicOnly;
        var query = new SearchQuery(SearchFamily.Articles, tokens, All: false, Prefix: false, visibilities, locale, category, limit);
        var hits = await db.SearchAsync(query, ct);
        if (hits.Count == 0 && locale is not null) hits = await db.SearchAsync(query with { Locale = null }, ct);
        if (hits.Count == 0 && text!.Trim().Length <= ShortQuery) hits = await db.SearchAsync(query with { Locale = null, Prefix = true }, ct);
        if (hits.Count == 0) return [];

        var ids = hits.Select(h => Guid.Parse(h.DocKey)).ToList();
        var articles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id) && a.PublishedTitle != null).ToDictionaryAsync(a => a.Id, ct);
        return hits.Where(h => articles.ContainsKey(Guid.Parse(h.DocKey))).Select(h =>
        {
            var a = articles[Guid.Parse(h.DocKey)];
            return new ArticleHit(a.Id, a.Slug, a.Locale, a.PublishedTitle!, a.Category, a.Visibility,
                Snippet(ArticleMarkdown.ToPlainText(a.PublishedBody ?? ""), tokens), h.Score);
        }).ToList();
    }

    /// <summary>Staff search over complaints: subject, description and every message; one hit per complaint.</summary>
    public async Task<IReadOnlyList<TicketHit>> TicketsAsync(string? text, int limit, CancellationToken ct)
    {
        var tokens = TextSegmenter.Shared.QueryTokens(text);
        if (tokens.Count == 0) return [];
        var query = new SearchQuery(SearchFamily.Tickets, tokens, All: tokens.Count > 1, Prefix: false, Staff, null, null, limit * 4);
        var hits = await db.SearchAsync(query, ct);
        if (hits.Count < limit && tokens.Count > 1) hits = hits.Concat(await db.SearchAsync(query with { All = false }, ct)).ToList();
        if (hits.Count == 0 && text!.Trim().Length <= ShortQuery) hits = await db.SearchAsync(query with { Prefix = true }, ct);
        var best = hits.GroupBy(h => h.ParentKey).Select(g => g.First()).Take(limit).ToList();
        if (best.Count == 0) return [];

        var ticketIds = best.Select(h => Guid.Parse(h.ParentKey)).ToList();
        var messageIds = best.Where(h => h.DocType == SearchIndexer.MessageDoc).Select(h => Guid.Parse(h.DocKey)).ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Number, t.Subject, t.Status, t.Category, t.CreatedAt, t.Description }).ToDictionaryAsync(t => t.Id, ct);
        var messages = await db.TicketMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Body, ct);
        return best.Where(h => tickets.ContainsKey(Guid.Parse(h.ParentKey))).Select(h =>
        {
            var t = tickets[Guid.Parse(h.ParentKey)];
            var source = h.DocType == SearchIndexer.MessageDoc && messages.TryGetValue(Guid.Parse(h.DocKey), out var body) ? body : t.Description;
            return new TicketHit(t.Id, t.Number, t.Subject, t.Status, t.Category, t.CreatedAt, Snippet(source, tokens), h.Score);
        }).ToList();
    }

    /// <summary>About 120 characters around the first matched word, HTML-encoded, matches in &lt;mark&gt;.</summary>
    public static string Snippet(string text, IReadOnlyList<string> tokens, int length = 120)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        var first = tokens.Select(t => flat.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, first - length / 3);
        var window = flat.Substring(start, Math.Min(length, flat.Length - start));
        return (start > 0 ? "…" : "") + Highlight(window, tokens) + (start + window.Length < flat.Length ? "…" : "");
    }

    public static string Highlight(string text, IReadOnlyList<string> tokens)
    {
        var marks = new bool[text.Length];
        foreach (var token in tokens)
        {
            for (var i = text.IndexOf(token, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(token, i + token.Length, StringComparison.OrdinalIgnoreCase))
            {
                for (var j = i; j < i + token.Length; j++) marks[j] = true;
            }
        }
        var html = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var j = i;
            while (j < text.Length && marks[j] == marks[i]) j++;
            var part = WebUtility.HtmlEncode(text[i..j]);
            html.Append(marks[i] ? $"<mark>{part}</mark>" : part);
            i = j;
        }
        return html.ToString();
    }
}
