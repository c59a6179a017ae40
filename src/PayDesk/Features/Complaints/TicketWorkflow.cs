using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>What someone asks the complaint to do next.</summary>
public enum TicketTrigger
{
    /// <summary>受理确认: the service centre confirms it has the complaint.</summary>
    Acknowledge,
    StartWork,
    AwaitCustomer,
    AwaitThirdParty,
    Resume,
    ProposeSolution,
    AcceptSolution,
    RejectSolution,

    /// <summary>The customer did not answer a proposed solution within the confirmation period.</summary>
    ConfirmationTimeout,
    Close,
    Reopen,
}

/// <summary>Why a complaint happened, required to close it (反馈总结 feeds analytics).</summary>
public enum RootCause
{
    BankDelay,
    MerchantError,
    SystemFault,
    ChannelOutage,
    RiskControl,
    Fraud,
    CustomerError,
    PolicyQuestion,
    Other,
}

/// <summary>How it was resolved, required to close it.</summary>
public enum ResolutionCode
{
    Refunded,
    Adjusted,
    Unfrozen,
    Explained,
    RetryGuided,
    NoFaultFound,

    /// <summary>Closed as a duplicate of another complaint about the same thing.</summary>
    Merged,
    Other,
}

/// <summary>Who may pull a trigger.</summary>
internal enum TriggerActor
{
    Staff,
    Customer,
    System,
}

/// <summary>
/// The complaint state machine (SPEC §2): new → acknowledged → in progress ⇄ awaiting customer /
/// awaiting third party → solution proposed → resolved → closed; a rejected solution goes back to
/// work one escalation level higher; a closed complaint may be reopened within a window.
/// Pure: no I/O, so it is tested exhaustively and by random sequences.
/// </summary>
internal static class TicketWorkflow
{
    private static readonly Dictionary<(TicketStatus From, TicketTrigger Trigger), TicketStatus> Table = new()
    {
        [(TicketStatus.New, TicketTrigger.Acknowledge)] = TicketStatus.Acknowledged,
        [(TicketStatus.New, TicketTrigger.StartWork)] = TicketStatus.InProgress,
        [(TicketStatus.Acknowledged, TicketTrigger.StartWork)] = TicketStatus.InProgress,
        [(TicketStatus.InProgress, TicketTrigger.AwaitCustomer)] = TicketStatus.AwaitingCustomer,
        [(TicketStatus.InProgress, TicketTrigger.AwaitThirdParty)] = TicketStatus.AwaitingThirdParty,
        [(TicketStatus.AwaitingCustomer, TicketTrigger.Resume)] = TicketStatus.InProgress,
        [(TicketStatus.AwaitingThirdParty, TicketTrigger.Resume)] = TicketStatus.InProgress,
        [(TicketStatus.InProgress, TicketTrigger.ProposeSolution)] = TicketStatus.SolutionProposed,
        [(TicketStatus.SolutionProposed, TicketTrigger.AcceptSolution)] = TicketStatus.Resolved,
        [(TicketStatus.SolutionProposed, TicketTrigger.RejectSolution)] = TicketStatus.InProgress,
        [(TicketStatus.SolutionProposed, TicketTrigger.ConfirmationTimeout)] = TicketStatus.Resolved,
        [(TicketStatus.Resolved, TicketTrigger.Close)] = TicketStatus.Closed,
        [(TicketStatus.Resolved, TicketTrigger.Reopen)] = TicketStatus.InProgress,
        [(TicketStatus.Closed, TicketTrigger.Reopen)] = TicketStatus.InProgress,
    };

    public static TicketStatus? Next(TicketStatus from, TicketTrigger trigger) =>
        Table.TryGetValue((from, trigger), out var to) ? to : null;

    public static IReadOnlyList<TicketTrigger> Allowed(TicketStatus from, TriggerActor actor) =>
        Enum.GetValues<TicketTrigger>().Where(t => Table.ContainsKey((from, t)) && MayPull(actor, t)).ToList();

    public static bool MayPull(TriggerActor actor, TicketTrigger trigger) => actor switch
    {
        // The customer answers a proposed solution and may reopen; everything else is the service centre's.
        TriggerActor.Customer => trigger is TicketTrigger.AcceptSolution or TicketTrigger.RejectSolution or TicketTrigger.Reopen,
        // The system acknowledges, times out unanswered solutions, and resumes work when the customer replies.
        TriggerActor.System => trigger is TicketTrigger.ConfirmationTimeout or TicketTrigger.Acknowledge or TicketTrigger.Resume,
        TriggerActor.Staff => trigger is not TicketTrigger.ConfirmationTimeout,
    };

    public static TriggerActor KindOf(Actor actor) =>
        actor.IsStaff ? TriggerActor.Staff : actor.IsCustomer ? TriggerActor.Customer : TriggerActor.System;
}
