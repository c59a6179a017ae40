using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Surveys;

/// <summary>A survey to show: the one a signed link points to, or a resolved complaint's (created on first request).</summary>
internal static class GetSurvey
{
    public static async Task<Results<Ok<SurveyView>, NotFound>> ByTokenAsync(string token, SurveyService surveys, CancellationToken ct) =>
        await surveys.FindByTokenAsync(token, ct) is { } survey ? TypedResults.Ok(GetSurveyView.From(survey)) : TypedResults.NotFound();

    public static async Task<Results<Ok<SurveyView>, NotFound>> ForTicketAsync(
        string id, AppDbContext db, ActorAccessor actors, SurveyService surveys, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return await surveys.EnsureForTicketAsync(ticket.Id, ct) is { } survey ? TypedResults.Ok(GetSurveyView.From(survey)) : TypedResults.NotFound();
    }
}
