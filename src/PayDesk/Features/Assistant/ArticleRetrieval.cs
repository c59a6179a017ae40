using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Knowledge;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Assistant;

/// <summary>
/// The help-centre articles the assistant answers with. Always the full-text search; with an embeddings endpoint
/// configured (<see cref="EmbeddingOptions.Endpoint"/>, e.g. bge-m3 for Chinese) also the articles whose embedding is
/// closest to the question's, the two rankings fused by reciprocal rank. So a question the index cannot match word for
/// word (冻洁 for 冻结, a paraphrase) can still find its article. When the endpoint fails or is slow, the full-text
/// search answers alone.
/// </summary>
internal sealed class ArticleRetrieval(SearchArticles search, EmbeddingEndpoint endpoint, ArticleVectorCache articles, AppDbContext db,
    IOptions<EmbeddingOptions> options)
{
    /// <summary>Reciprocal-rank fusion's constant (the usual 60): a hit's weight is 1 / (60 + its rank) in each list.</summary>
    private const int FusionK = 60;

    private const int Candidates = 10;

    /// <summary>The best articles for <paramref name="question"/> (already masked: it may go to the endpoint), best first.</summary>
    public async Task<IReadOnlyList<ArticleHit>> FindAsync(string question, string locale, int limit, CancellationToken ct)
    {
        var fullText = await search.ArticlesAsync(question, includeInternal: false, locale, null, Candidates, ct);
        if (!endpoint.Configured) return fullText.Take(limit).ToList();
        var nearest = await NearestAsync(question, locale, ct);
        if (nearest is null or { Count: 0 }) return fullText.Take(limit).ToList();

        var scores = new Dictionary<Guid, double>();
        for (var i = 0; i < fullText.Count; i++) scores[fullText[i].Id] = 1.0 / (FusionK + i + 1);
        for (var i = 0; i < nearest.Count; i++) scores[nearest[i].Doc.Id] = scores.GetValueOrDefault(nearest[i].Doc.Id) + 1.0 / (FusionK + i + 1);
        var byId = fullText.ToDictionary(h => h.Id);
        foreach (var (doc, similarity) in nearest)
        {
            byId.TryAdd(doc.Id, new ArticleHit(doc.Id, doc.Slug, doc.Locale, doc.Title, doc.Category, ArticleVisibility.Public, doc.Gist, similarity));
        }
        var ranked = scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Select(s => byId[s.Key]).ToList();
        // Hits by meaning come from a cached list (up to a minute old for edits on other instances): only articles still
        // live and public are offered.
        var ids = ranked.Select(h => h.Id).ToList();
        var live = (await ArticleViews.PublicLive(db).Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        return ranked.Where(h => live.Contains(h.Id)).Take(limit).ToList();
    }

    /// <summary>Articles in the locale at least <see cref="EmbeddingOptions.ArticleMinSimilarity"/> close, closest first; null when the endpoint did not answer.</summary>
    private async Task<List<(ArticleVectorCache.Doc Doc, double Similarity)>?> NearestAsync(string question, string locale, CancellationToken ct)
    {
        var docs = (await articles.GetAsync(db, ct)).Where(d => d.Locale == locale).ToList();
        if (docs.Count == 0) return [];
        // Article texts are cached by the endpoint per text: only new or edited articles are sent again.
        var vectors = await endpoint.TryEmbedAsync(docs.Select(d => d.Text).ToList(), ct);
        if (vectors is null) return null;
        // Masked again as everything that leaves for a model server is (GroundedPhrasing.Mask also catches numbers the
        // storage masking keeps: a card number with a typo, a phone number stuck to letters).
        var q = await endpoint.TryEmbedAsync([GroundedPhrasing.Mask(question)], ct, cache: false);
        // Both from one model: a switch of the endpoint's model between the two calls is a failed turn, not a comparison.
        if (q is null || q[0].Length != vectors[0].Length) return null;
        var min = options.Value.ArticleMinSimilarity;
        return docs.Select((d, i) => (Doc: d, Similarity: (double)SentenceEmbeddings.Dot(q[0], vectors[i])))
            .Where(x => x.Similarity >= min)
            .OrderByDescending(x => x.Similarity).Take(Candidates).ToList();
    }
}

/// <summary>
/// The live public articles the assistant's embeddings compare questions with, shared by every conversation on this
/// instance: reloaded when a save here changed an article (<see cref="SavedEntities"/>) and at the latest after
/// <see cref="MaxAge"/> (edits on other instances).
/// </summary>
internal sealed class ArticleVectorCache(SavedEntities saved, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>One article as embedded: its title and the gist of its published body.</summary>
    public sealed record Doc(Guid Id, string Slug, string Locale, string Title, string Category, string Gist)
    {
        public string Text => Title + "\n" + Gist;
    }

    private readonly SavedEntitiesCache<IReadOnlyList<Doc>> _cache = new(saved, clock, MaxAge, typeof(Article));

    public Task<IReadOnlyList<Doc>> GetAsync(AppDbContext db, CancellationToken ct) => _cache.GetAsync(async token =>
    {
        var rows = await ArticleViews.PublicLive(db)
            .Select(a => new { a.Id, a.Slug, a.Locale, a.PublishedTitle, a.Category, a.PublishedBody })
            .ToListAsync(token);
        return (IReadOnlyList<Doc>)rows.Select(a => new Doc(a.Id, a.Slug, a.Locale, a.PublishedTitle!, a.Category,
            ArticleMarkdown.Gist(ArticleMarkdown.ToPlainText(a.PublishedBody ?? "")))).ToList();
    }, ct);
}
