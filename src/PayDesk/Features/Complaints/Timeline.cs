using System.Text.Json.Nodes;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>Writes timeline entries in the caller's unit of work.</summary>
internal static class Timeline
{
    public static TicketEvent Record(
        AppDbContext db, Ticket ticket, TicketEventKind kind, Actor actor, DateTime at, string? reason = null,
        JsonObject? data = null, bool customerVisible = false, TicketStatus? from = null, TicketStatus? to = null,
        TicketTrigger? trigger = null)
    {
        var entry = new TicketEvent
        {
            TicketId = ticket.Id,
            At = at,
            ActorId = actor.UserId,
            ActorName = actor.Name,
            Kind = kind,
            FromStatus = from,
            ToStatus = to,
            Trigger = trigger,
            // Reasons are typed by people: personal numbers in them are masked like any free text.
            Reason = Infrastructure.Security.PersonalNumbers.MaskText(reason),
            Data = data?.ToJsonString(AuditJson.Options),
            CustomerVisible = customerVisible,
        };
        db.TicketEvents.Add(entry);
        return entry;
    }
}
