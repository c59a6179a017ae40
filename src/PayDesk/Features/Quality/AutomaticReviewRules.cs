using System.Text.RegularExpressions;
using PayDesk.Features.Sla;

namespace PayDesk.Features.Quality;

/// <summary>What the automatic review looks at: a complaint or a chat.</summary>
public enum ReviewSubject
{
    Complaint,
    Chat,
}

/// <summary>Who wrote a message of the interaction.</summary>
internal enum ReviewAuthor
{
    Customer,
    Agent,
    Bot,
    System,
}

/// <summary>What happened on the interaction that the review judges (from the timeline, the audit log and the chat).</summary>
internal enum ReviewEventKind
{
    /// <summary>The complainant proved they hold the account (核实身份).</summary>
    Verified,

    /// <summary>Staff looked up the account's transactions (account data on the agent's screen, read to the customer).</summary>
    Lookup,

    /// <summary>Staff revealed a personal number in clear.</summary>
    Reveal,

    /// <summary>A person handed the complaint to another team or expert.</summary>
    Transfer,

    /// <summary>The category was changed after intake.</summary>
    CategoryChanged,
}

internal sealed record ReviewMessage(DateTime At, ReviewAuthor Author, string Text, bool Public = true);

internal sealed record ReviewEvent(DateTime At, ReviewEventKind Kind);

/// <summary>A service-level clock as it stood: met or breached, and whether it passed its at-risk point first.</summary>
internal sealed record ReviewClock(ClockKind Kind, ClockStatus Status, bool Warned, bool Breached);

/// <summary>Everything the rules need about one complaint or chat; built from the database by <see cref="AutomaticReviewInputs"/>.</summary>
internal sealed record AutomaticReviewInput(
    ReviewSubject Subject, Guid SubjectId, Guid? AgentId, DateTime StartedAt,
    IReadOnlyList<ReviewMessage> Messages, IReadOnlyList<ReviewEvent> Events, IReadOnlyList<ReviewClock> Clocks,
    int ReopenCount = 0, string? TransactionSerial = null, int? ChatFirstResponseTargetMinutes = null);

/// <summary>The points one item earned; <see cref="Detail"/> is the evidence in plain words (phrases found, minutes, counts).</summary>
public sealed record AutomaticItemScore(string Key, decimal Points, decimal MaxPoints, string? Detail);

/// <summary>The items the automatic review scores, their weights, and how each is judged. Pure: no I/O, no clock.</summary>
internal sealed class AutomaticReviewRules(PhraseListMatcher phrases, Func<string, bool> soundsAngry)
{
    public static class Items
    {
        public const string FirstResponse = "first_response";
        public const string Resolution = "resolution";
        public const string VerificationBeforeDisclosure = "verification_before_disclosure";
        public const string CategoryCorrected = "category_corrected";
        public const string ForbiddenPhrases = "forbidden_phrases";
        public const string RequiredPhrases = "required_phrases";
        public const string Sentiment = "sentiment";
        public const string Transfers = "transfers";
        public const string Reopens = "reopens";

        public static readonly IReadOnlyList<string> All =
            [FirstResponse, Resolution, VerificationBeforeDisclosure, CategoryCorrected, ForbiddenPhrases, RequiredPhrases, Sentiment, Transfers, Reopens];
    }

    public const decimal TimeMax = 10, VerificationMax = 15, CategoryMax = 5, ForbiddenMax = 15, ForbiddenPerHit = 7.5m,
        RequiredMax = 10, SentimentMax = 10, TransferMax = 5, ReopenMax = 10;

