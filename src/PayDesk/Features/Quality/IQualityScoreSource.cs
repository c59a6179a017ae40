namespace PayDesk.Features.Quality;

/// <summary>Where a quality score came from; scorecards label each kind so an automatic score is never mistaken for a reviewer's.</summary>
public enum QualityScoreKind
{
    /// <summary>Scored by PayDesk itself for every complaint and chat (response times, verification before disclosure, phrases …).</summary>
    Automatic,
    /// <summary>Scored by a reviewer against a rubric (质检), after any dispute is settled.</summary>
    Manual,
    /// <summary>Learned on a follow-up visit (回访): satisfied, problem back, unreachable.</summary>
    FollowUp,
}

/// <summary>
/// The points one agent earned on one rubric item over one week (weeks start on Monday, China time), summed over the
/// complaints and chats scored in that week. <see cref="ItemName"/> is already in the current UI culture.
/// </summary>
public sealed record QualityItemTotal(
    Guid AgentId, DateOnly WeekStart, QualityScoreKind Kind, string ItemKey, string ItemName,
    decimal Points, decimal MaxPoints, int Count);

/// <summary>
/// The scorecards' week: Monday 00:00 to Sunday 24:00 in the service centre's time (China, UTC+8, no daylight saving).
/// Every score source buckets its work with this. (It was the UTC Monday: a night shift's work between 00:00 and 08:00 on
/// Monday counted in the week before.)
/// </summary>
public static class QualityWeek
{
    /// <summary>The Monday of the week the instant <paramref name="utc"/> falls in, in the service centre's time.</summary>
    public static DateOnly StartOf(DateTime utc) => OfDay(Complaints.ServiceTime.DateOf(utc));

    /// <summary>The Monday of the week of a day already in the service centre's time.</summary>
    public static DateOnly OfDay(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The instant (UTC) a service-centre day begins.</summary>
    public static DateTime StartUtc(DateOnly day) => Complaints.ServiceTime.StartUtc(day);
}

/// <summary>
/// Everything that scores agents' work feeds the scorecards through this contract: the reviewers' reviews, the
/// automatic review and the follow-up visits each register one source, so the scorecard never reads their tables.
/// </summary>
public interface IQualityScoreSource
{
    QualityScoreKind Kind { get; }

    /// <summary>Totals per agent, week and item for work scored in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), aggregated in the database.</summary>
    Task<IReadOnlyList<QualityItemTotal>> TotalsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct);
}
