namespace PayDesk.Features.Assistant;

/// <summary>Intent classification: TF-IDF features and a calibrated linear SVM.</summary>
internal sealed class IntentModel
{
    private readonly TextFeatures _features;
    private readonly LinearClassifier _classifier;

    private IntentModel(TextFeatures features, LinearClassifier classifier)
    {
        _features = features;
        _classifier = classifier;
    }

    public IReadOnlyList<string> Intents => _classifier.Labels;

    /// <summary>Confidences on examples the model did not train on, sorted: what "unsure" looks like for in-scope messages.</summary>
    public double[] HeldOutConfidences { get; private init; } = [];

    /// <summary>
    /// What the model learnt from, kept with a trained version (format 2) so that the embedding stacks — offline English and
    /// the endpoint — learn from the same examples as the version's TF-IDF model. Empty for a version stored before.
    /// </summary>
    public IReadOnlyList<LabelledText> Examples { get; private init; } = [];

    /// <summary>C = 2 was best of 0.1–4 on a held-out fifth of BANKING77's training split (docs/ASSISTANT.md).</summary>
    public static IntentModel Train(IReadOnlyList<LabelledText> examples, IProgress<string>? progress = null, double c = 2)
    {
        // A tenth is held back to fit the confidence temperature, then the model is trained on everything.
        var random = new Random(7);
        var shuffled = examples.OrderBy(_ => random.Next()).ToList();
        var holdout = shuffled.Take(shuffled.Count / 10).ToList();
        var rest = shuffled.Skip(holdout.Count).ToList();

        progress?.Report("featurising …");
        var features = TextFeatures.Fit(shuffled.Select(e => e.Text).ToList());
        var all = shuffled.Select(e => features.Transform(e.Text)).ToList();
        progress?.Report($"{features.Dimension:N0} features; fitting the confidence scale on a held-out tenth …");
        var probe = LinearClassifier.Train(all.Skip(holdout.Count).ToList(), rest.Select(e => e.Label).ToList(), features.Dimension, c);
        probe.Calibrate(all.Take(holdout.Count).ToList(), holdout.Select(e => e.Label).ToList());
        var heldOut = all.Take(holdout.Count).Select(probe.Predict).ToList();
        progress?.Report($"training {shuffled.Select(e => e.Label).Distinct().Count()} intents on {shuffled.Count:N0} examples …");
        var step = 0;
        var classifier = LinearClassifier.Train(all, shuffled.Select(e => e.Label).ToList(), features.Dimension, c,
            progress: new Progress<double>(p => { if ((int)(p * 10) > step) { step = (int)(p * 10); progress?.Report($"  {p:P0}"); } }));
        classifier.UseTemperature(probe.Temperature);
        return new IntentModel(features, classifier) { HeldOutConfidences = heldOut.Select(p => p.Confidence).Order().ToArray(), Examples = examples.ToArray() };
    }

    public (string Label, double Confidence) Classify(string text) => _classifier.Predict(_features.Transform(text));

    /// <summary>The model as bytes (gzip) for storing a version in the database.</summary>
    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        using (var w = new BinaryWriter(zip))
        {
            Write(w);
        }
        return buffer.ToArray();
    }

    /// <summary>The model (format 2) onto <paramref name="w"/>: a stored version's payload, or the model cache's file.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Format2);
        _features.Write(w);
        _classifier.Write(w);
        w.Write(HeldOutConfidences.Length);
        foreach (var c in HeldOutConfidences) w.Write(c);
        w.Write(Examples.Count);
        foreach (var e in Examples)
        {
            w.Write(e.Text);
            w.Write(e.Label);
        }
    }

    public static IntentModel Deserialize(byte[] payload)
    {
        using var zip = new System.IO.Compression.GZipStream(new MemoryStream(payload), System.IO.Compression.CompressionMode.Decompress);
        using var r = new BinaryReader(zip);
        return Read(r);
    }

    public static IntentModel Read(BinaryReader r)
    {
        var format = r.ReadString();
        if (format is not (Format1 or Format2)) throw new InvalidDataException("Not a PayDesk intent model.");
        var features = TextFeatures.Read(r);
        var classifier = LinearClassifier.Read(r);
        var held = new double[r.ReadInt32()];
        for (var i = 0; i < held.Length; i++) held[i] = r.ReadDouble();
        var examples = new LabelledText[format == Format2 ? r.ReadInt32() : 0];
        for (var i = 0; i < examples.Length; i++) examples[i] = new LabelledText(r.ReadString(), r.ReadString());
        return new IntentModel(features, classifier) { HeldOutConfidences = held, Examples = examples };
    }

    // Format 1 (before 2026-12-05) has no examples; both are read.
    private const string Format1 = "paydesk-intent-1";
    private const string Format2 = "paydesk-intent-2";
}
