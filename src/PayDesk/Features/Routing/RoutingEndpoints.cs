using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Sla;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Routing;

internal static class RoutingEndpoints
{
    public sealed record PresenceRequest(Presence? Presence);

    public sealed record ProfileRequest(string? Team, string? Region, Dictionary<string, int>? Skills, int? ChatCapacity, int? CallCapacity, int? TicketCapacity);

    public sealed record ProfileResponse(Guid UserId, string Team, string Region, IReadOnlyDictionary<string, int> Skills, int ChatCapacity, int CallCapacity, int TicketCapacity, Presence Presence);

    public sealed record TeamRequest(string? Region, string? Calendar, List<TicketCategory>? Categories, List<TicketChannel>? Channels, RoutingStrategy? Strategy);

    public sealed record TeamResponse(string Name, string? Region, string Calendar, IReadOnlyList<TicketCategory> Categories, IReadOnlyList<TicketChannel> Channels, RoutingStrategy Strategy)
    {
        internal static TeamResponse From(ServiceTeam t)
        {
            var q = t.ToQueue();
            return new(t.Name, t.Region, t.Calendar, q.Categories.Order().ToList(), q.Channels.Order().ToList(), t.Strategy);
        }
    }

    public sealed record QueueOverview(string Team, int Waiting, double OldestWaitMinutes, int AtRisk, int Online, int Busy, int Away, int Offline);

    public sealed record AgentOverview(Guid UserId, string Name, string Team, Presence Presence, int OpenTickets, int TicketCapacity);

