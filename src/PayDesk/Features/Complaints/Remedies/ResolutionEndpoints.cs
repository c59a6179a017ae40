using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class ResolutionEndpoints
{
    public sealed record ProposeRequest(ResolutionKind? Kind, MoneyInput? Amount, string? Note);

    public sealed record DecideRequest(string? Note);

    public sealed record ActionResponse(
        Guid Id, ResolutionKind Kind, Money? Amount, string Note, ResolutionStatus Status, string RequestedBy, string? DecidedBy,
        string? DecisionNote, DateTime CreatedAt, DateTime? DecidedAt)
    {
        internal static ActionResponse From(ResolutionAction a) => new(a.Id, a.Kind, a.Amount is { } v ? new Money(v, a.Currency!) : null,
            a.Note, a.Status, a.RequestedByName, a.DecidedByName, a.DecisionNote, a.CreatedAt, a.DecidedAt);
    }

    private static readonly string[] Approvers = [Roles.Expert, Roles.Supervisor, Roles.Admin];

    public static IHostApplicationBuilder AddResolutions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ResolutionOptions>().Bind(builder.Configuration.GetSection("Resolutions"))
            .Validate(o => o.ApprovalThreshold >= 0, "Resolutions:ApprovalThreshold must not be negative.")
            .ValidateOnStart();
        return builder;
    }

    public static RouteGroupBuilder MapResolutions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets/{id}/actions").WithTags("Resolutions").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListAsync).WithName("ListResolutionActions").WithSummary("The actions taken or proposed on a complaint.");
        group.MapPost("/", ProposeAsync).WithName("ProposeResolutionAction")
            .WithSummary("Record a refund, adjustment, unfreeze request, retry guidance or explanation; large money actions wait for approval.");
        group.MapPost("/{actionId:guid}/approve", (string id, Guid actionId, DecideRequest r, AppDbContext db, ActorAccessor a, TimeProvider c, IStringLocalizer<SharedResource> l, CancellationToken ct)
            => DecideAsync(id, actionId, r, approve: true, db, a, c, l, ct)).WithName("ApproveResolutionAction").WithSummary("Approve (a second person: not the requester).");
        group.MapPost("/{actionId:guid}/reject", (string id, Guid actionId, DecideRequest r, AppDbContext db, ActorAccessor a, TimeProvider c, IStringLocalizer<SharedResource> l, CancellationToken ct)
            => DecideAsync(id, actionId, r, approve: false, db, a, c, l, ct)).WithName("RejectResolutionAction").WithSummary("Reject, with a note.");
        return api;
    }

    internal static async Task<Results<Ok<List<ActionResponse>>, NotFound>> ListAsync(string id, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var actions = await db.ResolutionActions.AsNoTracking().Where(a => a.TicketId == ticket.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(actions.Select(ActionResponse.From).ToList());
    }

    internal static async Task<Results<Created<ActionResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ProposeAsync(
        string id, ProposeRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IOptions<ResolutionOptions> options,
        IOptions<VerificationOptions> verification, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.Status is TicketStatus.Closed or TicketStatus.Resolved)
        {
            return LifecycleEndpoints.NotAllowedForStaff(l, ticket.Status);
        }
        var errors = new ValidationErrors(l);
        if (request.Kind is null) errors.AddKey("kind", "Validation.Required");
        errors.RequiredText("note", request.Note, 2000);
        var kind = request.Kind ?? ResolutionKind.Explanation;
        if (ResolutionAction.MovesMoney(kind))
        {
            if (request.Amount is null) errors.AddKey("amount", "Validation.Required");
            else TicketRules.CheckAmount(errors, "amount", request.Amount);
        }
        else if (request.Amount is not null)
        {
            errors.AddKey("amount", "Resolution.NoAmount");
        }
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        if (ResolutionAction.NeedsVerification(kind) && !VerificationEndpoints.IsVerified(ticket, now, verification.Value))
        {
            return TypedResults.Problem(l["Verification.Required"], statusCode: StatusCodes.Status403Forbidden, title: l["Verification.Title"]);
        }
        var amount = request.Amount?.Value;
        var action = new ResolutionAction
        {
            TicketId = ticket.Id,
            Kind = kind,
            Amount = amount,
            Currency = request.Amount?.Currency?.Trim().ToUpperInvariant(),
            Note = Infrastructure.Security.PersonalNumbers.Mask(request.Note!.Trim()).Text,
            // Maker-checker: money above the threshold waits for a second person.
            Status = ResolutionAction.MovesMoney(kind) && amount > options.Value.ApprovalThreshold ? ResolutionStatus.PendingApproval : ResolutionStatus.Approved,
            RequestedById = actor.UserId,
            RequestedByName = actor.Name,
            CreatedAt = now,
        };
        db.ResolutionActions.Add(action);
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Action, actor, now, action.Note, new JsonObject
        {
            ["actionId"] = action.Id.ToString(),
            ["kind"] = EnumText.Name(kind),
            ["amount"] = amount,
            ["currency"] = action.Currency,
            ["status"] = EnumText.Name(action.Status),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}/actions", ActionResponse.From(action));
    }

    internal static async Task<Results<Ok<ActionResponse>, NotFound, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string id, Guid actionId, DecideRequest request, bool approve, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        var action = await db.ResolutionActions.FirstOrDefaultAsync(a => a.Id == actionId && a.TicketId == ticket.Id, ct);
        if (action is null) return TypedResults.NotFound();

        if (!actor.Roles.Overlaps(Approvers))
        {
            return TypedResults.Problem(l["Resolution.NotApprover"], statusCode: StatusCodes.Status403Forbidden, title: l["Resolution.Title"]);
        }
        if (action.RequestedById == actor.UserId)
        {
            return TypedResults.Problem(l["Resolution.OwnRequest"], statusCode: StatusCodes.Status403Forbidden, title: l["Resolution.Title"]);
        }
        if (action.Status != ResolutionStatus.PendingApproval)
        {
            return TypedResults.Problem(l["Resolution.AlreadyDecided", EnumText.Name(action.Status)], statusCode: StatusCodes.Status409Conflict, title: l["Resolution.Title"]);
        }
        var errors = new ValidationErrors(l);
        if (!approve) errors.RequiredText("note", request.Note, 2000);
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
