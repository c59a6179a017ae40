using PayDesk.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Surveys;

internal static class SurveyEndpoints
{

    public static WebApplicationBuilder AddSurveys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SurveyOptions>().Bind(builder.Configuration.GetSection("Surveys"))
            .Validate(o => o.ValidDays is >= 1 and <= 90 && o.NpsIntervalDays >= 7 && o.NpsRecentDays >= 1 && o.ContactWindowHours >= 1,
                "Surveys: ValidDays 1–90, NpsIntervalDays ≥ 7, NpsRecentDays ≥ 1, ContactWindowHours ≥ 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SurveyLinks>();
        builder.Services.AddScoped<SurveyService>();
        builder.Services.AddHostedService<SurveySweep>();
        builder.Services.AddPagePanel<Pages.TicketSurvey, ComplaintPanelContext>(ComplaintPanelPlace.CustomerBeforeMessages, 10,
            c => new Dictionary<string, object?> { ["TicketId"] = c.TicketId });
        return builder;
    }

    public static RouteGroupBuilder MapSurveys(this RouteGroupBuilder api)
    {
        var open = api.MapGroup("/surveys").WithTags("Surveys");
        open.MapGet("/{token}", GetSurvey.ByTokenAsync).AllowAnonymous().WithName("GetSurvey").WithSummary("The survey a signed link points to (no sign-in).");
        open.MapPost("/{token}", AnswerSurvey.ByTokenAsync).AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).WithName("AnswerSurvey")
            .WithSummary("Answer a survey from its signed link: score (CSAT 1–5, NPS 0–10), first-contact resolution, comment. Once only.");
        open.MapGet("/", ListSurveys.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("ListSurveys")
            .WithSummary("Sent surveys and their answers, newest first (kind, answered, period filters).");
        return api;
    }

    /// <summary>A complaint's survey, on the complaints' <c>/tickets</c> group.</summary>
    public static RouteGroupBuilder MapTicketSurvey(this RouteGroupBuilder tickets)
    {
        var ticket = tickets.MapGroup("/{id}/survey").WithTags("Surveys");
        ticket.MapGet("/", GetSurvey.ForTicketAsync).WithName("GetTicketSurvey").WithSummary("The satisfaction survey of a resolved complaint (created on first request).");
        ticket.MapPost("/", AnswerSurvey.ForTicketAsync).WithName("AnswerTicketSurvey").WithSummary("The customer rates a resolved complaint from the portal.");
        return tickets;
    }
}
