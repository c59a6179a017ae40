using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

public sealed record AssignScenarioRequest(Guid? ScenarioId, IReadOnlyList<Guid>? AgentIds, string? DueOn);

public sealed record TrainingAssignmentRow(Guid Id, Guid ScenarioId, string ScenarioTitle, Guid AgentId, string AgentName, DateOnly DueOn,
    DateTime AssignedAt, string AssignedBy, DateTime? CompletedAt, Guid? SessionId, decimal? Score, decimal? MaxPoints, bool Overdue);

/// <summary>A supervisor assigns a scenario to one or more agents, due on a date (in the centre's time zone).</summary>
internal static class AssignScenario
{
    public const int MaxAgents = 50;

    public static async Task<Results<Ok<IReadOnlyList<TrainingAssignmentRow>>, ValidationProblem>> HandleAsync(
        AssignScenarioRequest request, AppDbContext db, UserManager<AppUser> users, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var outcome = await RunAsync(request, db, users, actors.Current, clock, l, ct);
        return outcome.Failed ? outcome.Errors!.ToProblem() : TypedResults.Ok(outcome.Value!);
    }

    public static async Task<Outcome<IReadOnlyList<TrainingAssignmentRow>>> RunAsync(AssignScenarioRequest r, AppDbContext db, UserManager<AppUser> users,
        Actor actor, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var scenario = r.ScenarioId is { } sid ? await db.Set<TrainingScenario>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid && s.Active, ct) : null;
        if (scenario is null) errors.AddKey("scenarioId", r.ScenarioId is null ? "Validation.Required" : "Training.UnknownScenario");
        var agentIds = (r.AgentIds ?? []).Distinct().ToList();
        if (agentIds.Count == 0) errors.AddKey("agentIds", "Validation.Required");
        if (agentIds.Count > MaxAgents) errors.AddKey("agentIds", "Training.TooManyAgents", MaxAgents);
        var today = TrainingCalendar.Today(clock);
        var due = errors.OptionalDate("dueOn", r.DueOn);
        if (string.IsNullOrWhiteSpace(r.DueOn)) errors.AddKey("dueOn", "Validation.Required");
        else if (due is { } d && d < today) errors.AddKey("dueOn", "Training.DueInPast");
        var agents = new List<AppUser>();
        foreach (var id in agentIds.Take(MaxAgents))
        {
            if (await users.FindStaffAsync(id.ToString()) is { } agent) agents.Add(agent);
            else errors.AddKey("agentIds", "Training.UnknownAgent", id);
        }
        if (errors.Any) return errors;
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = agents.Select(a => new TrainingAssignment
        {
            ScenarioId = scenario!.Id, AgentId = a.Id, AgentName = a.DisplayName, DueOn = due!.Value, AssignedAt = now, AssignedBy = actor.Name,
        }).ToList();
        db.Set<TrainingAssignment>().AddRange(rows);
        await db.SaveChangesAsync(ct);
        return rows.Select(a => new TrainingAssignmentRow(a.Id, a.ScenarioId, scenario!.Title, a.AgentId, a.AgentName, a.DueOn, a.AssignedAt, a.AssignedBy,
            null, null, null, null, false)).ToList();
    }
}

/// <summary>Due dates are the centre's calendar days (China Standard Time), not UTC's.</summary>
internal static class TrainingCalendar
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Zone));
}
