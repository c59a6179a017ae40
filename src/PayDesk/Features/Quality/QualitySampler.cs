namespace PayDesk.Features.Quality;

/// <summary>A complaint an agent worked in the sampled week, with the facts that make it a must-review.</summary>
internal sealed record SampleCandidate(Guid TicketId, Guid AgentId, bool Escalated, bool Reopened, bool LowCsat, bool Breached, bool LowAutoScore = false);

internal sealed record SamplePick(Guid TicketId, Guid AgentId, SampleReason Reason, Guid? ReviewerId);

/// <summary>
/// Which complaints a weekly sample (抽检) takes: every escalated, breached, reopened or low-CSAT complaint, and
/// <c>perAgent</c> more at random from each agent's other complaints. Reviewers are dealt the picks in turn,
/// skipping the agent whose work it is (nobody reviews their own work); a pick nobody else can take stays unassigned.
/// </summary>
internal static class QualitySampler
{
    public static IReadOnlyList<SamplePick> Pick(IEnumerable<SampleCandidate> candidates, int perAgent, IReadOnlyList<Guid> reviewers, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perAgent);
        var picks = new List<(Guid Ticket, Guid Agent, SampleReason Reason)>();
        // Ordered first, so the same seed draws the same sample whatever order the database returned.
        foreach (var agent in candidates.DistinctBy(c => c.TicketId).GroupBy(c => c.AgentId).OrderBy(g => g.Key))
        {
            var rest = new List<SampleCandidate>();
            foreach (var c in agent.OrderBy(c => c.TicketId))
            {
                if (MustReview(c) is { } reason) picks.Add((c.TicketId, c.AgentId, reason));
                else rest.Add(c);
            }
            var shuffled = rest.ToArray();
            random.Shuffle(shuffled);
            picks.AddRange(shuffled.Take(perAgent).Select(c => (c.TicketId, c.AgentId, SampleReason.Random)));
        }

        var result = new List<SamplePick>(picks.Count);
        var turn = 0;
        foreach (var (ticket, agent, reason) in picks)
        {
            Guid? reviewer = null;
            for (var tried = 0; tried < reviewers.Count; tried++)
            {
                var candidate = reviewers[(turn + tried) % reviewers.Count];
                if (candidate == agent) continue;
                reviewer = candidate;
                turn += tried + 1;
                break;
            }
            result.Add(new SamplePick(ticket, agent, reason, reviewer));
        }
        return result;
    }

    /// <summary>The first reason a complaint must be reviewed, most serious first; null when only chance picks it.</summary>
    public static SampleReason? MustReview(SampleCandidate c) =>
        c.Escalated ? SampleReason.Escalated
        : c.Breached ? SampleReason.Breached
        : c.Reopened ? SampleReason.Reopened
        : c.LowCsat ? SampleReason.LowCsat
        : c.LowAutoScore ? SampleReason.LowAutoScore
        : null;
}
