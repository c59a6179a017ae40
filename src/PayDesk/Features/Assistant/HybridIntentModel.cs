namespace PayDesk.Features.Assistant;

/// <summary>
/// Intent from up to three signals, stacked: a joint linear SVM over <see cref="IntentModel"/>'s TF-IDF features with
/// the sentence embedding appended, a linear SVM on the embedding alone, and nearest neighbours among the training
/// utterances' embeddings (per intent, the mean cosine of its two closest utterances). Each gives one score per
/// intent; the combined score is a·joint + b·svm + c·knn, softmaxed, with the weights fitted on a held-out tenth by
/// likelihood (so the confidence is calibrated and the out-of-scope threshold means the same across models). The
/// server uses joint + knn (<see cref="Parts.Shipped"/>), the best on BANKING77's folds; the evaluation prints every mix. Any language whose embeddings are given:
/// MiniLM for English offline, or an embeddings endpoint (<see cref="EmbeddingEndpoint"/>).
/// </summary>
internal sealed class HybridIntentModel
{
    /// <summary>Which signals a model uses (the evaluation measures what each adds).</summary>
    [Flags]
    public enum Parts { Joint = 1, Svm = 2, Knn = 4, All = 7, Shipped = Joint | Knn }

    private readonly Components _parts;

    private HybridIntentModel(Components parts, double[] weights)
    {
        _parts = parts;
        Weights = weights;
    }

    public IReadOnlyList<string> Intents => _parts.Labels;

    /// <summary>The length of the embeddings the model was trained on (a vector of another length cannot be classified by it).</summary>
    public int EmbeddingDimension => _parts.Neighbours.Length == 0 ? 0 : _parts.Neighbours[0].Length;

    public double[] Weights { get; }

    /// <summary>Confidences on held-out examples, sorted (for a threshold without validation data).</summary>
    public double[] HeldOutConfidences { get; private init; } = [];

    /// <summary>Trains each part twice (on nine tenths to fit the weights, then on everything); the same holdout as IntentModel.</summary>
    public static IReadOnlyDictionary<Parts, HybridIntentModel> Train(IReadOnlyList<LabelledText> examples, IReadOnlyList<float[]> embeddings,
        IReadOnlyList<Parts> variants, IProgress<string>? progress = null)
    {
        var random = new Random(7);
        var order = Enumerable.Range(0, examples.Count).OrderBy(_ => random.Next()).ToArray();
        var holdout = order.Take(examples.Count / 10).ToArray();
        var rest = order.Skip(holdout.Length).ToArray();
        progress?.Report($"fitting the stack weights on a held-out tenth ({holdout.Length:N0}) …");
        var withSvm = variants.Any(v => v.HasFlag(Parts.Svm));
        var probe = Components.Train(rest.Select(i => examples[i]).ToList(), rest.Select(i => embeddings[i]).ToList(), withSvm);
        var heldScores = holdout.Select(i => probe.Scores(examples[i].Text, embeddings[i])).ToList();
        var heldLabels = holdout.Select(i => Array.IndexOf(probe.Labels, examples[i].Label)).ToArray();
        progress?.Report($"training on all {examples.Count:N0} …");
        var full = Components.Train(examples, embeddings, withSvm);
        var models = new Dictionary<Parts, HybridIntentModel>();
        foreach (var variant in variants)
        {
            var weights = FitWeights(heldScores, heldLabels, variant);
            var held = heldScores.Select(s => Combine(s, weights).Max()).Order().ToArray();
            models[variant] = new HybridIntentModel(full, weights) { HeldOutConfidences = held };
            progress?.Report($"  {variant}: weights {string.Join(" / ", weights.Select(w => w.ToString("F1")))}");
        }
        return models;
    }

