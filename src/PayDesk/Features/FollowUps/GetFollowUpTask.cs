using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.FollowUps;

public sealed record FollowUpAttemptResponse(int Number, FollowUpMethod Method, FollowUpResult Result, string? Note, string AgentName, DateTime At);

public sealed record FollowUpDetail(FollowUpTaskResponse Task, IReadOnlyList<FollowUpAttemptResponse> Attempts);

/// <summary>One follow-up visit with its attempts so far; agents see the visits assigned to them (or to nobody).</summary>
internal static class GetFollowUpTask
{
    public static async Task<Results<Ok<FollowUpDetail>, NotFound, ProblemHttpResult>> HandleAsync(
        Guid id, AppDbContext db, ActorAccessor actors, FollowUpRuleStore store, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var task = await db.Set<FollowUpTask>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return TypedResults.NotFound();
        var supervisor = actor.IsSupervisor;
        if (!supervisor && task.AssigneeId is { } assignee && assignee != actor.UserId)
        {
            return TypedResults.Problem(l["FollowUp.NotYours"], statusCode: StatusCodes.Status403Forbidden, title: l["FollowUp.Title"]);
        }
        var rules = await store.CurrentAsync(ct);
        var attempts = await db.Set<FollowUpAttempt>().AsNoTracking().Where(a => a.TaskId == id).OrderBy(a => a.Number)
            .Select(a => new FollowUpAttemptResponse(a.Number, a.Method, a.Result, a.Note, a.AgentName, a.At)).ToListAsync(ct);
        return TypedResults.Ok(new FollowUpDetail((await ListFollowUpTasks.DescribeAsync(db, [task], rules.MaxAttempts, ct))[0], attempts));
    }
}
