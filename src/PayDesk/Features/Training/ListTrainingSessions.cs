using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

public sealed record TrainingSessionRow(Guid Id, Guid ScenarioId, string ScenarioTitle, Guid TraineeId, string TraineeName, TrainingSessionState State,
    DateTime StartedAt, DateTime? EndedAt, decimal? AutoPoints, decimal? ManualPoints, bool Reviewed);

/// <summary>Sessions newest first: a trainee's own, or for a supervisor everyone's (optionally one trainee's, or only those waiting for review).</summary>
internal static class ListTrainingSessions
{
    public static async Task<Results<Ok<Paged<TrainingSessionRow>>, ValidationProblem>> HandleAsync(
        Guid? traineeId, bool? unreviewed, int? page, int? pageSize, AppDbContext db, ActorAccessor actors,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await RunAsync(traineeId, unreviewed, paging, db, actors.Current, ct));
    }

    public static async Task<Paged<TrainingSessionRow>> RunAsync(Guid? traineeId, bool? unreviewed, PageRequest paging, AppDbContext db, Actor actor, CancellationToken ct)
    {
        var query = db.Set<TrainingSession>().AsNoTracking();
        if (!actor.Roles.Overlaps(Roles.Privileged)) query = query.Where(s => s.TraineeId == actor.UserId);
        else if (traineeId is { } id) query = query.Where(s => s.TraineeId == id);
        if (unreviewed == true) query = query.Where(s => s.State == TrainingSessionState.Ended && s.ManualPoints == null);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(s => s.StartedAt).Skip(paging.Skip).Take(paging.PageSize)
            .Join(db.Set<TrainingScenario>(), s => s.ScenarioId, c => c.Id, (s, c) => new TrainingSessionRow(s.Id, s.ScenarioId, c.Title, s.TraineeId,
                s.TraineeName, s.State, s.StartedAt, s.EndedAt, s.AutoPoints, s.ManualPoints, s.ManualPoints != null))
            .ToListAsync(ct);
        return new Paged<TrainingSessionRow>(rows, paging.Page, paging.PageSize, total);
    }
}