    /// <summary>The trained model onto <paramref name="w"/> (the model cache's file).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Weights.Length);
        foreach (var x in Weights) w.Write(x);
        w.Write(HeldOutConfidences.Length);
        foreach (var x in HeldOutConfidences) w.Write(x);
        _parts.Write(w);
    }

    public static HybridIntentModel Read(BinaryReader r)
    {
        var weights = new double[r.ReadInt32()];
        if (weights.Length != 3) throw new InvalidDataException("Not a stacked intent model.");
        for (var i = 0; i < weights.Length; i++) weights[i] = r.ReadDouble();
        var held = new double[r.ReadInt32()];
        for (var i = 0; i < held.Length; i++) held[i] = r.ReadDouble();
        return new HybridIntentModel(Components.Read(r), weights) { HeldOutConfidences = held };
    }

    public (string Label, double Confidence) Classify(string text, float[] embedding)
    {
        var p = Combine(_parts.Scores(text, embedding), Weights);
        var best = 0;
        for (var k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return (_parts.Labels[best], p[best]);
    }

    private static double[] Combine(float[][] scores, double[] weights)
    {
        var n = scores[0].Length;
        var z = new double[n];
        for (var part = 0; part < 3; part++)
        {
            if (weights[part] == 0) continue;
            for (var k = 0; k < n; k++) z[k] += weights[part] * scores[part][k];
        }
        var max = z.Max();
        var sum = 0.0;
        for (var k = 0; k < n; k++) sum += z[k] = Math.Exp(z[k] - max);
        for (var k = 0; k < n; k++) z[k] /= sum;
        return z;
    }

    /// <summary>Coordinate search on a log scale for the weights that maximise held-out likelihood.</summary>
    private static double[] FitWeights(IReadOnlyList<float[][]> scores, int[] labels, Parts variant)
    {
        double Loss(double[] w)
        {
            var loss = 0.0;
            for (var i = 0; i < scores.Count; i++)
            {
                if (labels[i] < 0) continue;
                loss -= Math.Log(Math.Max(Combine(scores[i], w)[labels[i]], 1e-12));
            }
            return loss;
        }
        var on = new[] { Parts.Joint, Parts.Svm, Parts.Knn }.Select(p => variant.HasFlag(p)).ToArray();
        var weights = on.Select(o => o ? 5.0 : 0).ToArray();
        var best = Loss(weights);
        for (var round = 0; round < 4; round++)
        {
            var improved = false;
            for (var part = 0; part < 3; part++)
            {
                if (!on[part]) continue;
                foreach (var factor in new[] { 0.0, 0.25, 0.5, 0.7, 1.4, 2, 4 })
                {
                    var trial = (double[])weights.Clone();
                    trial[part] = factor == 0 ? 0 : Math.Max(weights[part], 0.5) * factor;
                    if (trial.All(t => t == 0)) continue;
                    var loss = Loss(trial);
                    if (loss < best - 1e-6)
                    {
                        best = loss;
                        weights = trial;
                        improved = true;
                    }
                }
            }
            if (!improved) break;
        }
        return weights;
    }

    /// <summary>The three scorers over one label set.</summary>
    private sealed class Components
    {
        public required string[] Labels { get; init; }
        public required TextFeatures Features { get; init; }
        public required LinearClassifier Joint { get; init; }
        public required LinearClassifier? Svm { get; init; }
        public required float[][] Neighbours { get; init; }
        public required int[] NeighbourLabels { get; init; }

        public static Components Train(IReadOnlyList<LabelledText> examples, IReadOnlyList<float[]> embeddings, bool withSvm)
        {
            var features = TextFeatures.Fit(examples.Select(e => e.Text).ToList());
            var y = examples.Select(e => e.Label).ToList();
            var dimension = embeddings[0].Length;
            // C as for TF-IDF alone (2), and 4 for the embedding alone: the best of 0.5–4 on BANKING77's first two folds.
            var joint = LinearClassifier.Train(examples.Select((e, i) => Append(features.Transform(e.Text), embeddings[i], features.Dimension)).ToList(), y,
                features.Dimension + dimension, c: 2);
            var svm = withSvm ? LinearClassifier.Train(embeddings.Select(Dense).ToList(), y, dimension, c: 4) : null;
            var labels = joint.Labels;
            var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
            return new Components
            {
                Labels = labels, Features = features, Joint = joint, Svm = svm,
                Neighbours = embeddings.ToArray(), NeighbourLabels = y.Select(l => index[l]).ToArray(),
            };
        }

        public void Write(BinaryWriter w)
        {
            Features.Write(w);
            Joint.Write(w);
            w.Write(Svm is not null);
            Svm?.Write(w);
            w.Write(Neighbours.Length);
            w.Write(Neighbours.Length == 0 ? 0 : Neighbours[0].Length);
            for (var i = 0; i < Neighbours.Length; i++)
            {
                foreach (var x in Neighbours[i]) w.Write(x);
                w.Write(NeighbourLabels[i]);
            }
        }

        public static Components Read(BinaryReader r)
        {
            var features = TextFeatures.Read(r);
            var joint = LinearClassifier.Read(r);
            var svm = r.ReadBoolean() ? LinearClassifier.Read(r) : null;
            var count = r.ReadInt32();
            var dimension = r.ReadInt32();
            var neighbours = new float[count][];
            var labels = new int[count];
            for (var i = 0; i < count; i++)
            {
                neighbours[i] = new float[dimension];
                for (var j = 0; j < dimension; j++) neighbours[i][j] = r.ReadSingle();
                labels[i] = r.ReadInt32();
                if ((uint)labels[i] >= (uint)joint.Labels.Length) throw new InvalidDataException("Neighbour of an unknown intent.");
            }
            return new Components { Labels = joint.Labels, Features = features, Joint = joint, Svm = svm, Neighbours = neighbours, NeighbourLabels = labels };
        }

        private static SparseVector Dense(float[] v) => new(Enumerable.Range(0, v.Length).ToArray(), v);

        /// <summary>The TF-IDF vector with the (unit) embedding after its last dimension.</summary>
        private static SparseVector Append(SparseVector words, float[] embedding, int offset) =>
            new([.. words.Indices, .. Enumerable.Range(offset, embedding.Length)], [.. words.Values, .. embedding]);

        public float[][] Scores(string text, float[] embedding) =>
        [
            Joint.Scores(Append(Features.Transform(text), embedding, Features.Dimension)),
            Svm?.Scores(Dense(embedding)) ?? new float[Labels.Length],
            Knn(embedding),
        ];

        /// <summary>Per intent, the mean cosine of its two nearest training utterances.</summary>
        private float[] Knn(float[] embedding)
        {
            var first = new float[Labels.Length];
            var second = new float[Labels.Length];
            Array.Fill(first, -1);
            Array.Fill(second, -1);
            for (var i = 0; i < Neighbours.Length; i++)
            {
                var s = SentenceEmbeddings.Dot(embedding, Neighbours[i]);
                var k = NeighbourLabels[i];
                if (s > first[k]) { second[k] = first[k]; first[k] = s; }
                else if (s > second[k]) second[k] = s;
            }
            for (var k = 0; k < first.Length; k++) first[k] = second[k] < -0.5 ? first[k] : (first[k] + second[k]) / 2;
            return first;
        }
    }
}
