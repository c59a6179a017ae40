using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>Assignments, open first by due date: an agent sees their own, a supervisor everyone's (or one agent's).</summary>
internal static class ListAssignments
{
    public static async Task<Results<Ok<Paged<TrainingAssignmentRow>>, ValidationProblem>> HandleAsync(
        Guid? agentId, bool? open, int? page, int? pageSize, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await RunAsync(agentId, open, paging, db, actors.Current, clock, ct));
    }

    public static async Task<Paged<TrainingAssignmentRow>> RunAsync(Guid? agentId, bool? open, PageRequest paging, AppDbContext db, Actor actor,
        TimeProvider clock, CancellationToken ct)
    {
        var query = db.Set<TrainingAssignment>().AsNoTracking();
        if (!actor.Roles.Overlaps(Roles.Privileged)) query = query.Where(a => a.AgentId == actor.UserId);
        else if (agentId is { } id) query = query.Where(a => a.AgentId == id);
        if (open is { } o) query = o ? query.Where(a => a.CompletedAt == null) : query.Where(a => a.CompletedAt != null);
        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(a => a.CompletedAt != null).ThenBy(a => a.DueOn).ThenBy(a => a.AgentName)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var scenarioIds = page.Select(a => a.ScenarioId).Distinct().ToList();
        var titles = await db.Set<TrainingScenario>().AsNoTracking().Where(s => scenarioIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Title, ct);
        var sessionIds = page.Where(a => a.CompletedSessionId != null).Select(a => a.CompletedSessionId!.Value).ToList();
        var scores = await db.Set<TrainingSession>().AsNoTracking().Where(s => sessionIds.Contains(s.Id))
            .Select(s => new { s.Id, s.AutoPoints, s.AutoMaxPoints, s.ManualPoints, s.ManualItemsJson }).ToDictionaryAsync(s => s.Id, ct);
        var today = TrainingCalendar.Today(clock);
        var rows = page.Select(a =>
        {
            var s = a.CompletedSessionId is { } sid ? scores.GetValueOrDefault(sid) : null;
            return new TrainingAssignmentRow(a.Id, a.ScenarioId, titles.GetValueOrDefault(a.ScenarioId, "?"), a.AgentId, a.AgentName, a.DueOn, a.AssignedAt,
                a.AssignedBy, a.CompletedAt, a.CompletedSessionId, s is null ? null : s.AutoPoints + (s.ManualPoints ?? 0),
                s is null ? null : s.AutoMaxPoints + TrainingSession.ManualMax(s.ManualItemsJson), a.CompletedAt is null && a.DueOn < today);
        }).ToList();
        return new Paged<TrainingAssignmentRow>(rows, paging.Page, paging.PageSize, total);
    }
}