    public sealed record Overview(IReadOnlyList<QueueOverview> Queues, IReadOnlyList<AgentOverview> Agents);

    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoutingDispatcher>();
        builder.Services.AddHostedService<RoutingDispatchService>();
        return builder;
    }

    public static async Task EnsureTeamsAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.ServiceTeams.AnyAsync(ct)) return;
        db.ServiceTeams.AddRange(ServiceTeam.Defaults());
        await db.SaveChangesAsync(ct);
    }

    public static RouteGroupBuilder MapRouting(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Routing").RequireAuthorization(Policies.Staff);
        group.MapPut("/me/presence", SetPresenceAsync).WithName("SetPresence").WithSummary("Go online, away or offline; nothing is routed to an agent who is not online.");
        group.MapGet("/routing/overview", OverviewAsync).WithName("RoutingOverview").WithSummary("Per queue: waiting, oldest wait, at risk; agents by presence and load.");
        group.MapGet("/teams", async (AppDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.ServiceTeams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct)).Select(TeamResponse.From).ToList()))
            .WithName("ListTeams").WithSummary("Teams and the queues they work.");
        group.MapPut("/teams/{name}", SaveTeamAsync).RequireAuthorization(Policies.Admin).WithName("SaveTeam")
            .WithSummary("Create or change a team: region, calendar, categories, channels, routing strategy.");
        group.MapGet("/agents/{userId:guid}/profile", GetProfileAsync).WithName("GetAgentProfile").WithSummary("An agent's team, skills and capacity.");
        group.MapPut("/agents/{userId:guid}/profile", SetProfileAsync).RequireAuthorization(Policies.Supervisor).WithName("SetAgentProfile")
            .WithSummary("Set an agent's team, skills (level 1–5) and capacity.");
        return api;
    }

    internal static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> SetPresenceAsync(
        PresenceRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Presence is null or Presence.Busy) errors.AddKey("presence", "Request.InvalidEnum", "online, away, offline");
        if (errors.Any) return errors.ToProblem();
        var profile = await db.AgentProfiles.FirstOrDefaultAsync(a => a.UserId == actors.Current.UserId, ct);
        if (profile is null) return TypedResults.Problem(l["Routing.NoProfile"], statusCode: StatusCodes.Status409Conflict, title: l["Routing.Title"]);
        profile.Presence = request.Presence!.Value;
        profile.PresenceSince = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(profile));
    }

    internal static async Task<Results<Ok<TeamResponse>, ValidationProblem>> SaveTeamAsync(
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
        return TypedResults.Ok(TeamResponse.From(team));
    }

    private static ProfileResponse ToResponse(AgentProfile p) =>
        new(p.UserId, p.Team, p.Region, p.SkillMap(), p.ChatCapacity, p.CallCapacity, p.TicketCapacity, p.Presence);

    private static async Task<Results<Ok<ProfileResponse>, NotFound>> GetProfileAsync(Guid userId, AppDbContext db, CancellationToken ct) =>
        await db.AgentProfiles.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId, ct) is { } profile
            ? TypedResults.Ok(ToResponse(profile)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<ProfileResponse>, NotFound, ValidationProblem>> SetProfileAsync(
        Guid userId, ProfileRequest request, AppDbContext db, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !await users.IsStaffAsync(user)) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (errors.Required("team", request.Team) && !await db.ServiceTeams.AnyAsync(t => t.Name == request.Team, ct)) errors.AddKey("team", "Routing.UnknownTeam");
        if (request.Skills is null || request.Skills.Count == 0) errors.AddKey("skills", "Validation.Required");
        else if (request.Skills.Any(s => s.Value is < 1 or > 5 || !s.Key.Contains(':'))) errors.AddKey("skills", "Routing.SkillLevel");
        foreach (var (field, value, max) in new[] { ("chatCapacity", request.ChatCapacity, 20), ("callCapacity", request.CallCapacity, 1), ("ticketCapacity", request.TicketCapacity, 500) })
        {
            if (value is < 0 || value > max) errors.AddKey(field, "Routing.Capacity", max);
        }
        if (errors.Any) return errors.ToProblem();

        var profile = await db.AgentProfiles.FirstOrDefaultAsync(a => a.UserId == userId, ct);
        if (profile is null)
        {
            profile = new AgentProfile { UserId = userId, Team = request.Team!, Skills = "{}", PresenceSince = clock.GetUtcNow().UtcDateTime };
            db.AgentProfiles.Add(profile);
        }
        profile.Team = request.Team!;
        profile.Region = request.Region?.Trim() ?? "";
        profile.Skills = JsonSerializer.Serialize(request.Skills);
        profile.ChatCapacity = request.ChatCapacity ?? profile.ChatCapacity;
        profile.CallCapacity = request.CallCapacity ?? profile.CallCapacity;
        profile.TicketCapacity = request.TicketCapacity ?? profile.TicketCapacity;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(profile));
    }

    internal static async Task<Ok<Overview>> OverviewAsync(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = await db.Tickets.AsNoTracking()
            .Where(t => t.OwnerId == null && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved)
            .GroupBy(t => t.Team ?? Complaints.Teams.FrontDesk)
            .Select(g => new { Team = g.Key, Count = g.Count(), Oldest = g.Min(t => t.CreatedAt) })
            .ToListAsync(ct);
        var atRisk = await db.SlaClocks.AsNoTracking().Where(c => c.WarnedAt != null && c.StoppedAt == null)
            .Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => t)
            .Where(t => t.Status != TicketStatus.Closed)
            .GroupBy(t => t.Team ?? Complaints.Teams.FrontDesk).Select(g => new { Team = g.Key, Count = g.Select(t => t.Id).Distinct().Count() })
            .ToListAsync(ct);
        var agents = await RoutingDispatcher.LoadAgentsAsync(db, ct);
        var teams = await db.ServiceTeams.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
        var queues = teams.Select(team =>
        {
            var w = waiting.FirstOrDefault(x => x.Team == team);
            var members = agents.Where(a => a.Team == team).ToList();
            return new QueueOverview(team, w?.Count ?? 0, w is null ? 0 : Math.Round((now - w.Oldest).TotalMinutes, 1),
                atRisk.FirstOrDefault(x => x.Team == team)?.Count ?? 0,
                members.Count(a => a.Presence == Presence.Online), members.Count(a => a.Presence == Presence.Busy),
                members.Count(a => a.Presence == Presence.Away), members.Count(a => a.Presence == Presence.Offline));
        }).ToList();
        var ids = agents.Select(a => a.Id).ToList();
        var names = await users.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var agentRows = agents.OrderBy(a => a.Team).ThenBy(a => names.GetValueOrDefault(a.Id, "?"))
            .Select(a => new AgentOverview(a.Id, names.GetValueOrDefault(a.Id, "?"), a.Team, a.Presence, a.Load[WorkKind.Ticket], a.Capacity[WorkKind.Ticket])).ToList();
        return TypedResults.Ok(new Overview(queues, agentRows));
    }
}
