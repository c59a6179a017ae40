using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.FollowUps;

/// <summary>
/// The agent called or messaged the customer and records what they learned. Satisfied closes the visit; problem back
/// closes it and reopens the complaint (or files a linked new one, see <see cref="ReportProblemBack"/>); unreachable
/// schedules the next attempt on the team's calendar, and after the last allowed attempt closes the visit as unreachable;
/// call back (the customer asked to be called at another time) makes the visit due then, within
/// <see cref="FollowUpRules.BookableWithinDays"/> days, and is not one of the allowed unreachable attempts — the customer was reached.
/// A message goes out through the outbox with the attempt, in one save.
/// </summary>
internal static class RecordFollowUpAttempt
{
    public sealed record Request(FollowUpMethod? Method, FollowUpResult? Result, string? Note, DateTimeOffset? CallBackAt = null);

    public static async Task<Results<Ok<FollowUpTaskResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, Request request, AppDbContext db, ActorAccessor actors, FollowUpRuleStore store, FollowUpPlanner planner,
        Notifier notifier, TicketNumberAllocator numbers, LifecycleServices lifecycle, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        // Attempts are numbered by count, counted before the visit is read: an attempt someone else records from here on
        // takes the same number and one of the two saves fails (409), so neither overwrites the other's outcome.
        var number = await db.Set<FollowUpAttempt>().CountAsync(a => a.TaskId == id, ct) + 1;
        var task = await db.Set<FollowUpTask>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return TypedResults.NotFound();
        var supervisor = actor.IsSupervisor;
        if (!supervisor && task.AssigneeId is { } assignee && assignee != actor.UserId)
        {
            return TypedResults.Problem(l["FollowUp.NotYours"], statusCode: StatusCodes.Status403Forbidden, title: l["FollowUp.Title"]);
        }
        if (!task.IsOpen)
        {
            return TypedResults.Problem(l["FollowUp.Closed"], statusCode: StatusCodes.Status409Conflict, title: l["FollowUp.Title"]);
        }
        var errors = new ValidationErrors(l);
        if (request.Method is null) errors.AddKey("method", "Validation.Required");
        if (request.Result is null) errors.AddKey("result", "Validation.Required");
        errors.MaxLength("note", request.Note, 1000);
        // The note becomes the reopen reason the timeline shows: say what came back.
        if (request.Result == FollowUpResult.ProblemBack && string.IsNullOrWhiteSpace(request.Note)) errors.AddKey("note", "FollowUp.NoteRequired");
        var now = lifecycle.Clock.GetUtcNow().UtcDateTime;
        if (request.Result == FollowUpResult.CallBack)
        {
            if (request.CallBackAt is not { } at) errors.AddKey("callBackAt", "Validation.Required");
            else if (!FollowUpRules.Bookable(at, now)) errors.AddKey("callBackAt", "FollowUp.CallBackWhen", FollowUpRules.BookableWithinDays);
        }
        else if (request.CallBackAt is not null) errors.AddKey("callBackAt", "FollowUp.CallBackOnly");
        if (errors.Any) return errors.ToProblem();

        var rules = await store.CurrentAsync(ct);
        var note = PersonalNumbers.MaskText(request.Note?.Trim());
        // Attempts counts the tries at reaching the customer; a call-back reached them, so it is numbered with the others
        // but is not one of the allowed tries.
        if (request.Result != FollowUpResult.CallBack) task.Attempts++;
        task.LastAttemptAt = now;
        task.AssigneeId ??= actor.UserId;
        db.Set<FollowUpAttempt>().Add(new FollowUpAttempt
        {
            TaskId = task.Id, Number = number, Method = request.Method!.Value, Result = request.Result!.Value,
            Note = string.IsNullOrEmpty(note) ? null : note, AgentId = actor.UserId, AgentName = actor.Name, At = now,
        });
        if (request.Method == FollowUpMethod.Message)
        {
            var ticket = await db.Tickets.Include(t => t.Customer).AsNoTracking().FirstAsync(t => t.Id == task.TicketId, ct);
            await notifier.QueueAsync(ticket.Customer!, ticket, DefaultTemplates.FollowUp, Notifier.ValuesFor(ticket, ticket.Customer!), actor, ct);
        }
        switch (request.Result!.Value)
        {
            case FollowUpResult.Satisfied:
                Close(task, FollowUpStatus.Satisfied, now);
                break;
            case FollowUpResult.ProblemBack:
                Close(task, FollowUpStatus.ProblemBack, now);
                var channel = request.Method == FollowUpMethod.Call ? TicketChannel.Phone : TicketChannel.Sms;
                var outcome = await ReportProblemBack.RunAsync(db, numbers, lifecycle, task.TicketId, note!, channel, actor, ct);
                task.FollowOnNumber = outcome.Number;
                break;
            case FollowUpResult.Unreachable when task.Attempts >= rules.MaxAttempts:
                Close(task, FollowUpStatus.Unreachable, now);
                break;
            case FollowUpResult.Unreachable:
                var team = await db.Tickets.AsNoTracking().Where(t => t.Id == task.TicketId).Select(t => t.Team).FirstAsync(ct);
                task.DueAt = FollowUpRules.DueAt(await planner.CalendarOfAsync(team, ct), now, rules.RetryWorkingDays);
                break;
            case FollowUpResult.CallBack:
                task.DueAt = request.CallBackAt!.Value.UtcDateTime;
                break;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another attempt on this visit was recorded at the same moment (its number is taken): nothing of this one is kept.
            // Any other failure of the save is not that, and is not answered as if it were.
            if (!await db.Set<FollowUpAttempt>().AsNoTracking().AnyAsync(a => a.TaskId == id && a.Number == number, CancellationToken.None)) throw;
            return TypedResults.Problem(l["FollowUp.RecordedMeanwhile"], statusCode: StatusCodes.Status409Conflict, title: l["FollowUp.Title"]);
        }
        return TypedResults.Ok((await ListFollowUpTasks.DescribeAsync(db, [task], rules.MaxAttempts, ct))[0]);
    }

    private static void Close(FollowUpTask task, FollowUpStatus status, DateTime now)
    {
        task.Status = status;
        task.ClosedAt = now;
    }
}
