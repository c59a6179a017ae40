using Microsoft.Extensions.Options;

namespace PayDesk.Features.Assistant;

/// <summary>Where an intent came from: the embeddings endpoint, the offline English embeddings, or TF-IDF alone.</summary>
internal enum IntentSource { Tfidf, Offline, Endpoint }

/// <summary>
/// The offline English stack's state. <see cref="OldVersion"/>: the active trained version was stored before versions kept
/// their examples, so no stack can learn what it learnt; TF-IDF judges until `assistant train` stores a new one.
/// </summary>
internal enum OfflineModelState { Off, Loading, Ready, Failed, OldVersion }

internal enum EndpointModelState { NotConfigured, Building, Ready, Paused }

/// <summary>The intent models' state: the active trained version (null = built-in), the offline English model, the endpoint.</summary>
internal sealed record AssistantModelState(int? ActiveVersion, OfflineModelState Offline, double? OfflineReadySeconds, string? OfflineFailure,
    EndpointModelState Endpoint, string? EndpointHost, string EndpointModel, TimeSpan? EndpointPausedFor);

internal sealed partial class AssistantModel
{
    // The shipped English utterances embedded once per process, on first use (tests that do not ask never load ONNX).
    private static readonly Lazy<HybridIntentModel> OfflineEnglish = new(() => TrainOfflineEnglish(AssistantTraining.ShippedSplit().Train),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The offline English stack, loading it on this thread if it has not loaded yet (tests).</summary>
    internal static HybridIntentModel OfflineEnglishModel => OfflineEnglish.Value;

    /// <summary>The offline stack learnt from the English ones among <paramref name="examples"/> (MiniLM runs on this thread).</summary>
    /// <remarks>
    /// With MiniLM (no <paramref name="embed"/>) the model is kept on disk (<see cref="TrainedModelCache"/>): embedding the
    /// utterances is most of a start's CPU. Either way MiniLM is loaded when this returns, so the model can serve at once.
    /// </remarks>
    internal static HybridIntentModel TrainOfflineEnglish(IReadOnlyList<LabelledText> examples, Func<IReadOnlyList<string>, float[][]>? embed = null)
    {
        var train = examples.Where(e => SentenceEmbeddings.IsEnglish(e.Text)).ToList();
        HybridIntentModel Train()
        {
            var embeddings = (embed ?? (texts => SentenceEmbeddings.EmbedRemembered(texts)))(train.Select(e => e.Text).ToList());
            return HybridIntentModel.Train(train, embeddings, [HybridIntentModel.Parts.Shipped])[HybridIntentModel.Parts.Shipped];
        }
        if (embed is not null) return Train();
        var model = TrainedModelCache.GetOrTrain("offline-english-" + SentenceEmbeddings.ModelName, TrainedModelCache.Digest(train), Train,
            (m, w) => m.Write(w), HybridIntentModel.Read);
        SentenceEmbeddings.EnsureLoaded(); // a model from the cache has not needed MiniLM yet; serving does
        return model;
    }

    private static double? _offlineReadySeconds;
    private static string? _offlineFailure;

    // An active trained version's own English stack, learnt from the examples stored with it (in the background at start).
    private sealed class StackBuild
    {
        public Task<HybridIntentModel?> Task { get; set; } = null!;
        public double? Seconds { get; set; }
        public string? Failure { get; set; }
    }

    private StackBuild? _versionOffline;
    private bool _warmedUp;

    /// <summary>The active version's offline stack being learnt (null before the warm-up, or with no version; tests wait on it).</summary>
    internal Task<HybridIntentModel?>? VersionOffline => _versionOffline?.Task;

    /// <summary>What the served models learn from: the active version's examples, else the shipped utterances (less the evaluation fifth).</summary>
    private IReadOnlyList<LabelledText> TrainingExamples => _active is null ? ShippedTrain.Value : _active.Examples;

    /// <summary>A version stored before versions kept their examples: the embedding stacks cannot learn what it learnt.</summary>
    private bool OldVersionActive => _active is { Examples.Count: 0 };

    /// <summary>The offline English stack that serves now, if it is ready: the active version's, else the built-in one.</summary>
    private HybridIntentModel? OfflineStack() =>
        _active is null ? (OfflineEnglish.IsValueCreated ? OfflineEnglish.Value : null)
        : _versionOffline?.Task is { IsCompletedSuccessfully: true } built ? built.Result
        : null;

    /// <summary>What the system status page shows about the models that judge intent.</summary>
    internal AssistantModelState State()
    {
        var (ready, seconds, failure) = _active is null
            ? (OfflineEnglish.IsValueCreated, _offlineReadySeconds, _offlineFailure)
            : (_versionOffline?.Task is { IsCompletedSuccessfully: true, Result: not null }, _versionOffline?.Seconds, _versionOffline?.Failure);
        var offline = !_embeddingOptions.Offline ? OfflineModelState.Off
            : OldVersionActive ? OfflineModelState.OldVersion
            : ready ? OfflineModelState.Ready
            : failure is not null ? OfflineModelState.Failed
            : OfflineModelState.Loading;
        var endpoint = _endpoint is null ? EndpointModelState.NotConfigured
            : _endpoint.PausedFor() is not null ? EndpointModelState.Paused
            : _endpointModel is null || !_endpointModel.IsCompleted ? EndpointModelState.Building
            : _endpointModel is { IsCompletedSuccessfully: true, Result: not null } ? EndpointModelState.Ready
            : EndpointModelState.Paused;
        return new AssistantModelState(ActiveVersion, offline, seconds, failure, endpoint,
            _endpoint is null ? null : new Uri(_embeddingOptions.Endpoint!).Authority, _embeddingOptions.Model, _endpoint?.PausedFor());
    }

    private readonly EmbeddingOptions _embeddingOptions;
    private readonly EmbeddingEndpoint? _endpoint;
    private readonly Lock _endpointLock = new();
    private Task<HybridIntentModel?>? _endpointModel;
    private DateTime _endpointTried;
    private int _endpointGeneration; // the endpoint's Generation the model was built for
    private IReadOnlyList<LabelledText>? _endpointExamples; // and the examples (another version's = rebuild)

    private readonly ILogger<AssistantModel> _logger;

    public AssistantModel(IOptions<EmbeddingOptions> options, EmbeddingEndpoint endpoint, ILogger<AssistantModel> logger)
    {
        _logger = logger;
        _embeddingOptions = options.Value;
        _endpoint = endpoint.Configured ? endpoint : null;
        OfflineGate = new SemaphoreSlim(_embeddingOptions.OfflineConcurrency);
    }

    /// <summary>Permits for the offline model: a message that finds none is classified by TF-IDF rather than queueing behind it.</summary>
    internal SemaphoreSlim OfflineGate { get; }

    /// <summary>
    /// The stacked model on the endpoint's embeddings of the served examples (all languages: the active version's, else the
    /// shipped utterances); built once, rebuilt after a failure a minute later. Null for a version stored without examples.
    /// </summary>
    internal Task<HybridIntentModel?> EndpointModelAsync()
    {
        if (_endpoint is null || OldVersionActive) return Task.FromResult<HybridIntentModel?>(null);
        lock (_endpointLock)
        {
            // Rebuilt after a failure (a minute later) and at once when the endpoint's model was switched (other vectors).
            if (_endpointModel is null || (_endpointModel is { IsCompleted: true, Result: null } && DateTime.UtcNow - _endpointTried > TimeSpan.FromMinutes(1))
                || _endpointGeneration != _endpoint.Generation || !ReferenceEquals(_endpointExamples, TrainingExamples))
            {
                _endpointTried = DateTime.UtcNow;
                _endpointGeneration = _endpoint.Generation;
                var endpoint = _endpoint;
                var train = _endpointExamples = TrainingExamples;
                _endpointModel = Task.Run(async () =>
                {
                    var embeddings = await endpoint.TryEmbedAsync(train.Select(e => e.Text).ToList(), CancellationToken.None);
                    return embeddings is null ? null : HybridIntentModel.Train(train, embeddings, [HybridIntentModel.Parts.Shipped])[HybridIntentModel.Parts.Shipped];
                });
            }
            return _endpointModel;
        }
    }

    /// <summary>Loads the offline English model and builds the endpoint's model, in the background.</summary>
    public void WarmUpEmbeddings()
    {
        _warmedUp = true;
        StackBuild? build = null;
        IntentModel? version;
        int number;
        lock (_endpointLock)
        {
            version = _active;
            number = ActiveVersion ?? 0;
            if (_embeddingOptions.Offline && version is { Examples.Count: > 0 } && _versionOffline is null) _versionOffline = build = new StackBuild();
        }
        if (build is not null)
        {
            build.Task = Task.Run(HybridIntentModel? () =>
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                var loaded = SentenceEmbeddings.Loaded;
                try
                {
                    var model = TrainOfflineEnglish(version!.Examples);
                    build.Seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
                    if (!loaded) ReturnLoadingMemory();
                    LogVersionOfflineReady(_logger, number, model.Intents.Count, build.Seconds.Value);
                    return model;
                }
                catch (Exception ex)
                {
                    // English stays with the version's TF-IDF model; the system status page and this line say why.
                    build.Failure = ex.GetType().Name;
                    LogOfflineFailed(_logger, ex);
                    return null;
                }
            });
        }
        else if (_embeddingOptions.Offline && version is null && !OfflineEnglish.IsValueCreated)
        {
            _ = Task.Run(() =>
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    _ = OfflineEnglish.Value;
                }
                catch (Exception ex)
                {
                    // English stays with TF-IDF; the system status page and this line say why.
                    _offlineFailure = ex.GetType().Name;
                    LogOfflineFailed(_logger, ex);
                    return;
                }
                _offlineReadySeconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
                ReturnLoadingMemory();
                LogOfflineReady(_logger, _offlineReadySeconds.Value);
            });
        }
        _ = EndpointModelAsync();
    }

    /// <summary>The model's bytes were read into a 91 MB array to make the ONNX session; give that memory back once loaded.</summary>
    private static void ReturnLoadingMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// The intent of a message: the endpoint's embeddings stacked with TF-IDF when configured and answering in time, else
    /// for English the offline MiniLM stack once it has loaded, else TF-IDF alone. With a trained version from
    /// `assistant train` active, the stacks are learnt from the examples stored with it; a version stored before versions
    /// kept them answers with its TF-IDF model alone.
    /// </summary>
    public async Task<(string Label, double Confidence, IntentSource Source)> ClassifyAsync(string text, CancellationToken ct)
    {
        if (_endpoint is not null && !OldVersionActive)
        {
            var model = EndpointModelAsync();
            if (model.IsCompletedSuccessfully && model.Result is { } stacked && await _endpoint.TryEmbedAsync([GroundedPhrasing.Mask(text)], ct, cache: false) is [var vector]
                && vector.Length == stacked.EmbeddingDimension)
            {
                // Phone, card and ID numbers are masked before the text leaves the server.
                var (label, confidence) = stacked.Classify(text, vector);
                Count(IntentSource.Endpoint, "none");
                return (label, confidence, IntentSource.Endpoint);
            }
        }
        var busy = false;
        if (_embeddingOptions.Offline && OfflineStack() is { } offline && SentenceEmbeddings.IsEnglish(text))
        {
            if (OfflineGate.Wait(0))
            {
                try
                {
                    var (label, confidence) = offline.Classify(text, SentenceEmbeddings.Embed(text));
                    Count(IntentSource.Offline, "none");
                    return (label, confidence, IntentSource.Offline);
                }
                finally
                {
                    OfflineGate.Release();
                }
            }
            busy = true;
        }
        var (l, c) = Intents.Classify(text);
        Count(IntentSource.Tfidf, busy ? "busy" : "none");
        return (l, c, IntentSource.Tfidf);
    }

    private static void Count(IntentSource source, string fallback) =>
        Infrastructure.Observability.PayDeskTelemetry.AssistantIntents.Add(1,
            new KeyValuePair<string, object?>("model", source.ToString().ToLowerInvariant()), new KeyValuePair<string, object?>("fallback", fallback));

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Offline English embeddings (MiniLM) could not load; English is judged by TF-IDF alone.")]
    private static partial void LogOfflineFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Offline English embeddings (MiniLM) of trained version {Version} ready: {Intents} intents in {Seconds:F1} s.")]
    private static partial void LogVersionOfflineReady(ILogger logger, int version, int intents, double seconds);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Offline English embeddings (MiniLM) ready in {Seconds:F1} s.")]
    private static partial void LogOfflineReady(ILogger logger, double seconds);
}
