using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>A session as its trainee (or a supervisor) sees it.</summary>
internal static class GetTrainingSession
{
    public static async Task<Results<Ok<TrainingSessionView>, NotFound>> HandleAsync(
        Guid id, AppDbContext db, ActorAccessor actors, IOptions<TrainingOptions> options, CancellationToken ct) =>
        await RunAsync(id, db, actors.Current, options.Value, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    public static async Task<TrainingSessionView?> RunAsync(Guid id, AppDbContext db, Actor actor, TrainingOptions options, CancellationToken ct) =>
        await TrainingSessionAccess.FindAsync(db, id, actor, track: false, ct) is { } session
            ? await TrainingSessionAccess.ViewAsync(db, session, options, actor, ct)
            : null;
}
