using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>
/// The supervisor's edit of a case. A draft is saved as written (the page and <see cref="PublishCase"/> show
/// what still looks personal); a published case is live, so an edit of it passes the publishing check first.
/// </summary>
internal sealed class UpdateCaseDraft(AppDbContext db, CaseChecks checks, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public sealed record CaseRequest(string? Title, string? Problem, string? Cause, string? Actions, string? CustomerWords, string? Lessons,
        TicketCategory? Category, RootCause? RootCause, TicketChannel? Channel, IReadOnlyList<string>? Tags, IReadOnlyList<string>? Articles);

    public static async Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, CaseRequest request, UpdateCaseDraft update, CancellationToken ct) => await update.UpdateAsync(id, request, ct);

    public async Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, CaseRequest request, CancellationToken ct)
    {
        var actor = actors.Current;
        if (!CaseViews.IsEditor(actor)) return TypedResults.Problem(l["Cases.SupervisorsOnly"], statusCode: StatusCodes.Status403Forbidden);
        var item = await db.Set<ServiceCase>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (item is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        errors.RequiredText("title", request.Title, ServiceCaseConfiguration.TitleMax);
        errors.RequiredText("problem", request.Problem, ServiceCaseConfiguration.TextMax);
        foreach (var (field, text) in new[] { ("cause", request.Cause), ("actions", request.Actions), ("customerWords", request.CustomerWords), ("lessons", request.Lessons) })
        {
            errors.MaxLength(field, text, ServiceCaseConfiguration.TextMax);
        }
        var tags = ServiceCase.Join(request.Tags);
        if (tags.Length > 500) errors.AddKey("tags", "Validation.MaxLength", 500);
        var articles = ServiceCase.Join(request.Articles);
        var slugs = articles.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (slugs.Length > 10) errors.AddKey("articles", "Cases.TooManyArticles", 10);
        else if (slugs.Length > 0)
        {
            var known = await db.Articles.AsNoTracking().Where(a => slugs.Contains(a.Slug)).Select(a => a.Slug).Distinct().ToListAsync(ct);
            var unknown = slugs.Except(known).ToList();
            if (unknown.Count > 0) errors.AddKey("articles", "Cases.UnknownArticles", string.Join(", ", unknown));
        }
        if (errors.Any) return errors.ToProblem();

        var before = item.Texts().ToDictionary(t => t.Field, t => t.Text);
        item.Title = request.Title!.Trim();
        item.Problem = request.Problem!.Trim();
        item.Cause = request.Cause?.Trim() ?? "";
        item.Actions = request.Actions?.Trim() ?? "";
        item.CustomerWords = request.CustomerWords?.Trim() ?? "";
        item.Lessons = request.Lessons?.Trim() ?? "";
        item.Category = request.Category ?? item.Category;
        item.RootCause = request.RootCause ?? item.RootCause;
        item.Channel = request.Channel ?? item.Channel;
        item.Tags = tags;
        item.Articles = articles;

        if (item.Status == CaseStatus.Published && await checks.RefusalAsync(item, ct) is { } refused) return refused;

        var now = clock.GetUtcNow().UtcDateTime;
        item.UpdatedAt = now;
        item.UpdatedBy = actor.Name;
        var changed = new JsonArray(item.Texts().Where(t => before[t.Field] != t.Text).Select(t => (JsonNode)t.Field).ToArray());
        db.AuditEntries.Add(AuditEntry.Of(actor, CaseAudit.Entity, item.Id, CaseAudit.Updated, new JsonObject { ["fields"] = changed }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CaseViews.Response(item, actor));
    }
}
