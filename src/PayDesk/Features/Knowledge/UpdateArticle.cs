using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>Saving the working copy makes a new version; the published copy stays live until it is published again.</summary>
internal static class UpdateArticle
{
    public static async Task<Results<Ok<ArticleResponse>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, ArticleRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        CreateArticle.Validate(request, errors);
        if (!errors.Any && (request.Slug != article.Slug || request.Locale != article.Locale)
            && await db.Articles.AnyAsync(a => a.Id != id && a.Slug == request.Slug && a.Locale == request.Locale, ct))
        {
            errors.AddKey("slug", "Kb.SlugTaken");
        }
        // Who may read a live article, and where it lives, take effect at once (they are not part of the reviewed copy): only
        // someone who may publish changes them — an agent's edit could otherwise make an internal article public unreviewed.
        if (!errors.Any && article.PublishedTitle is not null && !actors.Current.IsSupervisor
            && (request.Visibility != article.Visibility || request.Slug != article.Slug || request.Locale != article.Locale))
        {
            errors.AddKey(request.Visibility != article.Visibility ? "visibility" : "slug", "Kb.LiveFieldsNeedPublisher");
        }
        if (errors.Any) return errors.ToProblem();
        var now = clock.GetUtcNow().UtcDateTime;
        article.Slug = request.Slug!;
        article.Locale = request.Locale!;
        // Help articles are read by everyone: a number pasted from a real case is masked like any typed text.
        article.Title = PersonalNumbers.MaskText(request.Title!.Trim())!;
        article.Body = PersonalNumbers.MaskText(request.Body!.Trim())!;
        article.Category = request.Category!;
        article.Tags = string.Join(",", request.Tags ?? []);
        article.Related = string.Join(",", request.Related ?? []);
        article.Visibility = request.Visibility!.Value;
        article.Version++;
        // Changed text needs review again; the published copy stays live meanwhile.
        if (article.Status is ArticleStatus.Published or ArticleStatus.InReview) article.Status = ArticleStatus.Draft;
        article.UpdatedAt = now;
        article.UpdatedBy = actors.Current.Name;
        ArticleViews.Revise(db, article, "edited", request.Note, actors.Current, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ArticleViews.Response(article, published: false, [article.Locale]));
    }
}
