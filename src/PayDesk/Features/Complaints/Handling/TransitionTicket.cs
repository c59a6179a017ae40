using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Notifications;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

internal static class TransitionTicket
{
    public sealed record Request(TicketTrigger? Trigger, string? Reason, RootCause? RootCause, ResolutionCode? ResolutionCode, string? Summary);

    public static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, Request request, AppDbContext db, ActorAccessor actors, LifecycleServices lifecycle,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        if (request.Trigger is null)
        {
            errors.AddKey("trigger", "Validation.Required");
            return errors.ToProblem();
        }
        // The reason of these triggers reaches the customer (progress notice, proposed solution): no unapproved refund claims.
        if (request.Trigger is TicketTrigger.ProposeSolution or TicketTrigger.AwaitCustomer or TicketTrigger.AwaitThirdParty
            && await GuardMoneyClaims.RefusedAsync(db, ticket.Id, request.Reason, ct))
        {
            return GuardMoneyClaims.Problem(l);
        }
        var outcome = await ApplyAsync(db, ticket, new TransitionInput(request.Trigger.Value, request.Reason?.Trim(), request.RootCause,
            request.ResolutionCode, request.Summary), actor, lifecycle, ct);
        if (outcome.NotAllowed) return LifecycleProblems.NotAllowed(l, ticket.Status, outcome.Allowed);
        if (!outcome.Applied)
        {
            foreach (var (field, key) in outcome.Errors) errors.AddKey(field, key, lifecycle.Options.ReopenWindowDays);
            return errors.ToProblem();
        }
        return TypedResults.Ok(TicketResponse.For(ticket, actor));
    }

    /// <summary>Applies a trigger and, when it is accepted, records it, tells the customer and saves.</summary>
    public static async Task<TransitionOutcome> ApplyAsync(
        AppDbContext db, Ticket ticket, TransitionInput input, Actor actor, LifecycleServices lifecycle, CancellationToken ct)
    {
        var outcome = await ApplyUnsavedAsync(db, ticket, input, actor, lifecycle, ct);
        if (outcome.Applied) await db.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>As <see cref="ApplyAsync"/>, leaving the save to the caller's unit of work.</summary>
    public static async Task<TransitionOutcome> ApplyUnsavedAsync(
        AppDbContext db, Ticket ticket, TransitionInput input, Actor actor, LifecycleServices lifecycle, CancellationToken ct)
    {
        var now = lifecycle.Clock.GetUtcNow().UtcDateTime;
        var ownerBefore = ticket.OwnerId;
        var outcome = ApplyTransition.Run(ticket, input, actor, now, lifecycle.Options);
        if (!outcome.Applied) return outcome;
        await lifecycle.Observers.TransitionedAsync(ticket, input.Trigger, outcome.From!.Value, now, ct);

        JsonObject? data = null;
        // 确认受理 by an agent is personal: who took the complaint on. The customer was acknowledged at intake.
        if (input.Trigger == TicketTrigger.Acknowledge) data = new JsonObject { ["takenOnBy"] = actor.Name };
        if (input.Trigger == TicketTrigger.Close)
        {
            data = new JsonObject { ["rootCause"] = EnumText.Name(input.RootCause!.Value), ["resolutionCode"] = EnumText.Name(input.ResolutionCode!.Value) };
        }
        Timeline.Record(db, ticket, TicketEventKind.Transition, actor, now, input.Reason, data, customerVisible: true,
            from: outcome.From, to: outcome.To, trigger: input.Trigger);
        if (ownerBefore is null && ticket.OwnerId is not null)
        {
            Timeline.Record(db, ticket, TicketEventKind.Assignment, actor, now, data: new JsonObject { ["owner"] = actor.Name, ["firstContact"] = true });
        }
        // 执行与反馈: the customer hears of progress, the proposed solution and closure. The acknowledgement went out
        // automatically at intake (AcknowledgeIntake); the agent's 确认受理 only records who took the complaint on.
        var template = input.Trigger switch
        {
            TicketTrigger.AwaitCustomer or TicketTrigger.AwaitThirdParty => DefaultTemplates.Progress,
            TicketTrigger.ProposeSolution => DefaultTemplates.SolutionProposed,
            TicketTrigger.Close => DefaultTemplates.Closed,
            _ => null,
        };
        if (template is not null)
        {
            var values = Notifier.ValuesFor(ticket, ticket.Customer!, input.Reason);
            if (input.Trigger == TicketTrigger.ProposeSolution) values["confirmUrl"] = lifecycle.Links.UrlFor(ticket.Id, ticket.SolutionProposedAt!.Value);
            await lifecycle.Notifier.QueueAsync(ticket.Customer!, ticket, template, values, actor, ct);
        }
        return outcome;
    }
}
