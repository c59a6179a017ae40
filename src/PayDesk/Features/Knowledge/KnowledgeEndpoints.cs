using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

public sealed record ArticleSummary(Guid Id, string Slug, string Locale, string Title, string Category, ArticleVisibility Visibility, ArticleStatus Status,
    int Version, int? PublishedVersion, DateTime UpdatedAt, string UpdatedBy, int HelpfulYes, int HelpfulNo);

public sealed record ArticleResponse(Guid Id, string Slug, string Locale, string Title, string Body, string? Html, string Category, IReadOnlyList<string> Tags,
    IReadOnlyList<string> Related, ArticleVisibility Visibility, ArticleStatus Status, int Version, int? PublishedVersion, DateTime? PublishedAt,
    DateTime UpdatedAt, string UpdatedBy, int HelpfulYes, int HelpfulNo, IReadOnlyList<string> Translations);

public sealed record RevisionResponse(int Version, ArticleStatus Status, string Action, string? Note, string Title, string ChangedBy, DateTime ChangedAt);

public enum ArticleAction
{
    Submit,
    Publish,
    Reject,
    Archive,
    Restore,
}

internal static class KnowledgeEndpoints
{
    public const int TitleMax = 200;
    public const int BodyMax = 50_000;
    public static readonly string[] Categories = ["refunds", "payments", "account", "security", "cards", "merchants", "fees-limits", "disputes", "verification", "service"];

    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SearchArticles>();
        builder.Services.AddSingleton<Search.ISearchSource, ArticleSearchSource>();
        return builder;
    }

    public static RouteGroupBuilder MapKnowledge(this RouteGroupBuilder api)
    {
        var kb = api.MapGroup("/kb").WithTags("Knowledge");
        kb.MapGet("/search", SearchAsync).AllowAnonymous().WithName("SearchArticles")
            .WithSummary("Search published articles (Chinese and English); staff also find internal ones.");
        kb.MapGet("/articles", ListPublishedAsync).AllowAnonymous().WithName("ListArticles").WithSummary("Published articles by category and language, paged.");
        kb.MapGet("/articles/{slug}", GetPublishedAsync).AllowAnonymous().WithName("GetArticle").WithSummary("One published article by slug, in the language asked for when there is one.");
        kb.MapPost("/articles/{id:guid}/votes", VoteAsync).AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).DisableAntiforgery().WithName("VoteArticle").WithSummary("Was this helpful? One answer per reader.");
        kb.MapPost("/deflections", RecordDeflection.HandleAsync).AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).DisableAntiforgery().WithName("RecordDeflection")
            .WithSummary("Whether a customer shown articles while writing a complaint went ahead or was helped.");

        var manage = api.MapGroup("/kb/manage").WithTags("Knowledge").RequireAuthorization(Policies.Staff);
        manage.MapGet("/articles", ListAllAsync).WithName("ManageArticles").WithSummary("Every article with its workflow state, paged.");
        manage.MapGet("/articles/{id:guid}", GetAsync).WithName("GetArticleForEditing").WithSummary("An article's working copy.");
        manage.MapPost("/articles", CreateAsync).WithName("CreateArticle").WithSummary("A new draft.");
        manage.MapPut("/articles/{id:guid}", UpdateAsync).WithName("UpdateArticle").WithSummary("Save the working copy (a new version; the published copy stays live).");
        manage.MapPost("/articles/{id:guid}/workflow", ActAsync).WithName("ArticleWorkflow")
            .WithSummary("submit (for review), publish / reject / archive / restore (supervisors).");
        manage.MapGet("/articles/{id:guid}/revisions", RevisionsAsync).WithName("ArticleRevisions").WithSummary("Who changed what, newest first.");
        manage.MapGet("/macros", MacrosAsync).WithName("ListMacros").WithSummary("Canned responses in a language.");

        api.MapGet("/search/tickets", SearchTicketsAsync).WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("SearchTickets")
            .WithSummary("Full-text search over complaints: subject, description and messages.");
        api.MapGet("/tickets/{id}/suggested-articles", SuggestAsync).WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("SuggestedArticles")
            .WithSummary("Articles matching a complaint's subject and description.");
        api.MapGet("/tickets/{id}/assist", async Task<Results<Ok<Assistant.AssistSuggestion>, NotFound>> (
                string id, AppDbContext db, ActorAccessor actors, Assistant.AgentAssistSuggestion assist, CancellationToken ct) =>
            {
                var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
                return ticket is null ? TypedResults.NotFound() : TypedResults.Ok(await assist.ForAsync(ticket, actors.Current.Name, ct));
            })
            .WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("AgentAssist")
            .WithSummary("The assistant's reading of a complaint: intent, suggested category and priority, and a reply draft to edit.");
        api.MapGet("/tickets/{id}/macros/{key}", RenderMacroAsync).WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("RenderMacro")
            .WithSummary("A macro with this complaint's facts filled in, ready to edit and send.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ArticleHit>>, ValidationProblem>> SearchAsync(
        string? q, string? locale, string? category, int? limit, SearchArticles search, ActorAccessor actors, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("q", q);
        errors.MaxLength("q", q, 200);
        if (locale is not null and not ("zh-CN" or "en")) errors.AddKey("locale", "Request.InvalidEnum", "zh-CN, en");
        if (category is not null && !Categories.Contains(category)) errors.AddKey("category", "Request.InvalidEnum", string.Join(", ", Categories));
        if (limit is < 1 or > 50) errors.AddKey("limit", "Validation.PageSize", 50);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await search.ArticlesAsync(q, actors.Current.IsStaff, locale, category, limit ?? 10, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<TicketHit>>, ValidationProblem>> SearchTicketsAsync(
        string? q, int? limit, SearchComplaints search, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("q", q);
        errors.MaxLength("q", q, 200);
        if (limit is < 1 or > 100) errors.AddKey("limit", "Validation.PageSize", 100);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await search.TicketsAsync(q, limit ?? 25, ct));
    }

    public static IQueryable<Article> Visible(AppDbContext db, Actor actor) =>
        db.Articles.AsNoTracking().Where(a => a.PublishedTitle != null && a.Status != ArticleStatus.Archived
            && (a.Visibility == ArticleVisibility.Public || actor.IsStaff));

    public static async Task<Results<Ok<Paged<ArticleSummary>>, ValidationProblem>> ListPublishedAsync(
        string? locale, string? category, int? page, int? pageSize, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var query = Visible(db, actors.Current);
        if (locale is not null) query = query.Where(a => a.Locale == locale);
        if (category is not null) query = query.Where(a => a.Category == category);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.Category).ThenBy(a => a.PublishedTitle).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ArticleSummary>(items.Select(a => Summary(a, published: true)).ToList(), paging.Page, paging.PageSize, total));
    }

    private static ArticleSummary Summary(Article a, bool published) => new(a.Id, a.Slug, a.Locale, published ? a.PublishedTitle ?? a.Title : a.Title, a.Category,
        a.Visibility, a.Status, a.Version, a.PublishedVersion, a.UpdatedAt, a.UpdatedBy, a.HelpfulYes, a.HelpfulNo);

    /// <summary>The published article in the asked language, else the other one.</summary>
    public static async Task<ArticleResponse?> FindPublishedAsync(AppDbContext db, Actor actor, string slug, string? locale, CancellationToken ct)
    {
        var versions = await Visible(db, actor).Where(a => a.Slug == slug).ToListAsync(ct);
        var article = versions.FirstOrDefault(a => a.Locale == locale) ?? versions.OrderBy(a => a.Locale == "zh-CN" ? 0 : 1).FirstOrDefault();
        return article is null ? null : Response(article, published: true, versions.Select(v => v.Locale).ToList());
    }

    private static ArticleResponse Response(Article a, bool published, IReadOnlyList<string> translations) => new(
        a.Id, a.Slug, a.Locale, published ? a.PublishedTitle! : a.Title, published ? a.PublishedBody! : a.Body, published ? a.PublishedHtml : ArticleMarkdown.ToHtml(a.Body),
        a.Category, a.TagList.ToList(), a.RelatedSlugs.ToList(), a.Visibility, a.Status, a.Version, a.PublishedVersion, a.PublishedAt, a.UpdatedAt, a.UpdatedBy,
        a.HelpfulYes, a.HelpfulNo, translations);

    private static async Task<Results<Ok<ArticleResponse>, NotFound>> GetPublishedAsync(
        string slug, string? locale, AppDbContext db, ActorAccessor actors, CancellationToken ct) =>
        await FindPublishedAsync(db, actors.Current, slug, locale, ct) is { } article ? TypedResults.Ok(article) : TypedResults.NotFound();

    public sealed record VoteRequest(bool? Helpful);

    public const string VoterCookie = "pd_voter";

    public static async Task<Results<Ok<ArticleSummary>, NotFound, ValidationProblem>> VoteAsync(
        Guid id, VoteRequest request, HttpContext http, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Helpful is null) errors.AddKey("helpful", "Validation.Required");
        if (errors.Any) return errors.ToProblem();
        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id && a.PublishedTitle != null, ct);
        if (article is null) return TypedResults.NotFound();

        // A reader is their account when signed in, else a random id in a cookie: one answer each, changeable.
        var voter = actors.Current.UserId?.ToString() ?? http.Request.Cookies[VoterCookie];
        if (voter is null || voter.Length > 100)
        {
            voter = "anon-" + Guid.NewGuid().ToString("N");
            http.Response.Cookies.Append(VoterCookie, voter, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
        }
        var vote = await db.ArticleVotes.FirstOrDefaultAsync(v => v.ArticleId == id && v.Voter == voter, ct);
        if (vote is null)
        {
            db.ArticleVotes.Add(new ArticleVote { ArticleId = id, Voter = voter, Helpful = request.Helpful!.Value, At = clock.GetUtcNow().UtcDateTime });
            if (request.Helpful!.Value) article.HelpfulYes++; else article.HelpfulNo++;
        }
        else if (vote.Helpful != request.Helpful)
        {
            vote.Helpful = request.Helpful!.Value;
            vote.At = clock.GetUtcNow().UtcDateTime;
            if (vote.Helpful) { article.HelpfulYes++; article.HelpfulNo--; } else { article.HelpfulNo++; article.HelpfulYes--; }
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Summary(article, published: true));
    }

    public static async Task<Results<Ok<Paged<ArticleSummary>>, ValidationProblem>> ListAllAsync(
        string? status, string? locale, string? q, int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var filter = EnumText.Parse<ArticleStatus>(status, "status", errors);
        errors.MaxLength("q", q, 200);
        if (errors.Any) return errors.ToProblem();
        var query = db.Articles.AsNoTracking();
        if (filter is { } s) query = query.Where(a => a.Status == s);
        if (locale is not null) query = query.Where(a => a.Locale == locale);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(a => a.Title.Contains(q) || a.Slug.Contains(q));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.UpdatedAt).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ArticleSummary>(items.Select(a => Summary(a, published: false)).ToList(), paging.Page, paging.PageSize, total));
    }

    public static async Task<Results<Ok<ArticleResponse>, NotFound>> GetAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null) return TypedResults.NotFound();
        var translations = await db.Articles.Where(a => a.Slug == article.Slug).Select(a => a.Locale).ToListAsync(ct);
        return TypedResults.Ok(Response(article, published: false, translations));
    }

    public sealed record ArticleRequest(string? Slug, string? Locale, string? Title, string? Body, string? Category, IReadOnlyList<string>? Tags,
        IReadOnlyList<string>? Related, ArticleVisibility? Visibility, string? Note);

    private static void Validate(ArticleRequest r, ValidationErrors errors)
    {
        if (errors.Required("slug", r.Slug) && !System.Text.RegularExpressions.Regex.IsMatch(r.Slug!, "^[a-z0-9]+(-[a-z0-9]+)*$")) errors.AddKey("slug", "Kb.SlugFormat");
        errors.MaxLength("slug", r.Slug, 100);
        if (r.Locale is not ("zh-CN" or "en")) errors.AddKey("locale", "Request.InvalidEnum", "zh-CN, en");
        errors.RequiredText("title", r.Title, TitleMax);
        errors.RequiredText("body", r.Body, BodyMax);
        if (r.Category is null || !Categories.Contains(r.Category)) errors.AddKey("category", "Request.InvalidEnum", string.Join(", ", Categories));
        if (r.Tags is { } tags && (tags.Count > 20 || tags.Any(t => t is null || t.Length is 0 or > 30 || t.Contains(',')))) errors.AddKey("tags", "Kb.Tags");
        if (r.Related is { } related && (related.Count > 10 || related.Any(s => s is null || s.Length > 100))) errors.AddKey("related", "Kb.Related");
        if (r.Visibility is null) errors.AddKey("visibility", "Request.InvalidEnum", EnumText.Allowed(typeof(ArticleVisibility)));
        errors.MaxLength("note", r.Note, 500);
    }

    public static async Task<Results<Created<ArticleResponse>, ValidationProblem>> CreateAsync(
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
            Slug = request.Slug!, Locale = request.Locale!, Title = request.Title!.Trim(), Body = request.Body!.Trim(), Category = request.Category!,
            Tags = string.Join(",", request.Tags ?? []), Related = string.Join(",", request.Related ?? []), Visibility = request.Visibility!.Value,
            Status = ArticleStatus.Draft, CreatedAt = now, UpdatedAt = now, UpdatedBy = actor.Name,
        };
        db.Articles.Add(article);
        Revise(db, article, "created", request.Note, actor, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/kb/manage/articles/{article.Id}", Response(article, published: false, [article.Locale]));
    }

    private static void Revise(AppDbContext db, Article a, string action, string? note, Actor actor, DateTime now) =>
        db.ArticleRevisions.Add(new ArticleRevision
        {
            ArticleId = a.Id, Version = a.Version, Status = a.Status, Title = a.Title, Body = a.Body, Action = action, Note = note?.Trim(), ChangedBy = actor.Name, ChangedAt = now,
        });

    public static async Task<Results<Ok<ArticleResponse>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, ArticleRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        Validate(request, errors);
        if (!errors.Any && (request.Slug != article.Slug || request.Locale != article.Locale)
            && await db.Articles.AnyAsync(a => a.Id != id && a.Slug == request.Slug && a.Locale == request.Locale, ct))
        {
            errors.AddKey("slug", "Kb.SlugTaken");
        }
        if (errors.Any) return errors.ToProblem();
        var now = clock.GetUtcNow().UtcDateTime;
        article.Slug = request.Slug!;
        article.Locale = request.Locale!;
        article.Title = request.Title!.Trim();
        article.Body = request.Body!.Trim();
        article.Category = request.Category!;
        article.Tags = string.Join(",", request.Tags ?? []);
        article.Related = string.Join(",", request.Related ?? []);
        article.Visibility = request.Visibility!.Value;
        article.Version++;
        // Changed text needs review again; the published copy stays live meanwhile.
        if (article.Status is ArticleStatus.Published or ArticleStatus.InReview) article.Status = ArticleStatus.Draft;
        article.UpdatedAt = now;
        article.UpdatedBy = actors.Current.Name;
        Revise(db, article, "edited", request.Note, actors.Current, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Response(article, published: false, [article.Locale]));
    }

    public sealed record WorkflowRequest(ArticleAction? Action, string? Note);

    public static async Task<Results<Ok<ArticleResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ActAsync(
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
        var supervisor = actor.Roles.Contains(Roles.Supervisor) || actor.Roles.Contains(Roles.Admin);
        if (action != ArticleAction.Submit && !supervisor)
        {
            return TypedResults.Problem(l["Kb.SupervisorsPublish"], statusCode: StatusCodes.Status403Forbidden);
        }
        var allowed = action switch
        {
            ArticleAction.Submit => article.Status == ArticleStatus.Draft,
            ArticleAction.Publish => article.Status is ArticleStatus.Draft or ArticleStatus.InReview,
            ArticleAction.Reject => article.Status == ArticleStatus.InReview,
            ArticleAction.Archive => article.Status != ArticleStatus.Archived,
            ArticleAction.Restore => article.Status == ArticleStatus.Archived,
        };
        if (!allowed)
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
        Revise(db, article, EnumText.Name(action), request.Note, actor, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Response(article, published: false, [article.Locale]));
    }

    public static async Task<Results<Ok<IReadOnlyList<RevisionResponse>>, NotFound>> RevisionsAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == id, ct)) return TypedResults.NotFound();
        var revisions = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id).OrderByDescending(r => r.Id).Take(200)
            .Select(r => new RevisionResponse(r.Version, r.Status, r.Action, r.Note, r.Title, r.ChangedBy, r.ChangedAt)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<RevisionResponse>>(revisions);
    }

    public sealed record MacroResponse(string Key, string Locale, string Title, string Body);

    public static async Task<Ok<List<MacroResponse>>> MacrosAsync(string? locale, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Macros.AsNoTracking().Where(m => locale == null || m.Locale == locale).OrderBy(m => m.Key)
            .Select(m => new MacroResponse(m.Key, m.Locale, m.Title, m.Body)).ToListAsync(ct));

    private static async Task<Results<Ok<IReadOnlyList<ArticleHit>>, NotFound>> SuggestAsync(
        string id, AppDbContext db, ActorAccessor actors, SearchArticles search, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await SuggestForAsync(search, ticket, ct));
    }

    /// <summary>The subject says what the complaint is about; the description only fills up the list (long texts drift).</summary>
    public static async Task<IReadOnlyList<ArticleHit>> SuggestForAsync(SearchArticles search, Ticket ticket, CancellationToken ct)
    {
        var locale = ticket.Customer?.Locale ?? "zh-CN";
        var hits = (await search.ArticlesAsync(ticket.Subject, includeInternal: true, locale, null, 5, ct)).ToList();
        if (hits.Count < 5)
        {
            var more = await search.ArticlesAsync($"{ticket.Subject} {ticket.Description}"[..Math.Min(200, ticket.Subject.Length + ticket.Description.Length + 1)],
                includeInternal: true, locale, null, 5, ct);
            hits.AddRange(more.Where(m => hits.All(h => h.Id != m.Id)).Take(5 - hits.Count));
        }
        return hits;
    }

    public sealed record RenderedMacro(string Key, string Title, string Text);

    private static async Task<Results<Ok<RenderedMacro>, NotFound>> RenderMacroAsync(
        string id, string key, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var locale = ticket.Customer?.Locale ?? "zh-CN";
        var macro = await db.Macros.AsNoTracking().Where(m => m.Key == key).OrderBy(m => m.Locale == locale ? 0 : 1).FirstOrDefaultAsync(ct);
        return macro is null ? TypedResults.NotFound() : TypedResults.Ok(new RenderedMacro(macro.Key, macro.Title, MacroText.Render(macro.Body, ticket, actor.Name)));
    }
}

/// <summary>Fills a macro's placeholders from the complaint; a fact the complaint lacks is left as "—" for the agent to see and fill.</summary>
internal static class MacroText
{
    public static string Render(string body, Ticket ticket, string agentName)
    {
        var values = new Dictionary<string, string?>
        {
            ["customer.name"] = ticket.Customer?.Name,
            ["ticket.number"] = ticket.Number,
            ["ticket.amount"] = ticket.Amount is { } amount ? $"{amount:0.00}{(ticket.Currency is { } c && c != "CNY" ? " " + c : "")}" : null,
            ["ticket.transaction_id"] = ticket.TransactionId,
            ["agent.name"] = agentName,
        };
        foreach (var (key, value) in values) body = body.Replace("{{" + key + "}}", string.IsNullOrEmpty(value) ? "—" : value, StringComparison.Ordinal);
        return body;
    }
}
