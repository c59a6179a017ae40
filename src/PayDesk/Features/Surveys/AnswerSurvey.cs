using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Surveys;

/// <summary>Answering a survey, once only: from its signed link, or by the complainant from the portal.</summary>
internal static class AnswerSurvey
{
    public static async Task<Results<Ok<SurveyView>, NotFound, ValidationProblem, ProblemHttpResult>> ByTokenAsync(
        string token, SurveyAnswer request, SurveyService surveys, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var survey = await surveys.FindByTokenAsync(token, ct);
        return ToResult(survey, await surveys.AnswerAsync(survey, request, ct), l);
    }

    public static async Task<Results<Ok<SurveyView>, NotFound, ValidationProblem, ProblemHttpResult>> ForTicketAsync(
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
}
