namespace PayDesk.Features.Complaints;

/// <summary>
/// Follows a complaint's life from another feature, in the complaint's own unit of work (the service-level
/// clocks start, pause and stop this way). Complaints calls its observers and knows nothing else of them,
/// so the dependency runs one way: the observing feature depends on Complaints.
/// </summary>
internal interface IComplaintObserver
{
    /// <summary>A complaint was opened (not yet saved).</summary>
    Task OpenedAsync(Ticket ticket, DateTime now, CancellationToken ct);

    Task TransitionedAsync(Ticket ticket, TicketTrigger trigger, TicketStatus from, DateTime now, CancellationToken ct);

    /// <summary>Staff sent the customer a public reply.</summary>
    Task StaffRepliedAsync(Ticket ticket, DateTime now, CancellationToken ct);

    /// <summary>Category, sub-category or priority changed.</summary>
    Task FactsChangedAsync(Ticket ticket, DateTime now, CancellationToken ct);

    /// <summary>
    /// The automatic acknowledgements of these complaints left the outbox (handed to the SMS gateway, mail relay, social
    /// channel or portal), each at its own time: one call for the outbox's whole group, so an observer reads what it needs
    /// for all of them at once.
    /// </summary>
    Task AcknowledgementsDeliveredAsync(IReadOnlyList<(Ticket Ticket, DateTime At)> delivered, CancellationToken ct);
}

/// <summary>Every registered <see cref="IComplaintObserver"/>, called in registration order.</summary>
internal sealed class ComplaintObservers(IEnumerable<IComplaintObserver> observers)
{
    private readonly IComplaintObserver[] _all = observers.ToArray();

    public async Task OpenedAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        foreach (var o in _all) await o.OpenedAsync(ticket, now, ct);
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

    public async Task AcknowledgementsDeliveredAsync(IReadOnlyList<(Ticket Ticket, DateTime At)> delivered, CancellationToken ct)
    {
        if (delivered.Count == 0) return;
        foreach (var o in _all) await o.AcknowledgementsDeliveredAsync(delivered, ct);
    }
}

/// <summary>
/// Which complaints' service levels are at risk or breached now, for the inbox's "at risk" view; answered by
/// the feature that keeps the clocks.
/// </summary>
internal interface IComplaintRiskSource
{
    IQueryable<Guid> AtRiskOrBreached(DateTime at);

    /// <summary>The due times of the running clocks (not stopped, not paused), for sorting the inbox by service level in the query.</summary>
    IQueryable<ClockDue> RunningDue();

    /// <summary>Each complaint's most urgent running clock (the soonest due), for the inbox's countdown column.</summary>
    Task<IReadOnlyDictionary<Guid, UrgentClock>> MostUrgentAsync(IReadOnlyCollection<Guid> ticketIds, DateTime at, CancellationToken ct);
}

/// <summary>One running clock's due time (a query shape, composed into the inbox query).</summary>
internal sealed class ClockDue
{
    public Guid TicketId { get; init; }
    public DateTime DueAt { get; init; }
}

/// <summary>How urgent a running clock is: ok (green), warn (past its warning point, amber), danger (under an hour left, red), breached.</summary>
internal enum Urgency
{
    Ok,
    Warn,
    Danger,
    Breached,
}

/// <summary>
/// A complaint's most urgent clock: its kind (a ClockKind name), due time and urgency, and the business time it has left
/// (negative once over) counted on its own calendar, as the complaint page counts it; <see cref="WorkingDayMinutes"/> is
/// the working day that time reads in, null for round-the-clock clocks.
/// </summary>
internal sealed record UrgentClock(string Kind, DateTime DueAt, Urgency Urgency, TimeSpan Left, int? WorkingDayMinutes);

/// <summary>The team an agent works in, for the inbox's "my team" view; answered by the feature that keeps agent profiles.</summary>
internal interface IAgentTeams
{
    Task<string?> TeamOfAsync(Guid? userId, CancellationToken ct);
}
