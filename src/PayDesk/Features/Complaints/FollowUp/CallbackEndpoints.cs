using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class CallbackEndpoints
{
    /// <summary>Callbacks show in the owner's queue this long before they are due.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromMinutes(15);

    public sealed record ScheduleRequest(DateTimeOffset? DueAt, string? Note);

    public sealed record CompleteRequest(CallbackOutcome? Outcome, string? Note);

    public sealed record CallbackResponse(
        Guid Id, Guid TicketId, string? TicketNumber, DateTime DueAt, string Note, Guid? OwnerId, CallbackStatus Status,
        CallbackOutcome? Outcome, string? OutcomeNote, DateTime? CompletedAt);

    public static RouteGroupBuilder MapCallbacks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Callbacks").RequireAuthorization(Policies.Staff);
        group.MapGet("/tickets/{id}/callbacks", ListAsync).WithName("ListCallbacks").WithSummary("A complaint's callbacks.");
        group.MapPost("/tickets/{id}/callbacks", ScheduleAsync).WithName("ScheduleCallback").WithSummary("Agree a time to call the customer back (回电).");
        group.MapPost("/tickets/{id}/callbacks/{callbackId:guid}/complete", CompleteAsync).WithName("CompleteCallback").WithSummary("Record how the call went.");
        group.MapGet("/callbacks/due", DueAsync).WithName("DueCallbacks").WithSummary("My callbacks due now or within 15 minutes, earliest first.");
        return api;
    }

    private static CallbackResponse ToResponse(Callback c, string? number) =>
        new(c.Id, c.TicketId, number, c.DueAt, c.Note, c.OwnerId, c.Status, c.Outcome, c.OutcomeNote, c.CompletedAt);

    internal static async Task<Results<Ok<List<CallbackResponse>>, NotFound>> ListAsync(string id, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var items = await db.Callbacks.AsNoTracking().Where(c => c.TicketId == ticket.Id).OrderBy(c => c.DueAt).ToListAsync(ct);
        return TypedResults.Ok(items.Select(c => ToResponse(c, ticket.Number)).ToList());
    }

    internal static async Task<Results<Created<CallbackResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ScheduleAsync(
        string id, ScheduleRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleEndpoints.NotAllowedForStaff(l, ticket.Status);
        }
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors(l);
        if (request.DueAt is null) errors.AddKey("dueAt", "Validation.Required");
        else if (request.DueAt < now) errors.AddKey("dueAt", "Callback.InPast");
        else if (request.DueAt > now.AddDays(30)) errors.AddKey("dueAt", "Callback.TooFar");
        errors.RequiredText("note", request.Note, 1000);
        if (errors.Any) return errors.ToProblem();

        var callback = new Callback
        {
            TicketId = ticket.Id,
            DueAt = request.DueAt!.Value.UtcDateTime,
            Note = Infrastructure.Security.PersonalNumbers.Mask(request.Note!.Trim()).Text,
            // 首问负责制: the owner makes the call; an unowned complaint's callback is the scheduler's.
            OwnerId = ticket.OwnerId ?? actor.UserId,
            Status = CallbackStatus.Scheduled,
            CreatedAt = now.UtcDateTime,
        };
        db.Callbacks.Add(callback);
        Timeline.Record(db, ticket, TicketEventKind.Callback, actor, now.UtcDateTime, callback.Note, customerVisible: true,
            data: new JsonObject { ["step"] = "scheduled", ["dueAt"] = callback.DueAt });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}/callbacks", ToResponse(callback, ticket.Number));
    }

    internal static async Task<Results<Ok<CallbackResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        string id, Guid callbackId, CompleteRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var callback = await db.Callbacks.FirstOrDefaultAsync(c => c.Id == callbackId && c.TicketId == ticket.Id, ct);
        if (callback is null) return TypedResults.NotFound();
        if (callback.Status != CallbackStatus.Scheduled)
        {
            return TypedResults.Problem(l["Callback.AlreadyDone"], statusCode: StatusCodes.Status409Conflict, title: l["EventKind.Callback"]);
        }
        var errors = new ValidationErrors(l);
        if (request.Outcome is null) errors.AddKey("outcome", "Validation.Required");
        errors.MaxLength("note", request.Note, 1000);
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        callback.Status = CallbackStatus.Completed;
        callback.Outcome = request.Outcome;
        callback.OutcomeNote = Infrastructure.Security.PersonalNumbers.MaskText(request.Note?.Trim());
        callback.CompletedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Callback, actor, now, callback.OutcomeNote,
            data: new JsonObject { ["step"] = "completed", ["outcome"] = EnumText.Name(request.Outcome!.Value) });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(callback, ticket.Number));
    }

    private static async Task<Ok<List<CallbackResponse>>> DueAsync(AppDbContext db, ActorAccessor actors, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await DueForAsync(db, actors.Current.UserId, clock.GetUtcNow().UtcDateTime, ct));

    public static async Task<List<CallbackResponse>> DueForAsync(AppDbContext db, Guid? ownerId, DateTime now, CancellationToken ct)
    {
        var horizon = now + Lead;
        return await db.Callbacks.AsNoTracking()
            .Where(c => c.OwnerId == ownerId && c.Status == CallbackStatus.Scheduled && c.DueAt <= horizon)
            .OrderBy(c => c.DueAt).Take(100)
            .Join(db.Tickets, c => c.TicketId, t => t.Id, (c, t) => new CallbackResponse(
                c.Id, c.TicketId, t.Number, c.DueAt, c.Note, c.OwnerId, c.Status, c.Outcome, c.OutcomeNote, c.CompletedAt))
            .ToListAsync(ct);
    }
}
