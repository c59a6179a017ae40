using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Cases;

/// <summary>
/// A published case is found by the same jieba-segmented full-text index as articles: in the small
/// (article) family, under its own document type and visibility "case", so article searches (which ask
/// for public/internal) never return cases and case searches never return articles. Drafts are not indexed.
/// </summary>
internal sealed partial class ServiceCase : ISearchable
{
    public const string SearchDocType = "case";
    public const string SearchVisibility = "case";

    private static readonly string[] Searched = [nameof(Status), nameof(Title), nameof(Problem), nameof(Cause), nameof(Actions),
        nameof(CustomerWords), nameof(Lessons), nameof(Tags), nameof(Category)];

    (SearchFamily Family, string DocType, string DocKey) ISearchable.SearchKey => (SearchFamily.Articles, SearchDocType, Id.ToString());

    IReadOnlyCollection<string> ISearchable.SearchedProperties => Searched;

    SearchDoc? ISearchable.SearchDocument()
    {
        if (Status != CaseStatus.Published) return null;
        var segmenter = TextSegmenter.Shared;
        return new SearchDoc(Id.ToString(), "zh-CN", SearchVisibility, Category.ToString(),
            segmenter.IndexText(Title + " " + string.Join(' ', TagList)),
            segmenter.IndexText(string.Join('\n', Problem, Cause, Actions, CustomerWords, Lessons)));
    }
}

/// <summary>Every published case, for a rebuild of the index.</summary>
internal sealed class CaseSearchSource : ISearchSource
{
    public async IAsyncEnumerable<IReadOnlyList<SearchChange>> AllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken ct)
    {
        var cases = await db.Set<ServiceCase>().AsNoTracking().Where(c => c.Status == CaseStatus.Published).ToListAsync(ct);
        yield return cases.Select(c => new SearchChange(SearchFamily.Articles, ServiceCase.SearchDocType, c.Id.ToString(), ((ISearchable)c).SearchDocument())).ToList();
    }
}
