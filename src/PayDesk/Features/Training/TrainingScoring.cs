using PayDesk.Features.Complaints;

namespace PayDesk.Features.Training;

/// <summary>One scored item of a session; the name is shown from the resource "Training.Item.{Key}".</summary>
public sealed record TrainingScoreItem(string Key, decimal Points, decimal MaxPoints, bool Automatic);

/// <summary>What the automatic items are computed from: the session's transcript and actions, nothing else.</summary>
internal sealed record SessionRecord(
    DateTime StartedAt,
    DateTime EndedAt,
    DateTime? VerifiedAt,
    TicketCategory ExpectedCategory,
    TicketCategory? ChosenCategory,
    string? ProposedSolution,
    IReadOnlyList<SessionStep> Steps);

/// <summary>A trainee's message (with what it was read as) or action, at a time.</summary>
internal sealed record SessionStep(DateTime At, TrainingEventKind Kind, string Text, string? Topic);

/// <summary>
/// The rubric's automatic items for a training session — the same measurable things the automatic review checks on
/// real work: greeting, first response within target, identity verified before account data (the ledger) or a card/ID
/// number is asked for, the ledger looked up, the right category, no forbidden phrases, a solution proposed, resolved
/// within target, a closing. A pure rule: data and options in, items out.
/// </summary>
internal static class TrainingScoring
{
    public static IReadOnlyList<TrainingScoreItem> Score(SessionRecord s, TrainingOptions o)
    {
        var said = s.Steps.Where(x => x.Kind == TrainingEventKind.TraineeMessage).ToList();
        var first = said.FirstOrDefault();
        var accountTouches = s.Steps.Where(x => x.Kind is TrainingEventKind.LedgerLookedUp or TrainingEventKind.LookupRefused
            || x.Kind == TrainingEventKind.TraineeMessage && x.Topic is TrainingTopics.CardNumber or TrainingTopics.IdNumber).ToList();
        var verifiedFirst = s.VerifiedAt is { } v && accountTouches.All(t => t.At >= v);
        var forbidden = said.Any(m => o.ForbiddenPhrases.Any(p => m.Text.Contains(p, StringComparison.OrdinalIgnoreCase)));
        var last = said.LastOrDefault();
        return
        [
            Item("greeting", 5, first is not null && (first.Topic == TrainingTopics.Greeting || o.GreetingPhrases.Any(p => first.Text.Contains(p, StringComparison.OrdinalIgnoreCase)))),
            Item("first_response", 10, first is not null && first.At - s.StartedAt <= TimeSpan.FromSeconds(o.FirstResponseSeconds)),
            Item("verified_first", 20, verifiedFirst),
            Item("ledger_lookup", 10, s.Steps.Any(x => x.Kind == TrainingEventKind.LedgerLookedUp)),
            Item("category", 10, s.ChosenCategory == s.ExpectedCategory),
            Item("no_forbidden", 15, said.Count > 0 && !forbidden),
            Item("solution", 15, !string.IsNullOrWhiteSpace(s.ProposedSolution)),
            Item("resolved_in_time", 5, !string.IsNullOrWhiteSpace(s.ProposedSolution) && s.EndedAt - s.StartedAt <= TimeSpan.FromMinutes(o.ResolutionMinutes)),
            Item("closing", 10, last is not null && (last.Topic == TrainingTopics.Closing || o.ClosingPhrases.Any(p => last.Text.Contains(p, StringComparison.OrdinalIgnoreCase)))),
        ];
    }

    private static TrainingScoreItem Item(string key, decimal max, bool passed) => new(key, passed ? max : 0, max, Automatic: true);

    /// <summary>The reviewer's items and their maximum points.</summary>
    public static readonly IReadOnlyList<(string Key, decimal Max)> ManualItems = [("empathy", 10), ("accuracy", 10), ("explanation", 10)];
}
