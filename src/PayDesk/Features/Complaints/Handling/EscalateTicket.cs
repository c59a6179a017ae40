using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>升级处理: one level up, and at least high priority.</summary>
internal static class EscalateTicket
{
    public sealed record Request(string? Reason);

    public static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, Request request, AppDbContext db, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();
        if (ticket.Status is TicketStatus.Closed)
        {
            return LifecycleProblems.NotAllowedForStaff(l, ticket.Status);
        }
        var errors = new ValidationErrors(l);
        errors.RequiredText("reason", request.Reason, 1000);
        if (errors.Any) return errors.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        ticket.EscalationLevel++;
        if (ticket.Priority < TicketPriority.High) ticket.Priority = TicketPriority.High;
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Escalation, actor, now, request.Reason!.Trim(),
            new JsonObject { ["level"] = ticket.EscalationLevel });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TicketResponse.For(ticket, actor));
    }
}
