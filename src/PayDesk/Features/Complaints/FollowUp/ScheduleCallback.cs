using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>回电: agree a time, within 30 days, to call the customer back; the owner makes the call.</summary>
internal static class ScheduleCallback
{
    public sealed record ScheduleRequest(DateTimeOffset? DueAt, string? Note);

    public static async Task<Results<Created<CallbackResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, ScheduleRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleProblems.NotAllowedForStaff(l, ticket.Status);
        }
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors(l);
        if (request.DueAt is null) errors.AddKey("dueAt", "Validation.Required");
        else if (request.DueAt < now) errors.AddKey("dueAt", "Callback.InPast");
        else if (request.DueAt > now.AddDays(30)) errors.AddKey("dueAt", "Callback.TooFar");
        errors.RequiredText("note", request.Note, 1000);
        if (errors.Any) return errors.ToProblem();

        var callback = Add(db, ticket, request.DueAt!.Value.UtcDateTime, request.Note!, actor, now.UtcDateTime);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}/callbacks", CallbackResponse.From(callback, ticket.Number));
    }

    /// <summary>
    /// The call-back and its timeline entry the customer sees, in the caller's unit of work (the caller saves); used by
    /// the route above and by the assistant when a customer picks a call-back time outside service hours.
    /// </summary>
    public static Callback Add(AppDbContext db, Ticket ticket, DateTime dueAt, string note, Actor actor, DateTime now)
    {
        var callback = new Callback
        {
            TicketId = ticket.Id,
            DueAt = dueAt,
            Note = Infrastructure.Security.PersonalNumbers.Mask(note.Trim()).Text,
            // 首问负责制: the owner makes the call; an unowned complaint's callback is the scheduler's.
            OwnerId = ticket.OwnerId ?? actor.UserId,
            Status = CallbackStatus.Scheduled,
            CreatedAt = now,
        };
        db.Callbacks.Add(callback);
        Timeline.Record(db, ticket, TicketEventKind.Callback, actor, now, callback.Note, customerVisible: true,
            data: new JsonObject { ["step"] = "scheduled", ["dueAt"] = callback.DueAt });
        return callback;
    }
}
