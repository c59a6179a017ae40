using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <summary>The automatic review (自动评分), the phrase lists and the scorecards: services, the background job and routes.</summary>
internal static class AutomaticReviewEndpoints
{
    public static WebApplicationBuilder AddQualityAutomatic(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AutomaticReviewOptions>().Bind(builder.Configuration.GetSection(AutomaticReviewOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<AutomaticReviewRulesFactory>();
        builder.Services.AddSingleton<AutomaticReviewJob>();
        builder.Services.AddHostedService<AutomaticReviewService>();
        builder.Services.AddScoped<IQualityScoreSource, AutomaticScoreSource>();
        builder.Services.AddScoped<IAutomaticReviewResults, AutomaticReviewResults>();
        builder.Services.AddScoped<ScorecardQuery>();
        return builder;
    }

    public static RouteGroupBuilder MapQualityAutomatic(this RouteGroupBuilder api)
    {
        var quality = api.MapGroup("/quality").WithTags("Quality");
        quality.MapGet("/scorecards", ScorecardRequests.WeeksAsync).RequireAuthorization(Policies.Staff).WithName("QualityScorecards")
            .WithSummary("Quality scores per agent (by=agent) or team (by=team) and week, one row per kind (automatic, manual, follow_up); paged, format=csv exports every row. "
                + "Filters: from, to (dates, default the last 8 weeks), agent, team, kind. Agents see only their own.");
        quality.MapGet("/scorecards/items", ScorecardRequests.ItemsAsync).RequireAuthorization(Policies.Staff).WithName("QualityScorecardItems")
            .WithSummary("The rubric items that lost most points over the period, per kind; same filters; format=csv.");
        quality.MapGet("/automatic-reviews/lowest", AutomaticReviewRequests.LowestAsync).RequireAuthorization(Policies.Supervisor)
            .WithName("LowestAutomaticReviews").WithSummary("The lowest automatic scores of a period (from, to; default the last 7 days), optionally of one agent; count ≤ 500.");
        quality.MapGet("/automatic-reviews/{subject}/{id:guid}", AutomaticReviewRequests.OneAsync).RequireAuthorization(Policies.Supervisor)
            .WithName("GetAutomaticReview").WithSummary("The automatic review of one complaint (subject=complaint) or chat (subject=chat), item by item.");
        quality.MapGet("/phrases", SavePhraseList.GetAsync).RequireAuthorization(Policies.Staff).WithName("GetPhraseLists")
            .WithSummary("The forbidden and required phrase lists the automatic review checks agents' messages against.");
        quality.MapPut("/phrases", SavePhraseList.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("SavePhraseLists")
            .WithSummary("Replaces the forbidden and/or required phrase list (a list left out stays as it is); \"您好|你好\" is met by either.");
        return api;
    }
}
