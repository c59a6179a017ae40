using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>A request to move a complaint along its lifecycle.</summary>
internal sealed record TransitionInput(
    TicketTrigger Trigger, string? Reason = null, RootCause? RootCause = null, ResolutionCode? ResolutionCode = null, string? Summary = null);

/// <summary>The outcome of applying a trigger: the state change, or why it is refused.</summary>
internal sealed record TransitionOutcome(
    TicketStatus? From, TicketStatus? To, IReadOnlyList<TicketTrigger> Allowed, IReadOnlyList<(string Field, string Key)> Errors)
{
    public bool Applied => To is not null;
    public bool NotAllowed => To is null && Errors.Count == 0;
}

/// <summary>
/// The rules around the state machine: what each trigger needs (a reason, a closing summary),
/// what it changes (owner on first pick-up, escalation level, reopen window). Pure, like the table.
/// </summary>
internal static class ApplyTransition
{
    private static readonly HashSet<TicketTrigger> NeedReason =
    [
        TicketTrigger.AwaitCustomer, TicketTrigger.AwaitThirdParty, TicketTrigger.ProposeSolution,
        TicketTrigger.RejectSolution, TicketTrigger.Reopen,
    ];

    public static TransitionOutcome Run(Ticket ticket, TransitionInput input, Actor actor, DateTime now, LifecycleOptions options)
    {
        var kind = TicketWorkflow.KindOf(actor);
        var allowed = TicketWorkflow.Allowed(ticket.Status, kind);
        var from = ticket.Status;
        var next = TicketWorkflow.Next(from, input.Trigger);
        if (next is null || !TicketWorkflow.MayPull(kind, input.Trigger)) return new(from, null, allowed, []);

        var errors = new List<(string, string)>();
        if (NeedReason.Contains(input.Trigger) && string.IsNullOrWhiteSpace(input.Reason)) errors.Add(("reason", "Validation.Required"));
        if (input.Reason is { Length: > 2000 }) errors.Add(("reason", "Lifecycle.ReasonTooLong"));
        if (input.Trigger == TicketTrigger.Close)
        {
            if (input.RootCause is null) errors.Add(("rootCause", "Validation.Required"));
            if (input.ResolutionCode is null) errors.Add(("resolutionCode", "Validation.Required"));
            if (input.Summary is { Length: > 4000 }) errors.Add(("summary", "Lifecycle.SummaryTooLong"));
        }
        if (input.Trigger == TicketTrigger.Reopen && from == TicketStatus.Closed
            && ticket.ClosedAt is { } closed && now - closed > TimeSpan.FromDays(options.ReopenWindowDays))
        {
            errors.Add(("trigger", "Lifecycle.ReopenWindowPassed"));
        }
        if (errors.Count > 0) return new(from, null, allowed, errors);

        ticket.Status = next.Value;
        ticket.UpdatedAt = now;
        switch (input.Trigger)
        {
            case TicketTrigger.StartWork when ticket.OwnerId is null && actor.IsStaff:
                // 首问负责制: whoever first takes the case owns it until closure.
                ticket.OwnerId = actor.UserId;
                break;
            case TicketTrigger.ProposeSolution:
                ticket.SolutionProposedAt = now;
                break;
            case TicketTrigger.RejectSolution:
                ticket.EscalationLevel++;
                ticket.SolutionProposedAt = null;
                break;
            case TicketTrigger.AcceptSolution or TicketTrigger.ConfirmationTimeout:
                ticket.ResolvedAt = now;
                break;
            case TicketTrigger.Close:
                ticket.ClosedAt = now;
                ticket.RootCause = input.RootCause;
                ticket.ResolutionCode = input.ResolutionCode;
                ticket.Summary = string.IsNullOrWhiteSpace(input.Summary) ? null : Infrastructure.Security.PersonalNumbers.Mask(input.Summary.Trim()).Text;
                break;
            case TicketTrigger.Reopen:
                ticket.ReopenCount++;
                ticket.ClosedAt = null;
                ticket.ResolvedAt = null;
                ticket.SolutionProposedAt = null;
                break;
        }
        return new(from, next, TicketWorkflow.Allowed(next.Value, kind), []);
    }
}
