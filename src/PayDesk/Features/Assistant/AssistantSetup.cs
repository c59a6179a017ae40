using PayDesk.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Assistant;

/// <summary>The assistant's services: the intent model, the chat brain, agent assist, social replies and the optional generative phrasing.</summary>
internal static class AssistantSetup
{
    public static IHostApplicationBuilder AddAssistant(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<AssistantOptions>().Bind(config.GetSection("Assistant"))
            .Validate(o => o.LowConfidence is > 0 and < 1, "Assistant:LowConfidence must be between 0 and 1.").ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().Bind(config.GetSection("Assistant:Embeddings"))
            .Validate(o => string.IsNullOrWhiteSpace(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Assistant:Embeddings:Endpoint must be an absolute URL.")
            .Validate(o => o.TimeoutMilliseconds is >= 50 and <= 60_000, "Assistant:Embeddings:TimeoutMilliseconds must be between 50 and 60000.")
            .Validate(o => o.RetryAfterSeconds is >= 1 and <= 3600, "Assistant:Embeddings:RetryAfterSeconds must be between 1 and 3600.")
            .Validate(o => o.OfflineConcurrency is >= 1 and <= 256, "Assistant:Embeddings:OfflineConcurrency must be between 1 and 256.")
            .Validate(o => o.ArticleMinSimilarity is > 0 and < 1, "Assistant:Embeddings:ArticleMinSimilarity must be between 0 and 1.")
            .Validate(o => o.QuestionMinSimilarity is > 0 and < 1, "Assistant:Embeddings:QuestionMinSimilarity must be between 0 and 1.").ValidateOnStart();
        services.AddSingleton<EmbeddingEndpoint>();
        services.AddSingleton<ArticleVectorCache>();
        services.AddScoped<ArticleRetrieval>();
        services.AddSingleton<AssistantModel>();
        services.AddHostedService<AssistantVersionWatcher>();
        services.AddSingleton<Complaints.IQuestionMatcher, PairQuestionMatcher>();
        services.AddSingleton<Complaints.IComplaintCategoriser, IntentCategoriser>();
        services.AddScoped<AssistantBrain>();
        services.AddScoped<AgentAssistSuggestion>();
        services.AddScoped<SocialAssistant>();
        services.AddOptions<LlmOptions>().Bind(config.GetSection("Assistant:Llm"))
            .Validate(o => string.IsNullOrWhiteSpace(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Assistant:Llm:Endpoint must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<GroundedPhrasing>();
        services.AddScoped<IReplyDraftSource, ReplyDrafts>();
        services.AddPagePanel<Pages.AgentAssist, ComplaintPanelContext>(ComplaintPanelPlace.StaffAfterCustomer, 10, c => new Dictionary<string, object?>
        {
            ["TicketId"] = c.TicketId, ["TicketNumber"] = c.Number, ["Locale"] = c.Locale,
        });
        return builder;
    }

    /// <summary>The assistant's reading of a complaint, on the complaints' <c>/tickets</c> group.</summary>
    public static RouteGroupBuilder MapTicketAssist(this RouteGroupBuilder tickets)
    {
        tickets.MapGet("/{id}/assist", async Task<Results<Ok<AssistSuggestion>, NotFound>> (
                string id, AppDbContext db, ActorAccessor actors, AgentAssistSuggestion assist, CancellationToken ct) =>
            {
                var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
                return ticket is null ? TypedResults.NotFound() : TypedResults.Ok(await assist.ForAsync(ticket, actors.Current.Name, ct));
            })
            .WithTags("Knowledge").RequireAuthorization(Policies.Staff).WithName("AgentAssist")
            .WithSummary("The assistant's reading of a complaint: intent, suggested category and priority, and a reply draft to edit.");
        return tickets;
    }
}
