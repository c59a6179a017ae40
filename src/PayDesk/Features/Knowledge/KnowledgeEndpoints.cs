using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>The knowledge base's routes; each points at its use case.</summary>
internal static class KnowledgeEndpoints
{
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SearchArticles>();
        builder.Services.AddScoped<Complaints.IIntakeDeflection, IntakeDeflection>();
        builder.Services.AddSingleton<Search.ISearchSource, ArticleSearchSource>();
        return builder;
    }

    public static RouteGroupBuilder MapKnowledge(this RouteGroupBuilder api)
    {
        var kb = api.MapGroup("/kb").WithTags("Knowledge");
        kb.MapGet("/search", SearchArticles.HandleAsync).AllowAnonymous().WithName("SearchArticles")
            .WithSummary("Search published articles (Chinese and English); staff also find internal ones.");
        kb.MapGet("/articles", ListArticles.PublishedAsync).AllowAnonymous().WithName("ListArticles").WithSummary("Published articles by category and language, paged.");
        kb.MapGet("/articles/{slug}", GetArticle.PublishedAsync).AllowAnonymous().WithName("GetArticle").WithSummary("One published article by slug, in the language asked for when there is one.");
        kb.MapPost("/articles/{id:guid}/votes", VoteOnArticle.HandleAsync).AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).DisableAntiforgery().WithName("VoteArticle").WithSummary("Was this helpful? One answer per reader.");
        kb.MapPost("/deflections", RecordDeflection.HandleAsync).AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).DisableAntiforgery().WithName("RecordDeflection")
            .WithSummary("Whether a customer shown articles while writing a complaint went ahead or was helped.");

        var manage = api.MapGroup("/kb/manage").WithTags("Knowledge").RequireAuthorization(Policies.Staff);
        manage.MapGet("/articles", ListArticles.AllAsync).WithName("ManageArticles").WithSummary("Every article with its workflow state, paged.");
        manage.MapGet("/articles/{id:guid}", GetArticle.ForEditingAsync).WithName("GetArticleForEditing").WithSummary("An article's working copy.");
        manage.MapPost("/articles", CreateArticle.HandleAsync).WithName("CreateArticle").WithSummary("A new draft.");
        manage.MapPut("/articles/{id:guid}", UpdateArticle.HandleAsync).WithName("UpdateArticle").WithSummary("Save the working copy (a new version; the published copy stays live).");
        manage.MapPost("/articles/{id:guid}/workflow", ChangeArticleState.HandleAsync).WithName("ArticleWorkflow")
            .WithSummary("submit (for review), publish / reject / archive / restore (supervisors).");
        manage.MapGet("/articles/{id:guid}/revisions", GetArticle.RevisionsAsync).WithName("ArticleRevisions").WithSummary("Who changed what, newest first.");
        manage.MapGet("/macros", RenderMacro.ListAsync).WithName("ListMacros").WithSummary("Canned responses in a language.");

        return api;
    }

    /// <summary>Articles and macros for a complaint, on the complaints' <c>/tickets</c> group.</summary>
    public static RouteGroupBuilder MapTicketKnowledge(this RouteGroupBuilder tickets)
    {
        tickets.MapGet("/{id}/suggested-articles", SuggestArticles.HandleAsync).WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("SuggestedArticles")
            .WithSummary("Articles matching a complaint's subject and description.");
        tickets.MapGet("/{id}/macros/{key}", RenderMacro.HandleAsync).WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("RenderMacro")
            .WithSummary("A macro with this complaint's facts filled in, ready to edit and send.");
        return tickets;
    }
}
