namespace PayDesk.Features.Complaints;

/// <summary>
/// One follow-up visit (回访) of a complaint as the complaint page shows it. <see cref="Status"/> and
/// <see cref="LastResult"/> are the follow-up feature's status and result names (Open, Satisfied, ProblemBack, Unreachable, Cancelled).
/// </summary>
public sealed record ComplaintFollowUp(Guid Id, string Status, DateTime DueAt, string DueLocal, string TimeZone, int Attempts, int MaxAttempts,
    string? AssigneeName, string? LastResult, string? LastNote, DateTime? ClosedAt, string? FollowOnNumber, DateTime ResolvedAt);

/// <summary>
/// The follow-up visits of one complaint, answered by the feature that plans and records them, so the complaint page
/// shows them without Complaints depending on that feature.
/// </summary>
internal interface IComplaintFollowUps
{
    /// <summary>The complaint's visits, newest resolution first.</summary>
    Task<IReadOnlyList<ComplaintFollowUp>> OfComplaintAsync(Guid ticketId, CancellationToken ct);

    /// <summary>
    /// A person asks for a visit of the complaint's latest resolution (the rules did not, or not yet): null when planned,
    /// else why not (not resolved, merged, already planned, a time outside the bookable window). <paramref name="dueLocal"/>:
    /// the time the customer asked for, as a wall time in the zone of the complaint team's calendar; null: as the rules set it.
    /// </summary>
    Task<string?> RequestAsync(Guid ticketId, DateTime? dueLocal, CancellationToken ct);
}
