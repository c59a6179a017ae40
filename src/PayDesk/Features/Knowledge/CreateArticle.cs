using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

public sealed record ArticleRequest(string? Slug, string? Locale, string? Title, string? Body, string? Category, IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? Related, ArticleVisibility? Visibility, string? Note);

/// <summary>A new article starts as a draft; nobody but staff sees it until a supervisor publishes it.</summary>
internal static class CreateArticle
{
    /// <summary>The checks a new article and an edit share.</summary>
    public static void Validate(ArticleRequest r, ValidationErrors errors)
    {
        if (errors.Required("slug", r.Slug) && !System.Text.RegularExpressions.Regex.IsMatch(r.Slug!, "^[a-z0-9]+(-[a-z0-9]+)*$")) errors.AddKey("slug", "Kb.SlugFormat");
        errors.MaxLength("slug", r.Slug, 100);
        errors.Locale("locale", r.Locale, required: true);
        errors.RequiredText("title", r.Title, ArticleViews.TitleMax);
        errors.RequiredText("body", r.Body, ArticleViews.BodyMax);
        if (r.Category is null || !ArticleViews.Categories.Contains(r.Category)) errors.AddKey("category", "Request.InvalidEnum", string.Join(", ", ArticleViews.Categories));
        // Stored joined by commas in columns of 500 and 1,000 characters: twenty 30-character tags (619) passed these checks
        // and PostgreSQL refused the save (HTTP 500), so the joined length is checked too.
        if (r.Tags is { } tags && (tags.Count > 20 || tags.Any(t => t is null || t.Length is 0 or > 30 || t.Contains(',')) || string.Join(",", tags).Length > 500))
        {
            errors.AddKey("tags", "Kb.Tags");
        }
        if (r.Related is { } related && (related.Count > 10 || related.Any(s => s is null || s.Length is 0 or > 100 || s.Contains(',')) || string.Join(",", related).Length > 1000))
        {
            errors.AddKey("related", "Kb.RelatedInvalid");
        }
        if (r.Visibility is null) errors.AddKey("visibility", "Request.InvalidEnum", EnumText.Allowed(typeof(ArticleVisibility)));
        errors.MaxLength("note", r.Note, 500);
    }

    public static async Task<Results<Created<ArticleResponse>, ValidationProblem>> HandleAsync(
        ArticleRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        Validate(request, errors);
        if (!errors.Any && await db.Articles.AnyAsync(a => a.Slug == request.Slug && a.Locale == request.Locale, ct)) errors.AddKey("slug", "Kb.SlugTaken");
        if (errors.Any) return errors.ToProblem();
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = actors.Current;
        var article = new Article
        {
            Slug = request.Slug!, Locale = request.Locale!, Title = PersonalNumbers.MaskText(request.Title!.Trim())!, Body = PersonalNumbers.MaskText(request.Body!.Trim())!, Category = request.Category!,
            Tags = string.Join(",", request.Tags ?? []), Related = string.Join(",", request.Related ?? []), Visibility = request.Visibility!.Value,
            Status = ArticleStatus.Draft, CreatedAt = now, UpdatedAt = now, UpdatedBy = actor.Name,
        };
        db.Articles.Add(article);
        ArticleViews.Revise(db, article, "created", request.Note, actor, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/kb/manage/articles/{article.Id}", ArticleViews.Response(article, published: false, [article.Locale]));
    }
}
