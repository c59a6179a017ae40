using System.ClientModel;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Assistant;

/// <summary>Sentence embeddings: the offline English model, and optionally an OpenAI-compatible endpoint for any language.</summary>
internal sealed class EmbeddingOptions
{
    /// <summary>English messages also go through the bundled MiniLM model (loaded in the background at start).</summary>
    public bool Offline { get; set; } = true;

    /// <summary>An OpenAI-compatible endpoint (…/v1) serving an embeddings model, e.g. bge-m3 behind vLLM or Ollama; empty = none.</summary>
    public string? Endpoint { get; set; }
    public string Model { get; set; } = "bge-m3";
    public string? ApiKey { get; set; }

    /// <summary>One request's budget; slower or failed requests fall back to the offline models.</summary>
    public int TimeoutMilliseconds { get; set; } = 1500;

    /// <summary>
    /// English messages classified with the offline model at once, at most (default: half the cores, at least one). The
    /// model costs ≈ 8 ms of a core per message; beyond this a message is classified by TF-IDF instead of waiting.
    /// </summary>
    public int OfflineConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>After a failure or timeout the endpoint is left alone this long (messages go straight to the offline models).</summary>
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>
    /// With the endpoint, an article whose embedding is at least this close to the question (cosine) is a candidate
    /// answer beside the full-text hits; lower ones are left out, so an unrelated question still gets "not understood".
    /// The right value depends on the model (for bge-m3, related texts mostly score above 0.6): check it by hand.
    /// </summary>
    public double ArticleMinSimilarity { get; set; } = 0.6;

    /// <summary>
    /// With the endpoint, two complaints of one customer whose texts are at least this close (cosine) ask the same thing
    /// (flagged as a possible duplicate beside the offline pair model). Paraphrases need to be much closer than an
    /// article and its question; check it by hand for the model (for bge-m3 start at 0.85).
    /// </summary>
    public double QuestionMinSimilarity { get; set; } = 0.85;
}

/// <summary>
/// Embeddings from a configured OpenAI-compatible endpoint (<c>Microsoft.Extensions.AI</c> <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>).
/// Vectors are cached per text, so a refresh after a change sends only the new texts. A failure or a slow reply
/// returns null (the caller uses the offline models) and logs one line without the texts.
/// </summary>
internal sealed partial class EmbeddingEndpoint(IOptions<EmbeddingOptions> options, ILogger<EmbeddingEndpoint> logger)
{
    private readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>?> _generator = new(() => Create(options.Value));
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private long _quietUntil; // Environment.TickCount64 before which the endpoint is not asked (after a failure)
    private int _dimension; // the length of the vectors the endpoint gives; 0 until the first reply
    private int _generation; // raised when the dimension changes (the model behind the endpoint was switched)

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Endpoint);

    /// <summary>
    /// Raised when the endpoint starts giving vectors of another length (its model was switched): vectors and models built
    /// from earlier ones cannot be compared with new ones and must be rebuilt.
    /// </summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>How much longer the endpoint is left alone after a failure, or null when it is asked.</summary>
    public TimeSpan? PausedFor() =>
        Interlocked.Read(ref _quietUntil) - Environment.TickCount64 is var left and > 0 ? TimeSpan.FromMilliseconds(left) : null;

    private static IEmbeddingGenerator<string, Embedding<float>>? Create(EmbeddingOptions o) =>
        string.IsNullOrWhiteSpace(o.Endpoint)
            ? null
            : new OpenAI.Embeddings.EmbeddingClient(o.Model, new ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "none" : o.ApiKey),
                new OpenAI.OpenAIClientOptions { Endpoint = new Uri(o.Endpoint) }).AsIEmbeddingGenerator();

    /// <summary>Unit vectors for the texts (cached ones are not sent again), or null when the endpoint is not configured, fails or is slow.</summary>
    public async Task<float[][]?> TryEmbedAsync(IReadOnlyList<string> texts, CancellationToken ct, bool cache = true)
    {
        if (_generator.Value is not { } generator) return null;
        // A failing or slow endpoint costs one message its budget, not every message: the next ones skip it for a while.
        if (Environment.TickCount64 < Interlocked.Read(ref _quietUntil)) return null;
        // What this call fetched stays local until the end: with cache=false it never enters the shared cache, so two
        // calls for the same message cannot take each other's vectors away.
        var fetched = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            foreach (var chunk in missing.Chunk(64))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(options.Value.TimeoutMilliseconds);
                var result = await generator.GenerateAsync(chunk, cancellationToken: timeout.Token);
                if (result.Count != chunk.Length) throw new InvalidDataException($"{result.Count} vectors for {chunk.Length} texts.");
                for (var i = 0; i < chunk.Length; i++)
                {
                    var v = result[i].Vector.ToArray();
                    if (v.Length == 0) throw new InvalidDataException("an empty vector");
                    Adopt(v.Length);
                    SentenceEmbeddings.Normalize(v);
                    fetched[chunk[i]] = v;
                    if (cache) _cache[chunk[i]] = v;
                }
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _quietUntil, Environment.TickCount64 + options.Value.RetryAfterSeconds * 1000L);
            // The messages of InvalidDataException are this class's own and carry no text.
            var reason = ex switch { OperationCanceledException => "timeout", InvalidDataException => ex.Message, _ => ex.GetType().Name };
            LogFallback(logger, reason, texts.Count, options.Value.RetryAfterSeconds);
            return null;
        }
        var vectors = new float[texts.Count][];
        var dimension = Volatile.Read(ref _dimension);
        for (var i = 0; i < texts.Count; i++)
        {
            // A vector cached by a call still in flight when the model was switched has the old length: this answer is
            // dropped (the next one fetches again) rather than compared across models.
            var v = fetched.GetValueOrDefault(texts[i]) ?? _cache.GetValueOrDefault(texts[i]);
            if (v is null || v.Length != dimension) return null;
            vectors[i] = v;
        }
        return vectors;
    }

    /// <summary>
    /// Takes the first reply's length as the endpoint's dimension; another length later means the model behind the endpoint
    /// changed: the cached vectors are dropped, the new length adopted, and this reply fails (the caller falls back).
    /// </summary>
    private void Adopt(int length)
    {
        var known = Interlocked.CompareExchange(ref _dimension, length, 0);
        if (known == 0 || known == length) return;
        lock (_cache)
        {
            if (Volatile.Read(ref _dimension) != length)
            {
                _cache.Clear();
                Volatile.Write(ref _dimension, length);
                Interlocked.Increment(ref _generation);
            }
        }
        throw new InvalidDataException($"the vectors' dimension changed from {known} to {length}; vectors are fetched again");
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Embeddings endpoint: {Reason} for {Count} texts; the offline models answer instead for the next {Seconds} s.")]
    private static partial void LogFallback(ILogger logger, string reason, int count, int seconds);
}
