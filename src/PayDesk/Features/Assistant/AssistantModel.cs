namespace PayDesk.Features.Assistant;

/// <summary>
/// The intent model the assistant runs on: the active version from `paydesk assistant train` when
/// there is one, else the built-in model trained at start from the utterances that ship with PayDesk
/// (content/assistant, Chinese and English, written by us), less every fifth, which is kept as the
/// fixed evaluation set. Training takes about a second, once per process, in the background at start.
/// </summary>
internal sealed partial class AssistantModel
{
    // One list for the process, so the endpoint's model can tell by reference which examples it was built for.
    private static readonly Lazy<IReadOnlyList<LabelledText>> ShippedTrain = new(() => AssistantTraining.ShippedSplit().Train);

    // The shipped utterances are the same for every host in a process (tests start dozens): train once.
    // Kept on disk between starts (TrainedModelCache): a restart loads it instead of training it again.
    private static readonly Lazy<IntentModel> BuiltIn = new(() => TrainedModelCache.GetOrTrain("intent", TrainedModelCache.Digest(ShippedTrain.Value),
        () => IntentModel.Train(ShippedTrain.Value), (m, w) => m.Write(w), IntentModel.Read), LazyThreadSafetyMode.ExecutionAndPublication);

    private IntentModel? _active;

    public IntentModel Intents => _active ?? BuiltIn.Value;

    public IntentModel Baseline => BuiltIn.Value;

    public int? ActiveVersion { get; private set; }

    public void WarmUp() => _ = Task.Run(() => BuiltIn.Value);

    /// <summary>
    /// Serves the active trained version if the database has one that is not already served: at start, and every minute
    /// (<see cref="AssistantVersionWatcher"/>), so a version `assistant train` activates reaches running servers by itself.
    /// True when it switched.
    /// </summary>
    public async Task<bool> LoadActiveAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Data.AppDbContext>();
        var version = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.AssistantModels.Where(m => m.Active).Select(m => (int?)m.Version), ct);
        if (version is null || version == ActiveVersion) return false;
        var payload = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.AssistantModels.Where(m => m.Version == version).Select(m => m.Payload), ct);
        UseVersion(version.Value, IntentModel.Deserialize(payload));
        LogVersionServed(_logger, version.Value);
        return true;
    }

    /// <summary>
    /// Serves a trained version. Its TF-IDF model answers at once; the embedding stacks learn from its examples in the
    /// background when the embeddings have been warmed up (at start they are warmed up after this).
    /// </summary>
    internal void UseVersion(int version, IntentModel model)
    {
        lock (_endpointLock)
        {
            _active = model;
            ActiveVersion = version;
            _versionOffline = null;
        }
        if (_warmedUp) WarmUpEmbeddings();
    }

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Assistant: serving trained intent model version {Version}.")]
    private static partial void LogVersionServed(ILogger logger, int version);

    public static List<LabelledText> Shipped()
    {
        var examples = new List<LabelledText>();
        foreach (var name in new[] { "assistant/utterances.zh-CN.csv", "assistant/utterances.en.csv" })
        {
            using var stream = typeof(AssistantModel).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded.");
            using var reader = new StreamReader(stream);
            examples.AddRange(LabelledText.ParseCsv(reader.ReadToEnd(), name));
        }
        return examples;
    }
}
