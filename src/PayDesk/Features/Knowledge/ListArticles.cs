using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>Article lists: the published ones readers see, and every article with its workflow state for staff.</summary>
internal static class ListArticles
{
    public static async Task<Results<Ok<Paged<ArticleSummary>>, ValidationProblem>> PublishedAsync(
        string? locale, string? category, int? page, int? pageSize, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        // Anything but a language articles are written in (an outside probe sent "../../") is a 400, as search answers.
        errors.Locale("locale", locale);
        if (errors.Any) return errors.ToProblem();
        var query = ArticleViews.Visible(db, actors.Current);
        if (locale is not null) query = query.Where(a => a.Locale == locale);
        if (category is not null) query = query.Where(a => a.Category == category);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.Category).ThenBy(a => a.PublishedTitle).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ArticleSummary>(items.Select(a => ArticleViews.Summary(a, published: true)).ToList(), paging.Page, paging.PageSize, total));
    }

    /// <summary>The help centre's front page: every public article in a language, by title.</summary>
    public static Task<List<ArticleSummary>> PublicInAsync(AppDbContext db, Actor actor, string locale, CancellationToken ct) =>
        ArticleViews.Visible(db, actor).Where(a => a.Locale == locale && a.Visibility == ArticleVisibility.Public)
            .OrderBy(a => a.PublishedTitle)
            .Select(a => new ArticleSummary(a.Id, a.Slug, a.Locale, a.PublishedTitle!, a.Category, a.Visibility, a.Status, a.Version, a.PublishedVersion,
                a.UpdatedAt, a.UpdatedBy, a.HelpfulYes, a.HelpfulNo))
            .ToListAsync(ct);

    public static async Task<Results<Ok<Paged<ArticleSummary>>, ValidationProblem>> AllAsync(
        string? status, string? locale, string? q, int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var filter = EnumText.Parse<ArticleStatus>(status, "status", errors);
        errors.MaxLength("q", q, 200);
        errors.Locale("locale", locale);
        if (errors.Any) return errors.ToProblem();
        var query = db.Articles.AsNoTracking();
        if (filter is { } s) query = query.Where(a => a.Status == s);
        if (locale is not null) query = query.Where(a => a.Locale == locale);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(a => a.Title.Contains(q) || a.Slug.Contains(q));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.UpdatedAt).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ArticleSummary>(items.Select(a => ArticleViews.Summary(a, published: false)).ToList(), paging.Page, paging.PageSize, total));
    }

    public sealed record DeflectionCounts(int Solved, int WentAhead);

    /// <summary>Of the customers shown articles while writing a complaint since a moment, how many did not need to file it.</summary>
    public static async Task<DeflectionCounts> DeflectionsSinceAsync(AppDbContext db, DateTime since, CancellationToken ct)
    {
        var outcomes = await db.Deflections.Where(d => d.At >= since).GroupBy(d => d.Outcome).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new DeflectionCounts(outcomes.FirstOrDefault(o => o.Key == DeflectionOutcome.Solved)?.Count ?? 0,
            outcomes.FirstOrDefault(o => o.Key == DeflectionOutcome.WentAhead)?.Count ?? 0);
    }
}
