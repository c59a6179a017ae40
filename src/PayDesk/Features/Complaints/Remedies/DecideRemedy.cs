using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>Maker-checker: an expert, supervisor or admin other than the requester approves or rejects a pending remedy.</summary>
internal static class DecideRemedy
{
    public sealed record DecideRequest(string? Note);

    private static readonly string[] Approvers = [Roles.Expert, Roles.Supervisor, Roles.Admin];

    /// <summary>Whether the actor may be a remedy's second person (its own requests aside).</summary>
    internal static bool MayApprove(Actor actor) => actor.Roles.Overlaps(Approvers);

    internal static ProblemHttpResult NotApprover(IStringLocalizer<SharedResource> l) =>
        TypedResults.Problem(l["Resolution.NotApprover"], statusCode: StatusCodes.Status403Forbidden, title: l["Resolution.Title"]);

    public static async Task<Results<Ok<ActionResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, Guid actionId, DecideRequest request, bool approve, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var action = await db.ResolutionActions.FirstOrDefaultAsync(a => a.Id == actionId && a.TicketId == ticket.Id, ct);
        if (action is null) return TypedResults.NotFound();

        if (!MayApprove(actor)) return NotApprover(l);
        if (action.RequestedById == actor.UserId)
        {
            return TypedResults.Problem(l["Resolution.OwnRequest"], statusCode: StatusCodes.Status403Forbidden, title: l["Resolution.Title"]);
        }
        if (action.Status != ResolutionStatus.PendingApproval)
        {
            return TypedResults.Problem(l["Resolution.AlreadyDecided", EnumText.Name(action.Status)], statusCode: StatusCodes.Status409Conflict, title: l["Resolution.Title"]);
        }
        var errors = new ValidationErrors(l);
        // A rejection needs its reason; an approval's optional note has the same limit (a longer one answered 500 on PostgreSQL).
        if (!approve) errors.RequiredText("note", request.Note, 2000);
        else errors.MaxLength("note", request.Note?.Trim(), 2000);
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        action.Status = approve ? ResolutionStatus.Approved : ResolutionStatus.Rejected;
        action.DecidedById = actor.UserId;
        action.DecidedByName = actor.Name;
        action.DecisionNote = Infrastructure.Security.PersonalNumbers.MaskText(request.Note?.Trim());
        action.DecidedAt = now;
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Approval, actor, now, action.DecisionNote, new JsonObject
        {
            ["actionId"] = action.Id.ToString(),
            ["kind"] = EnumText.Name(action.Kind),
            ["decision"] = approve ? "approved" : "rejected",
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ActionResponse.From(action));
    }
}
