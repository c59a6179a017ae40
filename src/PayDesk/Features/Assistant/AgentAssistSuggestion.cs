using System.Globalization;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Knowledge;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Assistant;

public sealed record AssistSuggestion(string Intent, double Confidence, TicketCategory SuggestedCategory, TicketPriority SuggestedPriority,
    string Draft, IReadOnlyList<ArticleHit> Articles);

/// <summary>
/// Agent assist on any complaint: the assistant's reading of it (intent, suggested category and priority)
/// and a reply drafted from the best-matching article and the complaint's own facts, for the agent to edit.
/// </summary>
internal sealed class AgentAssistSuggestion(AssistantModel model, SearchArticles search, IStringLocalizer<SharedResource> l)
{
    public async Task<AssistSuggestion> ForAsync(Ticket ticket, string agentName, CancellationToken ct)
    {
        var (intent, confidence, _) = await model.ClassifyAsync($"{ticket.Subject} {ticket.Description}", ct);
        var (category, priority) = AssistantBrain.Suggest(intent, "");
        // The amount and the keyword rules of intake know things the text model does not (fraud, large sums).
        priority = (TicketPriority)Math.Max((int)priority, (int)Intake.SuggestPriority(category, null, ticket.Amount, $"{ticket.Subject} {ticket.Description}"));
        var articles = await SuggestArticles.ForAsync(search, ticket, ct);
        var locale = ticket.Customer?.Locale ?? "zh-CN";
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(locale);
        try
        {
            var parts = new List<string> { l["Assist.DraftOpening", ticket.Customer?.Name ?? "", ticket.Subject, ticket.Number] };
            var facts = new List<string>();
            if (ticket.TransactionId is { } serial) facts.Add(l["Assist.DraftSerial", serial]);
            if (ticket.Amount is { } amount) facts.Add(l["Assist.DraftAmount", Money.Show(amount, ticket.Currency ?? "CNY")]);
            if (facts.Count > 0) parts.Add(l["Assist.DraftFacts", string.Join(l["Assist.ListSeparator"], facts)]);
            if (articles.FirstOrDefault(a => a.Visibility == ArticleVisibility.Public && a.Locale == locale) is { } article)
            {
                parts.Add(l["Assist.DraftArticle", article.Title, $"/help/articles/{article.Slug}"]);
            }
            parts.Add(l["Assist.DraftClosing", agentName]);
            return new AssistSuggestion(intent, Math.Round(confidence, 3), category, priority, string.Join("\n", parts), articles);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}

/// <summary>Intake's categoriser: the intent model's reading mapped to a category as the agent panel suggests it.</summary>
internal sealed class IntentCategoriser(AssistantModel model) : Complaints.IComplaintCategoriser
{
    public async Task<(TicketCategory Category, double Confidence)?> SuggestAsync(string text, CancellationToken ct)
    {
        var (intent, confidence, _) = await model.ClassifyAsync(text, ct);
        return (AssistantBrain.Suggest(intent, "").Category, confidence);
    }
}
