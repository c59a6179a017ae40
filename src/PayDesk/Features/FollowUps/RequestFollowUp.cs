using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// A person asks for a follow-up visit of a resolved complaint the rules did not (or not yet) plan one for: due as the
/// rules would set it, not before now, or at the time asked for (the customer's wish: after now, within
/// <see cref="FollowUpRules.BookableWithinDays"/> days). One visit per resolution, whoever asks first (the rules' sweep included).
/// </summary>
internal static class RequestFollowUp
{
    public sealed record VisitRequest(Guid? TicketId, DateTimeOffset? DueAt = null);

    public static async Task<Results<Created<FollowUpTaskResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        VisitRequest request, AppDbContext db, FollowUpPlanner planner, FollowUpRuleStore store, TimeProvider clock, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.TicketId is null) errors.AddKey("ticketId", "Validation.Required");
        if (request.DueAt is { } due && !FollowUpRules.Bookable(due, clock.GetUtcNow().UtcDateTime))
        {
            errors.AddKey("dueAt", "FollowUp.CallBackWhen", FollowUpRules.BookableWithinDays);
        }
        if (errors.Any) return errors.ToProblem();
        var (task, refusal) = await PlanAsync(request.TicketId!.Value, db, planner, clock, l, ct, request.DueAt);
        if (task is null)
        {
            return refusal is null ? TypedResults.NotFound()
                : TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: l["FollowUp.Title"]);
        }
        var rules = await store.CurrentAsync(ct);
        var described = (await ListFollowUpTasks.DescribeAsync(db, [task], rules.MaxAttempts, ct))[0];
        return TypedResults.Created($"/api/v1/followups/{task.Id}", described);
    }

    /// <summary>The planned visit, or none and why (none and no reason: no such complaint).</summary>
    public static async Task<(FollowUpTask? Task, string? Refusal)> PlanAsync(
        Guid ticketId, AppDbContext db, FollowUpPlanner planner, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct,
        DateTimeOffset? dueAt = null)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null) return (null, null);
        if (ticket.ResolvedAt is null || ticket.MergedIntoId is not null) return (null, l["FollowUp.Request.NotResolved"]);
        var now = clock.GetUtcNow().UtcDateTime;
        if (dueAt is { } asked && !FollowUpRules.Bookable(asked, now)) return (null, l["FollowUp.CallBackWhen", FollowUpRules.BookableWithinDays]);
        // Asked for, the planner always has a reason: it declines only a resolution that already has its visit.
        if (await planner.PlanAsync(ticket, now, now, ct, requested: true) is not { } task) return (null, l["FollowUp.Request.Exists"]);
        if (dueAt is { } chosen) task.DueAt = chosen.UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Planned at the same moment elsewhere (the rules' sweep, another person): one visit per resolution.
            return (null, l["FollowUp.Request.Exists"]);
        }
        return (task, null);
    }
}
