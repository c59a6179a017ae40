using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>Record how a scheduled callback went; a callback is completed once.</summary>
internal static class CompleteCallback
{
    public sealed record CompleteRequest(CallbackOutcome? Outcome, string? Note);

    public static async Task<Results<Ok<CallbackResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
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
        return TypedResults.Ok(CallbackResponse.From(callback, ticket.Number));
    }
}
