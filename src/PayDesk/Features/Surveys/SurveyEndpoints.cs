using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Surveys;

internal static class SurveyEndpoints
{
    public sealed record SurveyAnswerRow(Guid Id, SurveyKind Kind, SurveySubject Subject, string? TicketNumber, TicketChannel? Channel,
        TicketCategory? Category, string? Team, Guid? OwnerId, DateTime SentAt, DateTime? AnsweredAt, int? Score, bool? FirstContactResolved, string? Comment);

    // Kept for Surveys/Pages/SurveyPage.razor until it calls GetSurveyView itself.
    public static SurveyView View(Survey s) => GetSurveyView.From(s);

    public static WebApplicationBuilder AddSurveys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SurveyOptions>().Bind(builder.Configuration.GetSection("Surveys"))
            .Validate(o => o.ValidDays is >= 1 and <= 90 && o.NpsIntervalDays >= 7 && o.NpsRecentDays >= 1 && o.ContactWindowHours >= 1,
                "Surveys: ValidDays 1–90, NpsIntervalDays ≥ 7, NpsRecentDays ≥ 1, ContactWindowHours ≥ 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SurveyLinks>();
        builder.Services.AddScoped<SurveyService>();
        builder.Services.AddHostedService<SurveySweep>();
        builder.Services.AddComplaintPanel<Pages.TicketSurvey>(ComplaintPanelPlace.CustomerBeforeMessages, 10,
            c => new Dictionary<string, object?> { ["TicketId"] = c.TicketId });
        return builder;
    }

    public static RouteGroupBuilder MapSurveys(this RouteGroupBuilder api)
    {
        var open = api.MapGroup("/surveys").WithTags("Surveys");
        open.MapGet("/{token}", GetByTokenAsync).AllowAnonymous().WithName("GetSurvey").WithSummary("The survey a signed link points to (no sign-in).");
        open.MapPost("/{token}", AnswerByTokenAsync).AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).WithName("AnswerSurvey")
            .WithSummary("Answer a survey from its signed link: score (CSAT 1–5, NPS 0–10), first-contact resolution, comment. Once only.");
        open.MapGet("/", ListAsync).RequireAuthorization(Policies.Supervisor).WithName("ListSurveys")
            .WithSummary("Sent surveys and their answers, newest first (kind, answered, period filters).");
        var ticket = api.MapGroup("/tickets/{id}/survey").WithTags("Surveys").RequireAuthorization();
        ticket.MapGet("/", GetForTicketAsync).WithName("GetTicketSurvey").WithSummary("The satisfaction survey of a resolved complaint (created on first request).");
        ticket.MapPost("/", AnswerForTicketAsync).WithName("AnswerTicketSurvey").WithSummary("The customer rates a resolved complaint from the portal.");
        return api;
    }

    private static async Task<Results<Ok<SurveyView>, NotFound>> GetByTokenAsync(string token, SurveyService surveys, CancellationToken ct) =>
        await surveys.FindByTokenAsync(token, ct) is { } survey ? TypedResults.Ok(GetSurveyView.From(survey)) : TypedResults.NotFound();

    private static async Task<Results<Ok<SurveyView>, NotFound, ValidationProblem, ProblemHttpResult>> AnswerByTokenAsync(
        string token, SurveyAnswer request, SurveyService surveys, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var survey = await surveys.FindByTokenAsync(token, ct);
        return ToResult(survey, await surveys.AnswerAsync(survey, request, ct), l);
    }

    private static async Task<Results<Ok<SurveyView>, NotFound>> GetForTicketAsync(
        string id, AppDbContext db, ActorAccessor actors, SurveyService surveys, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return await surveys.EnsureForTicketAsync(ticket.Id, ct) is { } survey ? TypedResults.Ok(GetSurveyView.From(survey)) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<SurveyView>, NotFound, ValidationProblem, ProblemHttpResult>> AnswerForTicketAsync(
        string id, SurveyAnswer request, AppDbContext db, ActorAccessor actors, SurveyService surveys,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        // Only the complainant rates their complaint; staff read the answer.
        if (ticket is null || actor.CustomerId != ticket.CustomerId) return TypedResults.NotFound();
        var survey = await surveys.EnsureForTicketAsync(ticket.Id, ct);
        return ToResult(survey, await surveys.AnswerAsync(survey, request, ct), l);
    }

    private static Results<Ok<SurveyView>, NotFound, ValidationProblem, ProblemHttpResult> ToResult(
        Survey? survey, (SurveyService.AnswerOutcome Outcome, string? Field, string? ErrorKey) answer, IStringLocalizer<SharedResource> l)
    {
        // The words are the pages' (SurveyText); the status says what kind of refusal it is.
        var message = SurveyText.Error(answer, l);
        switch (answer.Outcome)
        {
            case SurveyService.AnswerOutcome.Saved:
                return TypedResults.Ok(GetSurveyView.From(survey!));
            case SurveyService.AnswerOutcome.NotFound:
                return TypedResults.NotFound();
            case SurveyService.AnswerOutcome.AlreadyAnswered:
                return TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict, title: l["Survey.Title"]);
            case SurveyService.AnswerOutcome.Expired:
                return TypedResults.Problem(message, statusCode: StatusCodes.Status410Gone, title: l["Survey.Title"]);
            case SurveyService.AnswerOutcome.Invalid:
                var problem = new ValidationErrors(l);
                problem.Add(answer.Field!, message!);
                return problem.ToProblem();
            default:
                throw new ArgumentOutOfRangeException(nameof(answer));
        }
    }

    private static async Task<Results<Ok<Paged<SurveyAnswerRow>>, ValidationProblem>> ListAsync(
        string? kind, bool? answered, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize,
        AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var k = EnumText.Parse<SurveyKind>(kind, "kind", errors);
        var paging = PageRequest.From(page, pageSize, errors);
        if (from > to) errors.AddKey("to", "Validation.RangeOrder");
        if (errors.Any) return errors.ToProblem();
        var query = db.Surveys.AsNoTracking();
        if (k is { } kk) query = query.Where(s => s.Kind == kk);
        if (answered is { } a) query = a ? query.Where(s => s.AnsweredAt != null) : query.Where(s => s.AnsweredAt == null);
        if (from is { } f) query = query.Where(s => s.SentAt >= f.UtcDateTime);
        if (to is { } t) query = query.Where(s => s.SentAt < t.UtcDateTime);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.SentAt).Skip(paging.Skip).Take(paging.PageSize)
            .Select(s => new SurveyAnswerRow(s.Id, s.Kind, s.Subject, s.TicketNumber, s.Channel, s.Category, s.Team, s.OwnerId,
                s.SentAt, s.AnsweredAt, s.Score, s.FirstContactResolved, s.Comment)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<SurveyAnswerRow>(items, paging.Page, paging.PageSize, total));
    }
}

/// <summary>Sends the surveys that are due, every minute.</summary>
internal sealed class SurveySweep(IServiceScopeFactory scopes, ILogger<SurveySweep> logger) : PeriodicService(TimeSpan.FromMinutes(1), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sent = await scope.ServiceProvider.GetRequiredService<SurveyService>().SendDueAsync(200, ct);
        if (sent > 0) logger.LogInformation("Sent {Count} satisfaction surveys", sent);
    }
}
