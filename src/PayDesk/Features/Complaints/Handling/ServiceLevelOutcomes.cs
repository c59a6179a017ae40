using System.Text.Json.Nodes;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>What the service-level clocks do to the complaint itself: warnings and breaches on its timeline, the
/// raised priority at a breach, and the outcome written onto the complaint when a clock stops.</summary>
internal static class ServiceLevelOutcomes
{
    /// <summary>A target is at risk: the owner and supervisors see it on the timeline.</summary>
    public static void AtRisk(AppDbContext db, Ticket ticket, string clock, DateTime? dueAt, DateTime now) =>
        Timeline.Record(db, ticket, TicketEventKind.Escalation, Actor.System, now, $"SLA at risk: {clock}",
            new JsonObject { ["sla"] = clock, ["step"] = "at_risk", ["dueAt"] = dueAt });

    /// <summary>At a breach the priority goes up to at least high and the complaint escalates one level (升级).</summary>
    public static void Breached(AppDbContext db, Ticket ticket, string clock, DateTime now)
    {
        if (ticket.Priority < TicketPriority.High) ticket.Priority = TicketPriority.High;
        ticket.EscalationLevel++;
        ticket.UpdatedAt = now;
        Timeline.Record(db, ticket, TicketEventKind.Escalation, Actor.System, now, $"SLA breached: {clock}",
            new JsonObject { ["sla"] = clock, ["step"] = "breached", ["level"] = ticket.EscalationLevel });
    }

    /// <summary>Reports read the outcome from the complaint itself, without joining its clocks.</summary>
    public static void ResolutionStopped(Ticket ticket, int businessMinutes, bool met) =>
        (ticket.ResolutionMinutes, ticket.ResolutionMet) = (businessMinutes, met);

    /// <summary>A reopened complaint's resolution clock runs again: its outcome is open once more.</summary>
    public static void ResolutionRestarted(Ticket ticket) => (ticket.ResolutionMinutes, ticket.ResolutionMet) = (null, null);

    public static void RegulatoryStopped(Ticket ticket, bool met) => ticket.RegulatoryMet = met;
}
