using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

public sealed record ArticleSummary(Guid Id, string Slug, string Locale, string Title, string Category, ArticleVisibility Visibility, ArticleStatus Status,
    int Version, int? PublishedVersion, DateTime UpdatedAt, string UpdatedBy, int HelpfulYes, int HelpfulNo);

public sealed record ArticleResponse(Guid Id, string Slug, string Locale, string Title, string Body, string? Html, string Category, IReadOnlyList<string> Tags,
    IReadOnlyList<string> Related, ArticleVisibility Visibility, ArticleStatus Status, int Version, int? PublishedVersion, DateTime? PublishedAt,
    DateTime UpdatedAt, string UpdatedBy, int HelpfulYes, int HelpfulNo, IReadOnlyList<string> Translations);

public sealed record RevisionResponse(int Version, ArticleStatus Status, string Action, string? Note, string Title, string ChangedBy, DateTime ChangedAt);

/// <summary>What every article use case shares: the categories, the limits, who sees which article, and the shapes handed out.</summary>
internal static class ArticleViews
{
    public const int TitleMax = 200;
    public const int BodyMax = 50_000;
    public static readonly string[] Categories = ["refunds", "payments", "account", "security", "cards", "merchants", "fees-limits", "disputes", "verification", "service"];

    public static IQueryable<Article> Visible(AppDbContext db, Actor actor) =>
        db.Articles.AsNoTracking().Where(a => a.PublishedTitle != null && a.Status != ArticleStatus.Archived
            && (a.Visibility == ArticleVisibility.Public || actor.IsStaff));

    /// <summary>The live public articles: what anyone may read, the help centre's visitors and the assistant's customers.</summary>
    public static IQueryable<Article> PublicLive(AppDbContext db) => Visible(db, Actor.System);

    public static ArticleSummary Summary(Article a, bool published) => new(a.Id, a.Slug, a.Locale, published ? a.PublishedTitle ?? a.Title : a.Title, a.Category,
        a.Visibility, a.Status, a.Version, a.PublishedVersion, a.UpdatedAt, a.UpdatedBy, a.HelpfulYes, a.HelpfulNo);

    public static ArticleResponse Response(Article a, bool published, IReadOnlyList<string> translations) => new(
        a.Id, a.Slug, a.Locale, published ? a.PublishedTitle! : a.Title, published ? a.PublishedBody! : a.Body, published ? a.PublishedHtml : ArticleMarkdown.ToHtml(a.Body),
        a.Category, a.TagList.ToList(), a.RelatedSlugs.ToList(), a.Visibility, a.Status, a.Version, a.PublishedVersion, a.PublishedAt, a.UpdatedAt, a.UpdatedBy,
        a.HelpfulYes, a.HelpfulNo, translations);

    /// <summary>Every revision is kept: who changed what, with the text as it was.</summary>
    public static void Revise(AppDbContext db, Article a, string action, string? note, Actor actor, DateTime now) =>
        db.ArticleRevisions.Add(new ArticleRevision
        {
            ArticleId = a.Id, Version = a.Version, Status = a.Status, Title = a.Title, Body = a.Body, Action = action, Note = note?.Trim(), ChangedBy = actor.Name, ChangedAt = now,
        });
}
