namespace PayDesk.Features.Complaints;

/// <summary>
/// Follows a complaint's life from another feature, in the complaint's own unit of work (the service-level
/// clocks start, pause and stop this way). Complaints calls its observers and knows nothing else of them,
/// so the dependency runs one way: the observing feature depends on Complaints.
/// </summary>
internal interface IComplaintObserver
{
    /// <summary>A complaint was opened (not yet saved).</summary>
    void Opened(Ticket ticket, DateTime now);

    Task TransitionedAsync(Ticket ticket, TicketTrigger trigger, TicketStatus from, DateTime now, CancellationToken ct);

    /// <summary>Staff sent the customer a public reply.</summary>
    Task StaffRepliedAsync(Ticket ticket, DateTime now, CancellationToken ct);

    /// <summary>Category, sub-category or priority changed.</summary>
    Task FactsChangedAsync(Ticket ticket, DateTime now, CancellationToken ct);

    /// <summary>The automatic acknowledgement left the outbox (handed to the SMS gateway, mail relay, social channel or portal).</summary>
    Task AcknowledgementDeliveredAsync(Ticket ticket, DateTime at, CancellationToken ct);
}

/// <summary>Every registered <see cref="IComplaintObserver"/>, called in registration order.</summary>
internal sealed class ComplaintObservers(IEnumerable<IComplaintObserver> observers)
{
    private readonly IComplaintObserver[] _all = observers.ToArray();

    public void Opened(Ticket ticket, DateTime now)
    {
        foreach (var o in _all) o.Opened(ticket, now);
    }

    public async Task TransitionedAsync(Ticket ticket, TicketTrigger trigger, TicketStatus from, DateTime now, CancellationToken ct)
    {
        foreach (var o in _all) await o.TransitionedAsync(ticket, trigger, from, now, ct);
    }

    public async Task StaffRepliedAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        foreach (var o in _all) await o.StaffRepliedAsync(ticket, now, ct);
    }

    public async Task FactsChangedAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        foreach (var o in _all) await o.FactsChangedAsync(ticket, now, ct);
    }

    public async Task AcknowledgementDeliveredAsync(Ticket ticket, DateTime at, CancellationToken ct)
    {
        foreach (var o in _all) await o.AcknowledgementDeliveredAsync(ticket, at, ct);
    }
}

/// <summary>
/// Which complaints' service levels are at risk or breached now, for the inbox's "at risk" view; answered by
/// the feature that keeps the clocks.
/// </summary>
internal interface IComplaintRiskSource
{
    IQueryable<Guid> AtRiskOrBreached(DateTime at);
}

/// <summary>The team an agent works in, for the inbox's "my team" view; answered by the feature that keeps agent profiles.</summary>
internal interface IAgentTeams
{
    Task<string?> TeamOfAsync(Guid? userId, CancellationToken ct);
}
