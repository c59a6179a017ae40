using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Knowledge;

/// <summary>A live article is found by its published title and tags, and its published body as plain text.</summary>
internal sealed partial class Article : ISearchable
{
    public const string SearchDocType = "article";

    private static readonly string[] Searched = [nameof(PublishedTitle), nameof(PublishedBody), nameof(Status), nameof(Visibility),
        nameof(Category), nameof(Tags), nameof(Slug), nameof(Locale)];

    (SearchFamily Family, string DocType, string DocKey) ISearchable.SearchKey => (SearchFamily.Articles, SearchDocType, Id.ToString());

    IReadOnlyCollection<string> ISearchable.SearchedProperties => Searched;

    SearchDoc? ISearchable.SearchDocument()
    {
        if (!IsLive) return null;
        var segmenter = TextSegmenter.Shared;
        return new SearchDoc(Slug, Locale, Visibility == ArticleVisibility.Public ? "public" : "internal", Category,
            segmenter.IndexText(PublishedTitle + " " + string.Join(' ', TagList)),
            segmenter.IndexText(ArticleMarkdown.ToPlainText(PublishedBody ?? "")));
    }
}

/// <summary>Every live article, for the start-up backfill.</summary>
internal sealed class ArticleSearchSource : ISearchSource
{
    public async IAsyncEnumerable<IReadOnlyList<SearchChange>> AllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken ct)
    {
        var articles = await db.Articles.AsNoTracking().Where(a => a.PublishedTitle != null && a.Status != ArticleStatus.Archived).ToListAsync(ct);
        yield return articles.Select(a => new SearchChange(SearchFamily.Articles, Article.SearchDocType, a.Id.ToString(), ((ISearchable)a).SearchDocument())).ToList();
    }
}
