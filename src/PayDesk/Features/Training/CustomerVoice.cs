using System.ClientModel;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PayDesk.Features.Assistant;

namespace PayDesk.Features.Training;

/// <summary>
/// Optional: when the assistant's generative model is configured (Assistant:Llm), it re-phrases the scripted reply
/// in the customer's mood so trainees do not learn the script by heart. The script has already decided what the
/// customer says; the model's wording is thrown away — and the scripted reply used — when it states a number the
/// scripted reply does not (it might invent an amount or read out a card), when it fails, or when it is slow.
/// Offline (no endpoint) is the default and returns the scripted reply unchanged.
/// </summary>
internal sealed partial class CustomerVoice
{
    private readonly Lazy<IChatClient?> _client;
    private readonly int _timeoutSeconds;
    private readonly ILogger<CustomerVoice> _logger;

    public CustomerVoice(IOptions<LlmOptions> options, ILogger<CustomerVoice> logger)
        : this(() => Create(options.Value), options.Value.TimeoutSeconds, logger)
    {
    }

    internal CustomerVoice(Func<IChatClient?> client, int timeoutSeconds, ILogger<CustomerVoice> logger)
    {
        _client = new(client);
        _timeoutSeconds = timeoutSeconds;
        _logger = logger;
    }

    public bool Enabled => _client.Value is not null;

    private static IChatClient? Create(LlmOptions o) =>
        string.IsNullOrWhiteSpace(o.Endpoint)
            ? null
            : new OpenAI.Chat.ChatClient(o.Model, new ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "none" : o.ApiKey),
                new OpenAI.OpenAIClientOptions { Endpoint = new Uri(o.Endpoint) }).AsIChatClient();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Number();

    private const int MaxReply = 1000;

    /// <param name="english">Answer in English (the trainee writes English): the model also translates a fact written only in Chinese.</param>
    public async Task<string> PhraseAsync(string scripted, CustomerMood mood, string traineeText, bool english, CancellationToken ct)
    {
        if (_client.Value is not { } client) return scripted;
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System,
                "You play a customer of a payment company talking to a trainee agent. Re-phrase the customer's scripted reply in " +
                (english ? "English" : "Simplified Chinese") + ", " +
                $"in a {mood.ToString().ToLowerInvariant()} mood, in one or two short sentences. Keep its meaning exactly; add no facts, numbers, dates or names."),
            new(ChatRole.User, $"Agent said: {GroundedPhrasing.Mask(traineeText)}\nScripted reply: {scripted}"),
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(_timeoutSeconds));
            var response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = 0.7f, MaxOutputTokens = 400 }, timeout.Token);
            var text = response.Text?.Trim();
            // A customer's line is a few sentences; a model talked into a story (the trainee's words are in its prompt) would
            // not fit the session's 4,000-character event, and PostgreSQL refused the save (HTTP 500).
            if (string.IsNullOrEmpty(text) || text.Length > MaxReply) return scripted;
            var allowed = Number().Matches(scripted).Select(m => m.Value).ToHashSet();
            if (Number().Matches(text).Any(m => !allowed.Contains(m.Value)))
            {
                _logger.LogWarning("Generated customer reply stated a number not in the script; the scripted reply is used");
                return scripted;
            }
            return text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogWarning("Generative model unavailable ({Error}); the scripted reply is used", ex.GetType().Name);
            return scripted;
        }
    }
}
