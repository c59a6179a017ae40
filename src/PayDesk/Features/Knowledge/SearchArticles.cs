using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Knowledge;

public sealed record ArticleHit(Guid Id, string Slug, string Locale, string Title, string Category, ArticleVisibility Visibility, string Snippet, double Score);

/// <summary>
/// Article search over the database's own full-text index. Query words (jieba, precise mode) are OR-ed
/// and ranked (BM25 in FTS5, ts_rank_cd in PostgreSQL), so the article matching most and rarest
/// words comes first. With nothing found: the other language, then — for short queries, usually
/// half-typed — prefix matching. A word typed with a homophone's character (冻洁) is searched as the word meant as
/// well (<see cref="Homophones"/>). Snippets mark the matched words.
/// </summary>
internal sealed class SearchArticles(AppDbContext db)
{
    private static readonly string[] PublicOnly = ["public"];
    private static readonly string[] PublicAndInternal = ["public", "internal"];

    /// <summary>GET /kb/search: the query checked, then <see cref="ArticlesAsync"/>.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ArticleHit>>, ValidationProblem>> HandleAsync(
        string? q, string? locale, string? category, int? limit, SearchArticles search, ActorAccessor actors, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("q", q);
        errors.MaxLength("q", q, 200);
        errors.Locale("locale", locale);
        if (category is not null && !ArticleViews.Categories.Contains(category)) errors.AddKey("category", "Request.InvalidEnum", string.Join(", ", ArticleViews.Categories));
        if (limit is < 1 or > 50) errors.AddKey("limit", "Validation.PageSize", 50);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await search.ArticlesAsync(q, actors.Current.IsStaff, locale, category, limit ?? 10, ct));
    }

    /// <summary>Words that carry a case's facts (a date, an amount), not what it is about: 12 月 3 日, 800 元.</summary>
    private static readonly HashSet<string> FactUnits = new(StringComparer.Ordinal) { "年", "月", "日", "号", "元", "块", "块钱", "rmb", "cny", "yuan" };

    /// <summary>
    /// The question's topic words: its dates and amounts left out, since articles are about kinds of problems, not a
    /// customer's day or sum ("我12月3日提现800元到银行卡还没到账" ranked the merchant-settlement article, full of 日 and 元,
    /// above the withdrawal one). Kept when nothing else is left.
    /// </summary>
    internal static IReadOnlyList<string> TopicTokens(IReadOnlyList<string> tokens)
    {
        var topic = tokens.Where(t => !FactUnits.Contains(t) && !t.All(c => char.IsAsciiDigit(c) || c is '.' or ',')).ToList();
        return topic.Count > 0 ? topic : tokens;
    }

    public async Task<IReadOnlyList<ArticleHit>> ArticlesAsync(string? text, bool includeInternal, string? locale, string? category, int limit, CancellationToken ct)
    {
        var tokens = TopicTokens(TextSegmenter.Shared.QueryTokens(text));
        // A word typed with the wrong character of the same sound (冻洁) is searched as the one meant too (冻结).
        // The word itself, not the corrected question cut again: 账户冻结 would be one word then, and match only that phrase.
        if (Homophones.Shared.WordsMeant(text) is { Count: > 0 } meant) tokens = [.. tokens.Union(meant)];
        if (tokens.Count == 0) return [];
        var visibilities = includeInternal ? PublicAndInternal : PublicOnly;
        var query = new SearchQuery(SearchFamily.Articles, tokens, All: false, Prefix: false, visibilities, locale, category, limit);
        var hits = await SearchIndex.QueryAsync(db.Database, query, ct);
        if (hits.Count == 0 && locale is not null) hits = await SearchIndex.QueryAsync(db.Database, query with { Locale = null }, ct);
        if (hits.Count == 0 && text!.Trim().Length <= SearchText.ShortQuery) hits = await SearchIndex.QueryAsync(db.Database, query with { Locale = null, Prefix = true }, ct);
        if (hits.Count == 0) return [];

        var ids = hits.Select(h => Guid.Parse(h.DocKey)).ToList();
        var articles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id) && a.PublishedTitle != null).ToDictionaryAsync(a => a.Id, ct);
        return hits.Where(h => articles.ContainsKey(Guid.Parse(h.DocKey))).Select(h =>
        {
            var a = articles[Guid.Parse(h.DocKey)];
            return new ArticleHit(a.Id, a.Slug, a.Locale, a.PublishedTitle!, a.Category, a.Visibility,
                SearchText.Snippet(ArticleMarkdown.ToPlainText(a.PublishedBody ?? ""), tokens), h.Score);
        }).ToList();
    }
}
