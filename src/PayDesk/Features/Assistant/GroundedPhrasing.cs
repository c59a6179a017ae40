using System.ClientModel;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Assistant;

/// <summary>
/// Optional: a generative model phrases the answer to a question from the one article retrieved for it.
/// The prompt carries no personal data (phone, ID and card numbers are masked), the model is told to use
/// only the article, and its answer is thrown away — the plain article answer is used instead — when it
/// states a number that is in neither the article nor the question, when it fails, or when it is slow.
/// </summary>
internal sealed partial class GroundedPhrasing(IOptions<LlmOptions> options, ILogger<GroundedPhrasing> logger)
{
    private readonly Lazy<IChatClient?> _client = new(() => Create(options.Value));

    public bool Enabled => _client.Value is not null;

    private static IChatClient? Create(LlmOptions o) =>
        string.IsNullOrWhiteSpace(o.Endpoint)
            ? null
            : new OpenAI.Chat.ChatClient(o.Model, new ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "none" : o.ApiKey),
                new OpenAI.OpenAIClientOptions { Endpoint = new Uri(o.Endpoint) }).AsIChatClient();

    [GeneratedRegex(@"\d+(?:[.,]\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<!\d)(\d{15,19}|\d{17}[\dXx]|1[3-9]\d{9})(?!\d)")]
    private static partial Regex PersonalNumber();

    /// <summary>Card, ID and phone numbers in a customer's words become masks before anything leaves the server.</summary>
    public static string Mask(string text) => PersonalNumber().Replace(text, m =>
    {
        var v = m.Value;
        var kind = v.Length == 11 ? PersonalDataKind.Phone : v.Length == 18 && (char.IsDigit(v[^1]) || v[^1] is 'X' or 'x') && PersonalData.NormalizeIdNumber(v) is not null
            ? PersonalDataKind.IdNumber : PersonalDataKind.CardNumber;
        return PersonalData.Mask(kind, v);
    });

    public async Task<string?> PhraseAsync(string question, string articleTitle, string articleText, string locale, CancellationToken ct)
    {
        if (_client.Value is not { } client) return null;
        var maskedQuestion = Mask(question);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System,
                "You are the customer-service assistant of a payment company. Answer the customer's question using ONLY the article provided. " +
                "Do not add facts, amounts, dates, times or promises that are not in the article. If the article does not answer the question, " +
                "reply exactly: NO_ANSWER. Keep it under 120 words. Reply in " + (locale == "en" ? "English." : "Simplified Chinese.")),
            new(ChatRole.User, $"Article: {articleTitle}\n{articleText}\n\nCustomer question: {maskedQuestion}"),
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            var response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = 0 }, timeout.Token);
            var text = response.Text?.Trim();
            if (string.IsNullOrEmpty(text) || text.Contains("NO_ANSWER", StringComparison.Ordinal)) return null;
            // Grounding check: every number it states must come from the article or the question.
            var allowed = Number().Matches(articleTitle + " " + articleText + " " + maskedQuestion).Select(m => m.Value).ToHashSet();
            if (Number().Matches(text).Any(m => !allowed.Contains(m.Value)))
            {
                logger.LogWarning("Generated answer stated a number not in its sources; the article answer is used instead");
                return null;
            }
            return text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Generative model unavailable ({Error}); the article answer is used", ex.GetType().Name);
            return null;
        }
    }
}
