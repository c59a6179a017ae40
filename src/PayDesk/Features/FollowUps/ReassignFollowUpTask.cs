using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// A supervisor hands an open follow-up visit to another agent (the assignee is off sick, the customer asked for the
/// agent who solved it). Only staff who take calls — agents, experts, supervisors — and are still active can be given
/// one. The task is audited like every change to it: the audit log shows who moved it from whom to whom.
/// </summary>
internal static class ReassignFollowUpTask
{
    public sealed record Request(Guid? AssigneeId);

    private static readonly string[] CanVisit = [Roles.Agent, Roles.Expert, Roles.Supervisor];

    public static async Task<Results<Ok<FollowUpTaskResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, AppDbContext db, FollowUpRuleStore store, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var task = await db.Set<FollowUpTask>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (request.AssigneeId is not { } assignee)
        {
            errors.AddKey("assigneeId", "Validation.Required");
            return errors.ToProblem();
        }
        var allowed = await (from ur in db.UserRoles
                             join r in db.Roles on ur.RoleId equals r.Id
                             join u in db.Users on ur.UserId equals u.Id
                             where u.Id == assignee && CanVisit.Contains(r.Name!) && u.DeactivatedAt == null
                             select u.Id).AnyAsync(ct);
        if (!allowed)
        {
            errors.AddKey("assigneeId", "FollowUp.Reassign.NotStaff");
            return errors.ToProblem();
        }
        if (!task.IsOpen)
        {
            return TypedResults.Problem(l["FollowUp.Closed"], statusCode: StatusCodes.Status409Conflict, title: l["FollowUp.Title"]);
        }
        task.AssigneeId = assignee;
        await db.SaveChangesAsync(ct);
        var rules = await store.CurrentAsync(ct);
        return TypedResults.Ok((await ListFollowUpTasks.DescribeAsync(db, [task], rules.MaxAttempts, ct))[0]);
    }

    /// <summary>The people a visit can be handed to, by name (the page's choice list).</summary>
    public static async Task<List<(Guid Id, string Name)>> CandidatesAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          join u in db.Users on ur.UserId equals u.Id
                          where CanVisit.Contains(r.Name!) && u.DeactivatedAt == null
                          select new { u.Id, u.DisplayName }).Distinct().ToListAsync(ct);
        return rows.OrderBy(r => r.DisplayName, StringComparer.Ordinal).Select(r => (r.Id, r.DisplayName)).ToList();
    }
}
