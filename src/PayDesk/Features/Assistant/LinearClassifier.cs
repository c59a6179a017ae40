namespace PayDesk.Features.Assistant;

/// <summary>
/// One-vs-rest linear SVM (L2-regularised, squared hinge loss) trained by dual coordinate descent, the
/// method of LIBLINEAR: fast and strong on sparse text features. Scores become probabilities through a
/// softmax with a temperature, so "how sure" is comparable across classes (used for hand-off and
/// out-of-scope decisions). Deterministic for a given seed.
/// </summary>
internal sealed class LinearClassifier
{
    private readonly float[][] _weights;
    private readonly float[] _bias;

    private LinearClassifier(string[] labels, float[][] weights, float[] bias, double temperature)
    {
        Labels = labels;
        _weights = weights;
        _bias = bias;
        Temperature = temperature;
    }

    public string[] Labels { get; }

    /// <summary>Multiplies scores before the softmax; fitted on held-out data for calibrated confidence.</summary>
    public double Temperature { get; private set; }

    public static LinearClassifier Train(IReadOnlyList<SparseVector> x, IReadOnlyList<string> y, int dimension, double c = 0.5, int epochs = 20,
        int seed = 42, IProgress<double>? progress = null)
    {
        var labels = y.Distinct().Order(StringComparer.Ordinal).ToArray();
        var weights = new float[labels.Length][];
        var bias = new float[labels.Length];
        var qii = x.Select(v => v.Values.Sum(a => a * a) + 1.0 + 1.0 / (2 * c)).ToArray();
        var done = 0;
        Parallel.For(0, labels.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var w = new float[dimension];
            var b = 0.0;
            var alpha = new double[x.Count];
            var order = Enumerable.Range(0, x.Count).ToArray();
            var random = new Random(seed + k);
            var d = 1.0 / (2 * c);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                random.Shuffle(order);
                var maxViolation = 0.0;
                foreach (var i in order)
                {
                    var yi = y[i] == labels[k] ? 1.0 : -1.0;
                    var xi = x[i];
                    var g = yi * (xi.Dot(w) + b) - 1 + d * alpha[i];
                    var pg = alpha[i] == 0 ? Math.Min(g, 0) : g;
                    maxViolation = Math.Max(maxViolation, Math.Abs(pg));
                    if (Math.Abs(pg) < 1e-12) continue;
                    var old = alpha[i];
                    alpha[i] = Math.Max(old - g / qii[i], 0);
                    var delta = (float)((alpha[i] - old) * yi);
                    for (var j = 0; j < xi.Indices.Length; j++) w[xi.Indices[j]] += delta * xi.Values[j];
                    b += delta;
                }
                if (maxViolation < 0.01) break;
            }
            weights[k] = w;
            bias[k] = (float)b;
            progress?.Report((double)Interlocked.Increment(ref done) / labels.Length);
        });
        return new LinearClassifier(labels, weights, bias, temperature: 5);
    }

    /// <summary>Labels, temperature, then each class's bias and its non-zero weights (index, value).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Labels.Length);
        foreach (var label in Labels) w.Write(label);
        w.Write(Temperature);
        w.Write(_weights.Length == 0 ? 0 : _weights[0].Length);
        for (var k = 0; k < Labels.Length; k++)
        {
            w.Write(_bias[k]);
            var nonZero = Enumerable.Range(0, _weights[k].Length).Where(j => _weights[k][j] != 0).ToList();
            w.Write(nonZero.Count);
            foreach (var j in nonZero)
            {
                w.Write(j);
                w.Write(_weights[k][j]);
            }
        }
    }

    public static LinearClassifier Read(BinaryReader r)
    {
        var labels = new string[r.ReadInt32()];
        for (var i = 0; i < labels.Length; i++) labels[i] = r.ReadString();
        var temperature = r.ReadDouble();
        var dimension = r.ReadInt32();
        var weights = new float[labels.Length][];
        var bias = new float[labels.Length];
        for (var k = 0; k < labels.Length; k++)
        {
            bias[k] = r.ReadSingle();
            weights[k] = new float[dimension];
            var count = r.ReadInt32();
            for (var n = 0; n < count; n++) weights[k][r.ReadInt32()] = r.ReadSingle();
        }
        return new LinearClassifier(labels, weights, bias, temperature);
    }

    public float[] Scores(SparseVector x)
    {
        var scores = new float[Labels.Length];
        for (var k = 0; k < Labels.Length; k++) scores[k] = x.Dot(_weights[k]) + _bias[k];
        return scores;
    }

    public double[] Probabilities(SparseVector x) => Softmax(Scores(x), Temperature);

    public static double[] Softmax(float[] scores, double temperature)
    {
        var max = scores.Max();
        var exp = scores.Select(s => Math.Exp((s - max) * temperature)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    public (string Label, double Confidence) Predict(SparseVector x)
    {
        var p = Probabilities(x);
        var best = 0;
        for (var k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return (Labels[best], p[best]);
    }

    /// <summary>Uses the confidence scale fitted on another model of the same data.</summary>
    public void UseTemperature(double temperature) => Temperature = temperature;

    /// <summary>Picks the temperature that maximises the likelihood of held-out labels (calibration).</summary>
    public void Calibrate(IReadOnlyList<SparseVector> x, IReadOnlyList<string> y)
    {
        var scores = x.Select(Scores).ToList();
        var index = Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var best = (T: Temperature, Loss: double.MaxValue);
        for (var t = 0.5; t <= 30; t *= 1.15)
        {
            var loss = 0.0;
            for (var i = 0; i < scores.Count; i++)
            {
                if (!index.TryGetValue(y[i], out var k)) continue;
                loss -= Math.Log(Math.Max(Softmax(scores[i], t)[k], 1e-12));
            }
            if (loss < best.Loss) best = (t, loss);
        }
        Temperature = best.T;
    }
}