    // A transaction serial or a balance with a figure in an agent's message is account data told to the customer.
    private static readonly Regex AccountData = new(@"(?<![A-Za-z0-9])T\d{8,}|余额[^。！？\n]{0,12}\d|balance[^.!?\n]{0,20}\d", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Scores every item that applies to the interaction; an item that does not apply (no agent wrote anything, no clock ran) is left out.</summary>
    public IReadOnlyList<AutomaticItemScore> Score(AutomaticReviewInput input)
    {
        var items = new List<AutomaticItemScore>(Items.All.Count);
        var agentTexts = input.Messages.Where(m => m.Author == ReviewAuthor.Agent && m.Public).Select(m => m.Text).ToList();
        if (FirstResponse(input) is { } first) items.Add(first);
        if (input.Subject == ReviewSubject.Complaint && Clock(input, ClockKind.Resolution, Items.Resolution) is { } resolution) items.Add(resolution);
        if (VerificationBeforeDisclosure(input) is { } verification) items.Add(verification);
        if (input.Subject == ReviewSubject.Complaint)
        {
            var changes = input.Events.Count(e => e.Kind == ReviewEventKind.CategoryChanged);
            items.Add(new(Items.CategoryCorrected, changes == 0 ? CategoryMax : 0, CategoryMax, changes == 0 ? null : changes.ToString()));
        }
        if (agentTexts.Count > 0)
        {
            var hits = phrases.ForbiddenIn(agentTexts);
            items.Add(new(Items.ForbiddenPhrases, Math.Max(0, ForbiddenMax - ForbiddenPerHit * hits.Count), ForbiddenMax,
                hits.Count == 0 ? null : string.Join("、", hits.Distinct())));
            if (phrases.RequiredCount > 0)
            {
                var missing = phrases.RequiredMissingFrom(agentTexts);
                var points = Math.Round(RequiredMax * (phrases.RequiredCount - missing.Count) / phrases.RequiredCount, 2);
                items.Add(new(Items.RequiredPhrases, points, RequiredMax, missing.Count == 0 ? null : string.Join("、", missing)));
            }
        }
        if (Sentiment(input) is { } sentiment) items.Add(sentiment);
        if (input.Subject == ReviewSubject.Complaint)
        {
            var transfers = input.Events.Count(e => e.Kind == ReviewEventKind.Transfer);
            items.Add(new(Items.Transfers, transfers switch { 0 => TransferMax, 1 => 3, _ => 0 }, TransferMax, transfers == 0 ? null : transfers.ToString()));
            items.Add(new(Items.Reopens, input.ReopenCount switch { 0 => ReopenMax, 1 => 5, _ => 0 }, ReopenMax,
                input.ReopenCount == 0 ? null : input.ReopenCount.ToString()));
        }
        return items;
    }

    /// <summary>The overall score, 0–100, over the items that applied; null when none did.</summary>
    public static decimal? Percent(IReadOnlyList<AutomaticItemScore> items)
    {
        var max = items.Sum(i => i.MaxPoints);
        return max == 0 ? null : Math.Round(100m * items.Sum(i => i.Points) / max, 1);
    }

    private static AutomaticItemScore? FirstResponse(AutomaticReviewInput input)
    {
        if (input.Subject == ReviewSubject.Complaint) return Clock(input, ClockKind.FirstResponse, Items.FirstResponse);
        // A chat's first response: from the moment the chat waited for a person (the assistant's last word before the
        // agent's first, or the start) to the agent's first message, against the chat target of the service levels.
        if (input.ChatFirstResponseTargetMinutes is not { } target) return null;
        var ordered = input.Messages.OrderBy(m => m.At).ToList();
        var firstAgent = ordered.FindIndex(m => m.Author == ReviewAuthor.Agent);
        if (firstAgent < 0) return null;
        var waitingSince = ordered.Take(firstAgent).LastOrDefault(m => m.Author is ReviewAuthor.Bot or ReviewAuthor.System)?.At ?? input.StartedAt;
        var minutes = Math.Max(0, (ordered[firstAgent].At - waitingSince).TotalMinutes);
        var points = minutes <= target * 0.8 ? TimeMax : minutes <= target ? 7 : 0;
        return new(Items.FirstResponse, points, TimeMax, $"{minutes:0.#}/{target}");
    }

    private static AutomaticItemScore? Clock(AutomaticReviewInput input, ClockKind kind, string key)
    {
        var clock = input.Clocks.FirstOrDefault(c => c.Kind == kind);
        if (clock is null) return null;
        if (clock.Breached || clock.Status == ClockStatus.Breached) return new(key, 0, TimeMax, "breached");
        if (clock.Status != ClockStatus.Met) return null; // still running or paused: judged when it stops
        return clock.Warned ? new(key, 7, TimeMax, "at_risk") : new(key, TimeMax, TimeMax, null);
    }

    /// <summary>
    /// 先核实后披露: account data (a transaction look-up, a revealed number, an agent's message naming a serial or a
    /// balance) must come after the complainant was verified. Applies only when account data was disclosed at all.
    /// </summary>
    private static AutomaticItemScore? VerificationBeforeDisclosure(AutomaticReviewInput input)
    {
        var disclosures = input.Events.Where(e => e.Kind is ReviewEventKind.Lookup or ReviewEventKind.Reveal).Select(e => e.At)
            .Concat(input.Messages.Where(m => m.Author == ReviewAuthor.Agent && m.Public && Discloses(m.Text, input.TransactionSerial)).Select(m => m.At))
            .ToList();
        if (disclosures.Count == 0) return null;
        var verified = input.Events.Where(e => e.Kind == ReviewEventKind.Verified).Select(e => (DateTime?)e.At).Min();
        var first = disclosures.Min();
        return verified is { } at && at <= first
            ? new(Items.VerificationBeforeDisclosure, VerificationMax, VerificationMax, null)
            : new(Items.VerificationBeforeDisclosure, 0, VerificationMax, first.ToString("yyyy-MM-dd'T'HH:mm'Z'"));
    }

    private static bool Discloses(string text, string? serial) =>
        (serial is { Length: > 0 } && text.Contains(serial, StringComparison.OrdinalIgnoreCase)) || AccountData.IsMatch(text);

    /// <summary>
    /// 客户情绪: the customer's words run through the assistant's anger detector in order. Calm at first and angry later is
    /// a conversation that went wrong (0); angry throughout is half; calm throughout, or calmed down, is full.
    /// </summary>
    private AutomaticItemScore? Sentiment(AutomaticReviewInput input)
    {
        var said = input.Messages.Where(m => m.Author == ReviewAuthor.Customer).OrderBy(m => m.At).Select(m => soundsAngry(m.Text)).ToList();
        if (said.Count < 2) return null; // one message says how the customer came, not how the conversation went
        var firstAngry = said[0];
        var turned = !firstAngry && said.Skip(1).Any(a => a);
        if (turned) return new(Items.Sentiment, 0, SentimentMax, "turned_negative");
        if (firstAngry && said[^1]) return new(Items.Sentiment, SentimentMax / 2, SentimentMax, "stayed_negative");
        return new(Items.Sentiment, SentimentMax, SentimentMax, null);
    }
}
