using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>One article: the published copy readers see, or the working copy and its history for staff.</summary>
internal static class GetArticle
{
    /// <summary>The published article in the asked language, else the other one.</summary>
    public static async Task<ArticleResponse?> FindPublishedAsync(AppDbContext db, Actor actor, string slug, string? locale, CancellationToken ct)
    {
        var versions = await ArticleViews.Visible(db, actor).Where(a => a.Slug == slug).ToListAsync(ct);
        var article = versions.FirstOrDefault(a => a.Locale == locale) ?? versions.OrderBy(a => a.Locale == "zh-CN" ? 0 : 1).FirstOrDefault();
        return article is null ? null : ArticleViews.Response(article, published: true, versions.Select(v => v.Locale).ToList());
    }

    public static async Task<Results<Ok<ArticleResponse>, NotFound>> PublishedAsync(
        string slug, string? locale, AppDbContext db, ActorAccessor actors, CancellationToken ct) =>
        await FindPublishedAsync(db, actors.Current, slug, locale, ct) is { } article ? TypedResults.Ok(article) : TypedResults.NotFound();

    /// <summary>The titles of an article's related articles the reader may see, in the article's language.</summary>
    public static async Task<List<(string Slug, string Title)>> RelatedAsync(AppDbContext db, Actor actor, ArticleResponse article, CancellationToken ct)
    {
        var slugs = article.Related.ToList();
        return (await ArticleViews.Visible(db, actor).Where(a => slugs.Contains(a.Slug) && a.Locale == article.Locale)
            .Select(a => new { a.Slug, a.PublishedTitle }).ToListAsync(ct)).Select(a => (a.Slug, a.PublishedTitle!)).ToList();
    }

    public static async Task<Results<Ok<ArticleResponse>, NotFound>> ForEditingAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null) return TypedResults.NotFound();
        var translations = await db.Articles.Where(a => a.Slug == article.Slug).Select(a => a.Locale).ToListAsync(ct);
        return TypedResults.Ok(ArticleViews.Response(article, published: false, translations));
    }

    public static async Task<Results<Ok<IReadOnlyList<RevisionResponse>>, NotFound>> RevisionsAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == id, ct)) return TypedResults.NotFound();
        var revisions = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id).OrderByDescending(r => r.Id).Take(200)
            .Select(r => new RevisionResponse(r.Version, r.Status, r.Action, r.Note, r.Title, r.ChangedBy, r.ChangedAt)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<RevisionResponse>>(revisions);
    }
}
