namespace PayDesk.Features.Assistant;

internal sealed class AssistantOptions
{
    /// <summary>Chat starts with the assistant (bot first); off = straight to the human queue.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Below this confidence a message counts as not understood.</summary>
    public double LowConfidence { get; set; } = 0.35;
}

/// <summary>
/// The intent model the assistant runs on: trained at start from the utterances that ship with
/// PayDesk (content/assistant, Chinese and English, written by us). Training takes about a second;
/// it runs once in the background when the server starts.
/// </summary>
internal sealed class AssistantModel
{
    // The shipped utterances are the same for every host in a process (tests start dozens): train once.
    private static readonly Lazy<IntentModel> Model = new(Train, LazyThreadSafetyMode.ExecutionAndPublication);

    public IntentModel Intents => Model.Value;

    public void WarmUp() => _ = Task.Run(() => Model.Value);

    private static IntentModel Train()
    {
        var examples = new List<LabelledText>();
        foreach (var name in new[] { "assistant/utterances.zh-CN.csv", "assistant/utterances.en.csv" })
        {
            using var stream = typeof(AssistantModel).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded.");
            using var reader = new StreamReader(stream);
            examples.AddRange(LabelledText.ParseCsv(reader.ReadToEnd(), name));
        }
        return IntentModel.Train(examples);
    }
}
