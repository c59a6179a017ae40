using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>转接专家: an expert team (optionally a named expert) joins; the owner keeps the complaint.</summary>
internal static class TransferTicket
{
    public sealed record Request(string? Team, Guid? AssigneeId, string? Reason);

    public static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, Request request, AppDbContext db, ActorAccessor actors, UserManager<AppUser> users, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.Status is TicketStatus.Closed or TicketStatus.Resolved)
        {
            return LifecycleProblems.NotAllowedForStaff(l, ticket.Status);
        }

        var errors = new ValidationErrors(l);
        if (errors.Required("team", request.Team) && !Teams.All.Contains(request.Team)) errors.AddKey("team", "Request.InvalidEnum", string.Join(", ", Teams.All));
        errors.RequiredText("reason", request.Reason, 1000);
        AppUser? expert = null;
        if (request.AssigneeId is { } assignee)
        {
            expert = await users.FindByIdAsync(assignee.ToString());
            if (expert is null) errors.AddKey("assigneeId", "Ticket.OwnerUnknown");
            else if (!await users.IsStaffAsync(expert)) errors.AddKey("assigneeId", "Ticket.OwnerNotStaff");
        }
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        db.TicketAssignees.Add(new TicketAssignee { TicketId = ticket.Id, Team = request.Team!, UserId = expert?.Id, AddedAt = now, Reason = Infrastructure.Security.PersonalNumbers.Mask(request.Reason!.Trim()).Text });
        ticket.Team = request.Team;
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Transfer, actor, now, request.Reason.Trim(),
            new JsonObject { ["team"] = request.Team, ["expert"] = expert?.DisplayName });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TicketResponse.For(ticket, actor));
    }
}
