namespace PayDesk.Features.Assistant;

/// <summary>
/// The intent model the assistant runs on: the active version from `paydesk assistant train` when
/// there is one, else the built-in model trained at start from the utterances that ship with PayDesk
/// (content/assistant, Chinese and English, written by us), less every fifth, which is kept as the
/// fixed evaluation set. Training takes about a second, once per process, in the background at start.
/// </summary>
internal sealed partial class AssistantModel
{
    // The shipped utterances are the same for every host in a process (tests start dozens): train once.
    private static readonly Lazy<IntentModel> BuiltIn = new(() => IntentModel.Train(AssistantTraining.ShippedSplit().Train), LazyThreadSafetyMode.ExecutionAndPublication);

    private IntentModel? _active;

    public IntentModel Intents => _active ?? BuiltIn.Value;

    public IntentModel Baseline => BuiltIn.Value;

    public int? ActiveVersion { get; private set; }

    public void WarmUp() => _ = Task.Run(() => BuiltIn.Value);

    /// <summary>Uses the active trained version, if the database has one.</summary>
    public async Task LoadActiveAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Data.AppDbContext>();
        var active = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.AssistantModels.Where(m => m.Active), ct);
        if (active is null) return;
        UseVersion(active.Version, IntentModel.Deserialize(active.Payload));
    }

    /// <summary>Serves a trained version (before the embeddings warm up: their stacks learn from its examples).</summary>
    internal void UseVersion(int version, IntentModel model)
    {
        _active = model;
        ActiveVersion = version;
    }

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
