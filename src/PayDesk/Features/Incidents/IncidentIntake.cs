using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Incidents;

/// <summary>
/// Follows complaints for the incidents, in the complaint's own unit of work: a new complaint in an open incident's scope is
/// linked at intake (and its resolution clock held when the incident says so); one filed soon after a matching incident was
/// resolved gets the incident's public summary as a reply; a complaint that resumes or reopens while an incident holds its
/// clock stays held.
/// </summary>
internal sealed class IncidentIntake(
    AppDbContext db, SlaClocks clocks, TimeProvider clock, IOptions<IncidentOptions> options, IStringLocalizer<SharedResource> l,
    IntakeIncidents cached) : IComplaintObserver
{
    public async Task OpenedAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        var since = now.AddDays(-options.Value.LateReplyDays);
        // The open and recently resolved incidents are few, and every complaint asks: a copy shared by this instance.
        var incidents = (await cached.GetAsync(db, options.Value.LateReplyDays, ct))
            .Where(i => i.StartedAt <= now && (i.Status != IncidentStatus.Resolved || i.ResolvedAt >= since))
            .OrderByDescending(i => i.StartedAt).Take(50).ToList();
        if (incidents.Count == 0) return;
        string? region = null;
        if (incidents.Any(i => !string.IsNullOrWhiteSpace(i.Region)))
        {
            region = ticket.Customer?.Region ?? db.Customers.Local.FirstOrDefault(c => c.Id == ticket.CustomerId)?.Region
                ?? await db.Customers.AsNoTracking().Where(c => c.Id == ticket.CustomerId).Select(c => c.Region).FirstOrDefaultAsync(ct);
        }
        var matching = incidents.Where(i => IncidentScope.Matches(i, ticket, region)).ToList();
        var open = matching.Where(i => i.IsOpen).ToList();
        foreach (var incident in open)
        {
            db.Add(new IncidentComplaint { IncidentId = incident.Id, TicketId = ticket.Id, LinkedBy = "intake", LinkedAt = now });
            Timeline.Record(db, ticket, TicketEventKind.Link, Actor.System, now, reason: l["Incident.LinkedReason", incident.Number, incident.Title],
                data: new JsonObject { ["incident"] = incident.Number, ["intake"] = true });
        }
        if (open.Any(i => i.ClockPolicy == IncidentClockPolicy.PauseResolution)) clocks.HoldUnsavedResolution(ticket.Id, now);
        if (open.Count > 0) return;

        // Late: the incident it is about was resolved recently. The customer reads the summary at once; staff still own the complaint.
        if (matching.FirstOrDefault(i => !i.IsOpen && !string.IsNullOrWhiteSpace(i.PublicSummary)) is { } resolved)
        {
            db.Add(new IncidentComplaint { IncidentId = resolved.Id, TicketId = ticket.Id, LinkedBy = "intake", LinkedAt = now });
            var message = AddTicketMessage.Add(db, ticket, resolved.PublicSummary!, MessageVisibility.Public, Actor.System, clock);
            db.TicketMessages.Add(message);
            Timeline.Record(db, ticket, TicketEventKind.Message, Actor.System, now, customerVisible: true,
                data: new JsonObject { ["messageId"] = message.Id.ToString(), ["visibility"] = "public", ["incident"] = resolved.Number, ["late"] = true });
        }
    }

    public async Task TransitionedAsync(Ticket ticket, TicketTrigger trigger, TicketStatus from, DateTime now, CancellationToken ct)
    {
        if (trigger is not (TicketTrigger.Resume or TicketTrigger.Reopen) || ticket.Status is TicketStatus.Resolved or TicketStatus.Closed) return;
        // Tracked incidents keep their unsaved state (an incident being resolved releases its complaints in this unit of work).
        var holding = await db.Set<Incident>()
            .Where(i => i.Status != IncidentStatus.Resolved && i.ClockPolicy == IncidentClockPolicy.PauseResolution
                && db.Set<IncidentComplaint>().Any(c => c.IncidentId == i.Id && c.TicketId == ticket.Id))
            .ToListAsync(ct);
        if (holding.Any(i => i.IsOpen)) await clocks.HoldResolutionAsync([ticket.Id], hold: true, now, ct);
    }

    public Task StaffRepliedAsync(Ticket ticket, DateTime now, CancellationToken ct) => Task.CompletedTask;

    public Task FactsChangedAsync(Ticket ticket, DateTime now, CancellationToken ct) => Task.CompletedTask;

    public Task AcknowledgementsDeliveredAsync(IReadOnlyList<(Ticket Ticket, DateTime At)> delivered, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// The open and recently resolved incidents every new complaint is compared with, shared by this instance (the read was a
/// query per complaint at intake). Reloaded when a save here changed an incident and at the latest after
/// <see cref="MaxAge"/> for changes made on other instances (a complaint filed on another node in that moment is left to
/// the incident's bulk link). Read-only: the rows are shared between requests.
/// </summary>
internal sealed class IntakeIncidents(SavedEntities saved, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly SavedEntitiesCache<IReadOnlyList<Incident>> _cache = new(saved, clock, MaxAge, typeof(Incident));

    /// <summary>Every incident not resolved, or resolved within the late-reply days before the load (callers filter by their own time).</summary>
    public Task<IReadOnlyList<Incident>> GetAsync(AppDbContext db, int lateReplyDays, CancellationToken ct) =>
        _cache.GetAsync(async token =>
        {
            var since = clock.GetUtcNow().UtcDateTime.AddDays(-lateReplyDays);
            return await db.Set<Incident>().AsNoTracking()
                .Where(i => i.Status != IncidentStatus.Resolved || i.ResolvedAt >= since).ToListAsync(token);
        }, ct);
}
