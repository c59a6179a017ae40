using PayDesk.Features.Complaints;
using PayDesk.Features.Quality;

namespace PayDesk.Features.Training;

/// <summary>
/// One scored item of a session. An automatic item's name is the resource "Training.Item.{Key}"; a manual item is a
/// rubric item and carries the rubric's names, and <see cref="Value"/> is the reviewer's value on the rubric's scale
/// (null until reviewed) out of <see cref="MaxValue"/> (2 for pass/partial/fail), worth the item's weight. <see cref="Detail"/> is the evidence in plain words (the phrases found or missing).
/// </summary>
public sealed record TrainingScoreItem(string Key, decimal Points, decimal MaxPoints, bool Automatic,
    string? Name = null, string? NameEn = null, string? Detail = null, int? Value = null, int? MaxValue = null)
{
    public string DisplayName(bool english) => english ? NameEn ?? Name ?? Key : Name ?? NameEn ?? Key;
}

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
/// number is asked for, the ledger looked up, the right category, no forbidden phrases and the required ones present
/// (Quality's phrase lists and its jieba-aware matcher, the same as the automatic review), a solution proposed,
/// resolved within target, a closing. A pure rule: data, options and the phrase matcher in, items out.
/// </summary>
internal static class TrainingScoring
{
    public static IReadOnlyList<TrainingScoreItem> Score(SessionRecord s, TrainingOptions o, PhraseListMatcher phrases)
    {
        var said = s.Steps.Where(x => x.Kind == TrainingEventKind.TraineeMessage).ToList();
        var first = said.FirstOrDefault();
        var accountTouches = s.Steps.Where(x => x.Kind is TrainingEventKind.LedgerLookedUp or TrainingEventKind.LookupRefused
            || x.Kind == TrainingEventKind.TraineeMessage && x.Topic is TrainingTopics.CardNumber or TrainingTopics.IdNumber).ToList();
        var verifiedFirst = s.VerifiedAt is { } v && accountTouches.All(t => t.At >= v);
        var texts = said.Select(m => m.Text).ToList();
        var forbidden = phrases.ForbiddenIn(texts);
        var missing = phrases.RequiredMissingFrom(texts);
        var last = said.LastOrDefault();
        List<TrainingScoreItem> items =
        [
            Item("greeting", 5, first is not null && (first.Topic == TrainingTopics.Greeting || o.GreetingPhrases.Any(p => first.Text.Contains(p, StringComparison.OrdinalIgnoreCase)))),
            Item("first_response", 10, first is not null && first.At - s.StartedAt <= TimeSpan.FromSeconds(o.FirstResponseSeconds)),
            Item("verified_first", 20, verifiedFirst),
            Item("ledger_lookup", 10, s.Steps.Any(x => x.Kind == TrainingEventKind.LedgerLookedUp)),
            Item("category", 10, s.ChosenCategory == s.ExpectedCategory),
            new("no_forbidden", said.Count == 0 ? 0 : Math.Max(0, AutomaticReviewRules.ForbiddenMax - AutomaticReviewRules.ForbiddenPerHit * forbidden.Count),
                AutomaticReviewRules.ForbiddenMax, Automatic: true, Detail: forbidden.Count == 0 ? null : string.Join("、", forbidden.Distinct())),
            Item("solution", 15, !string.IsNullOrWhiteSpace(s.ProposedSolution)),
            Item("resolved_in_time", 5, !string.IsNullOrWhiteSpace(s.ProposedSolution) && s.EndedAt - s.StartedAt <= TimeSpan.FromMinutes(o.ResolutionMinutes)),
            Item("closing", 10, last is not null && (last.Topic == TrainingTopics.Closing || o.ClosingPhrases.Any(p => last.Text.Contains(p, StringComparison.OrdinalIgnoreCase)))),
        ];
        if (phrases.RequiredCount > 0)
        {
            var points = said.Count == 0 ? 0 : Math.Round(AutomaticReviewRules.RequiredMax * (phrases.RequiredCount - missing.Count) / phrases.RequiredCount, 2);
            items.Insert(6, new("required_phrases", points, AutomaticReviewRules.RequiredMax, Automatic: true,
                Detail: missing.Count == 0 || said.Count == 0 ? null : string.Join("、", missing)));
        }
        return items;
    }

    private static TrainingScoreItem Item(string key, decimal max, bool passed) => new(key, passed ? max : 0, max, Automatic: true);

    /// <summary>
    /// The standard rubric's items the automatic items above already measure in training (rubric key → training item);
    /// every other rubric item — accuracy, empathy, next steps, and any a supervisor adds — is scored by a reviewer.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> MeasuredRubricItems = new Dictionary<string, string>
    {
        ["greeting"] = "greeting",
        ["verify_before_account"] = "verified_first",
        ["correct_category"] = "category",
        ["solution_offered"] = "solution",
        ["no_forbidden_phrases"] = "no_forbidden",
        ["closing"] = "closing",
    };

    /// <summary>The rubric's items a reviewer scores, unscored: the session keeps them, so a later rubric edit does not change what it is reviewed against.</summary>
    public static IReadOnlyList<TrainingScoreItem> ManualPlan(StandardRubric rubric) =>
        rubric.Items.Where(i => !MeasuredRubricItems.ContainsKey(i.Key))
            .Select(i => new TrainingScoreItem(i.Key, 0, i.Weight, Automatic: false, i.Name, i.NameEn, i.Guidance, null, i.MaxValue)).ToList();

    /// <summary>A planned manual item scored: the reviewer's value on the rubric's scale earns that share of the item's weight.</summary>
    public static TrainingScoreItem Scored(TrainingScoreItem planned, int value) =>
        planned with { Points = Math.Round(planned.MaxPoints * value / Math.Max(1, planned.MaxValue ?? 1), 2), Value = value };
}
