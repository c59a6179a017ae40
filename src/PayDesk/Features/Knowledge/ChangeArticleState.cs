using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

public enum ArticleAction
{
    Submit,
    Publish,
    Reject,
    Archive,
    Restore,
}

/// <summary>The article workflow: authors submit for review; supervisors publish, reject, archive and restore.</summary>
internal static class ChangeArticleState
{
    public sealed record WorkflowRequest(ArticleAction? Action, string? Note);

    private static bool IsSupervisor(Actor actor) => actor.IsSupervisor;

    private static bool Allowed(ArticleAction action, ArticleStatus status) => action switch
    {
        ArticleAction.Submit => status == ArticleStatus.Draft,
        ArticleAction.Publish => status is ArticleStatus.Draft or ArticleStatus.InReview,
        ArticleAction.Reject => status == ArticleStatus.InReview,
        ArticleAction.Archive => status != ArticleStatus.Archived,
        ArticleAction.Restore => status == ArticleStatus.Archived,
    };

    /// <summary>The actions this person may take on an article in this state, in the order the editor shows them.</summary>
    public static IEnumerable<ArticleAction> AvailableTo(Actor actor, ArticleStatus status) =>
        Enum.GetValues<ArticleAction>().Where(a => (a == ArticleAction.Submit || IsSupervisor(actor)) && Allowed(a, status));

    public static async Task<Results<Ok<ArticleResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, WorkflowRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null) return TypedResults.NotFound();
        var actor = actors.Current;
        var errors = new ValidationErrors(l);
        if (request.Action is null) errors.AddKey("action", "Request.InvalidEnum", EnumText.Allowed(typeof(ArticleAction)));
        errors.MaxLength("note", request.Note, 500);
        if (errors.Any) return errors.ToProblem();
        var action = request.Action!.Value;
        if (action != ArticleAction.Submit && !IsSupervisor(actor))
        {
            return TypedResults.Problem(l["Kb.SupervisorsPublish"], statusCode: StatusCodes.Status403Forbidden);
        }
        if (!Allowed(action, article.Status))
        {
            return TypedResults.Problem(l["Kb.ActionNotAllowed", EnumText.Name(action), EnumText.Name(article.Status)], statusCode: StatusCodes.Status409Conflict);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        switch (action)
        {
            case ArticleAction.Submit:
                article.Status = ArticleStatus.InReview;
                break;
            case ArticleAction.Publish:
                article.Status = ArticleStatus.Published;
                article.PublishedTitle = article.Title;
                article.PublishedBody = article.Body;
                article.PublishedHtml = ArticleMarkdown.ToHtml(article.Body);
                article.PublishedVersion = article.Version;
                article.PublishedAt = now;
                break;
            case ArticleAction.Reject:
                article.Status = ArticleStatus.Draft;
                break;
            case ArticleAction.Archive:
                article.Status = ArticleStatus.Archived;
                break;
            case ArticleAction.Restore:
                article.Status = article.PublishedTitle is null ? ArticleStatus.Draft : ArticleStatus.Published;
                break;
        }
        article.UpdatedAt = now;
        article.UpdatedBy = actor.Name;
        ArticleViews.Revise(db, article, EnumText.Name(action), request.Note, actor, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ArticleViews.Response(article, published: false, [article.Locale]));
    }
}
