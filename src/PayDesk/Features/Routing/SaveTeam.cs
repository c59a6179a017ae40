using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Routing;

/// <summary>Create or change a team: region, calendar, categories, channels, routing strategy.</summary>
internal static class SaveTeam
{
    public sealed record TeamRequest(string? Region, string? Calendar, List<TicketCategory>? Categories, List<TicketChannel>? Channels, RoutingStrategy? Strategy);

    public static async Task<Results<Ok<ListTeams.TeamResponse>, ValidationProblem>> HandleAsync(
        string name, TeamRequest request, AppDbContext db, CalendarRegistry calendars, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (name.Length is < 2 or > 64 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')) errors.AddKey("name", "Routing.TeamName");
        if (request.Calendar is { } calendar && !calendars.Exists(calendar)) errors.AddKey("calendar", "Routing.UnknownCalendar");
        if (request.Categories is not { Count: > 0 }) errors.AddKey("categories", "Validation.Required");
        if (request.Channels is not { Count: > 0 }) errors.AddKey("channels", "Validation.Required");
        errors.MaxLength("region", request.Region, 64);
        if (errors.Any) return errors.ToProblem();

        var team = await db.ServiceTeams.FirstOrDefaultAsync(t => t.Name == name, ct);
        if (team is null)
        {
            team = new ServiceTeam { Name = name, Categories = "", Channels = "" };
            db.ServiceTeams.Add(team);
        }
        team.Region = string.IsNullOrWhiteSpace(request.Region) ? null : request.Region.Trim();
        team.Calendar = request.Calendar ?? team.Calendar;
        team.Categories = string.Join(",", request.Categories!.Distinct());
        team.Channels = string.Join(",", request.Channels!.Distinct());
        team.Strategy = request.Strategy ?? team.Strategy;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ListTeams.TeamResponse.From(team));
    }
}
