namespace PayDesk.Features.Assistant;

/// <summary>
/// "Is this the same question?" learned from the pairs it is given: a logistic regression over hashed pair
/// indicators (binned overlap measures, shared and unshared words, crosses of the two sides' unshared words,
/// question-type/number/negation mismatches, topic words), then gradient-boosted trees over the dense
/// overlap measures plus the regression's out-of-fold score. Both hand-written: a few MB, CPU only,
/// well under a millisecond a pair after the two questions are segmented.
/// </summary>
internal sealed class LearnedPairModel
{
    private const int Bins = 10;
    private readonly TextFeatures _tfidf;
    private readonly float[][] _binEdges;
    private readonly float[] _weights;
    private readonly BoostedTrees? _trees;
    private readonly PairFeatureGroups _groups;

    private LearnedPairModel(TextFeatures tfidf, float[][] binEdges, float[] weights, BoostedTrees? trees, PairFeatureGroups groups, double threshold)
    {
        _tfidf = tfidf;
        _binEdges = binEdges;
        _weights = weights;
        _trees = trees;
        _groups = groups;
        Threshold = threshold;
    }

    /// <summary>Scores at or above this count as the same question (chosen for accuracy on held-out training pairs).</summary>
    public double Threshold { get; }

    /// <summary>
    /// Whether two questions ask the same thing, in both orders: some pair features (the crossed unshared words) are
    /// ordered, and a pair can score above the threshold one way and below it the other; the product flags only what
    /// both agree on.
    /// </summary>
    public bool IsSameQuestion(string a, string b) => IsSameQuestion(new AnalysedQuestion(a), new AnalysedQuestion(b));

    public bool IsSameQuestion(AnalysedQuestion a, AnalysedQuestion b) => Math.Min(Score(a, b), Score(b, a)) >= Threshold;

    public double Score(string a, string b) => Score(new AnalysedQuestion(a), new AnalysedQuestion(b));

    public double Score(AnalysedQuestion a, AnalysedQuestion b)
    {
        var dense = PairFeatures.Dense(a, b, _tfidf.Transform(a.Text).Dot(_tfidf.Transform(b.Text)));
        var linear = Linear(_weights, PairFeatures.Sparse(a, b, dense, _binEdges, _groups));
        return _trees is null ? linear : _trees.Margin([.. dense, (float)linear]);
    }

    public static LearnedPairModel Train(IReadOnlyList<MatchEval.Pair> pairs, PairFeatureGroups groups = PairFeatureGroups.All,
        IProgress<string>? progress = null, Dictionary<string, AnalysedQuestion>? analysed = null)
    {
        analysed ??= new Dictionary<string, AnalysedQuestion>(StringComparer.Ordinal);
        progress?.Report("analysing questions …");
        foreach (var s in pairs.SelectMany(p => new[] { p.A, p.B }))
        {
            if (!analysed.ContainsKey(s)) analysed[s] = new AnalysedQuestion(s);
        }
        var tfidf = TextFeatures.Fit(pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().ToList());
        var dense = pairs.Select(p => PairFeatures.Dense(analysed[p.A], analysed[p.B], tfidf.Transform(p.A).Dot(tfidf.Transform(p.B)))).ToArray();
        var binEdges = Enumerable.Range(0, PairFeatures.DenseNames.Length).Select(f => QuantileEdges(dense.Select(d => d[f]), Bins)).ToArray();
        var sparse = pairs.Select((p, i) => PairFeatures.Sparse(analysed[p.A], analysed[p.B], dense[i], binEdges, groups)).ToArray();
        var labels = pairs.Select(p => p.Label).ToArray();

        var random = new Random(17);
        var order = Enumerable.Range(0, pairs.Count).OrderBy(_ => random.Next()).ToArray();
        // Out-of-fold linear scores: the trees must see the regression's score as it is on pairs it never trained on.
        const int inner = 4;
        var outOfFold = new double[pairs.Count];
        for (var k = 0; k < inner; k++)
        {
            progress?.Report($"linear model, inner fold {k + 1}/{inner} …");
            var trainRows = order.Where((_, j) => j % inner != k).ToArray();
            var w = TrainLinear(sparse, labels, trainRows);
            foreach (var i in order.Where((_, j) => j % inner == k)) outOfFold[i] = Linear(w, sparse[i]);
        }
        progress?.Report("linear model on every pair …");
        var weights = TrainLinear(sparse, labels, order);
        if (!groups.HasFlag(PairFeatureGroups.Boosting))
        {
            return new LearnedPairModel(tfidf, binEdges, weights, null, groups, BestThreshold(outOfFold, labels, order));
        }

        var stacked = dense.Select((d, i) => (float[])[.. d, (float)outOfFold[i]]).ToArray();
        var holdout = order.Take(pairs.Count / 10).ToArray();
        var fit = order.Skip(pairs.Count / 10).ToArray();
        progress?.Report("boosted trees, choosing the number of trees and the threshold on a held-out tenth …");
        var probe = BoostedTrees.Train(stacked, labels, fit, holdout, maxTrees: 400);
        var threshold = BestThreshold(holdout.Select(i => probe.Margin(stacked[i])).ToArray(), labels, holdout, indexed: false);
        progress?.Report($"boosted trees: {probe.Count} trees; training on every pair …");
        var trees = BoostedTrees.Train(stacked, labels, order, null, maxTrees: probe.Count);
        return new LearnedPairModel(tfidf, binEdges, weights, trees, groups, threshold);
    }

    /// <summary>The trained model onto <paramref name="w"/> (the model cache's file).</summary>
    public void Write(BinaryWriter w)
    {
        _tfidf.Write(w);
        w.Write(_binEdges.Length);
        foreach (var edges in _binEdges)
        {
            w.Write(edges.Length);
            foreach (var e in edges) w.Write(e);
        }
        // Most of the 2^20 hashed weights are never touched by training: only the others are written.
        var nonZero = 0;
        foreach (var x in _weights) if (x != 0) nonZero++;
        w.Write(_weights.Length);
        w.Write(nonZero);
        for (var i = 0; i < _weights.Length; i++)
        {
            if (_weights[i] == 0) continue;
            w.Write(i);
            w.Write(_weights[i]);
        }
        w.Write((int)_groups);
        w.Write(Threshold);
        w.Write(_trees is not null);
        _trees?.Write(w);
    }

    public static LearnedPairModel Read(BinaryReader r)
    {
        var tfidf = TextFeatures.Read(r);
        var binEdges = new float[r.ReadInt32()][];
        for (var f = 0; f < binEdges.Length; f++)
        {
            binEdges[f] = new float[r.ReadInt32()];
            for (var j = 0; j < binEdges[f].Length; j++) binEdges[f][j] = r.ReadSingle();
        }
        var weights = new float[r.ReadInt32()];
        if (weights.Length != 1 << PairFeatures.HashBits) throw new InvalidDataException("Pair model of another feature size.");
        var nonZero = r.ReadInt32();
        for (var n = 0; n < nonZero; n++)
        {
            var i = r.ReadInt32();
            weights[i] = r.ReadSingle();
        }
        var groups = (PairFeatureGroups)r.ReadInt32();
        var threshold = r.ReadDouble();
        var trees = r.ReadBoolean() ? BoostedTrees.Read(r) : null;
        return new LearnedPairModel(tfidf, binEdges, weights, trees, groups, threshold);
    }

    private static double Linear(float[] w, int[] keys)
    {
        double m = 0;
        foreach (var k in keys) m += w[k];
        return m;
    }

    /// <summary>Logistic regression by AdaGrad over hashed binary features, a few passes in a fixed order.</summary>
    private static float[] TrainLinear(int[][] x, int[] y, int[] rows, int epochs = 6, double rate = 0.1, double l2 = 1e-4)
    {
        var w = new float[1 << PairFeatures.HashBits];
        var g2 = new float[w.Length];
        var random = new Random(3);
        var shuffled = rows.ToArray();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(shuffled);
            foreach (var i in shuffled)
            {
                var p = 1 / (1 + Math.Exp(-Linear(w, x[i])));
                var g = p - y[i];
                foreach (var k in x[i])
                {
                    var gk = g + l2 * w[k];
                    g2[k] += (float)(gk * gk);
                    w[k] -= (float)(rate * gk / Math.Sqrt(g2[k] + 1e-6));
                }
            }
        }
        return w;
    }

    private static double BestThreshold(double[] scores, int[] labels, int[] rows, bool indexed = true)
    {
        var held = rows.Select((row, j) => (Score: indexed ? scores[row] : scores[j], Label: labels[row])).OrderBy(h => h.Score).ToArray();
        // Everything at or above held[j].Score is "same": count the right answers for each cut in one pass.
        var positivesAbove = held.Count(h => h.Label == 1);
        var negativesBelow = 0;
        var best = (Correct: positivesAbove, Threshold: held.Length == 0 ? 0 : held[0].Score);
        for (var j = 0; j < held.Length; j++)
        {
            if (held[j].Label == 1) positivesAbove--; else negativesBelow++;
            if (j + 1 < held.Length && held[j + 1].Score == held[j].Score) continue;
            var threshold = j + 1 < held.Length ? (held[j].Score + held[j + 1].Score) / 2 : held[j].Score + 1;
            if (positivesAbove + negativesBelow > best.Correct) best = (positivesAbove + negativesBelow, threshold);
        }
        return best.Threshold;
    }

    internal static float[] QuantileEdges(IEnumerable<float> values, int bins)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return [];
        return Enumerable.Range(1, bins - 1).Select(q => sorted[Math.Min(sorted.Length - 1, q * sorted.Length / bins)]).Distinct().ToArray();
    }
}

/// <summary>Gradient-boosted regression trees for logistic loss over a few dense features (histograms of quantile bins, Newton leaves).</summary>
internal sealed class BoostedTrees
{
    private const int MaxDepth = 5;
    private const double Rate = 0.08;
    private const double Lambda = 1.0;
    private const double MinHessian = 5.0;
    private readonly List<Node[]> _trees;
    private readonly double _base;

    private BoostedTrees(List<Node[]> trees, double @base)
    {
        _trees = trees;
        _base = @base;
    }

    private readonly record struct Node(int Feature, float Split, int Left, int Right, double Value);

    public int Count => _trees.Count;

    public double Margin(float[] x)
    {
        var m = _base;
        foreach (var tree in _trees)
        {
            var n = 0;
            while (tree[n].Feature >= 0) n = x[tree[n].Feature] <= tree[n].Split ? tree[n].Left : tree[n].Right;
            m += tree[n].Value;
        }
        return m;
    }

    public void Write(BinaryWriter w)
    {
        w.Write(_base);
        w.Write(_trees.Count);
        foreach (var tree in _trees)
        {
            w.Write(tree.Length);
            foreach (var n in tree)
            {
                w.Write(n.Feature);
                w.Write(n.Split);
                w.Write(n.Left);
                w.Write(n.Right);
                w.Write(n.Value);
            }
        }
    }

    public static BoostedTrees Read(BinaryReader r)
    {
        var @base = r.ReadDouble();
        var count = r.ReadInt32();
        var trees = new List<Node[]>(Math.Min(count, 10_000));
        for (var t = 0; t < count; t++)
        {
            var tree = new Node[r.ReadInt32()];
            for (var i = 0; i < tree.Length; i++)
            {
                tree[i] = new Node(r.ReadInt32(), r.ReadSingle(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble());
                // A node points inside its own tree, further down: a damaged file must not send Margin round in circles.
                if (tree[i].Feature >= 0 && (tree[i].Left <= i || tree[i].Right <= i || tree[i].Left >= tree.Length || tree[i].Right >= tree.Length))
                {
                    throw new InvalidDataException("Damaged tree.");
                }
            }
            trees.Add(tree);
        }
        return new BoostedTrees(trees, @base);
    }

    /// <summary>Adds trees until <paramref name="maxTrees"/>; with a validation set, keeps the count that gave the lowest validation loss.</summary>
    public static BoostedTrees Train(float[][] x, int[] y, int[] rows, int[]? validation, int maxTrees)
    {
        var features = x[0].Length;
        var edges = Enumerable.Range(0, features).Select(f => LearnedPairModel.QuantileEdges(rows.Select(i => x[i][f]), 64)).ToArray();
        var binned = new byte[x.Length][];
        foreach (var i in rows.Concat(validation ?? []))
        {
            binned[i] = new byte[features];
            for (var f = 0; f < features; f++) binned[i][f] = (byte)PairFeatures.Bin(edges[f], x[i][f]);
        }
        var positives = rows.Count(i => y[i] == 1);
        var @base = Math.Log((positives + 1.0) / (rows.Length - positives + 1.0));
        var margin = new double[x.Length];
        foreach (var i in rows.Concat(validation ?? [])) margin[i] = @base;
        var trees = new List<Node[]>();
        var bestLoss = double.MaxValue;
        var bestCount = 0;
        var grad = new double[x.Length];
        var hess = new double[x.Length];
        for (var t = 0; t < maxTrees; t++)
        {
            foreach (var i in rows)
            {
                var p = 1 / (1 + Math.Exp(-margin[i]));
                grad[i] = p - y[i];
                hess[i] = Math.Max(p * (1 - p), 1e-6);
            }
            var nodes = new List<Node>();
            Grow(nodes, rows, 0, binned, edges, grad, hess, features);
            var tree = nodes.ToArray();
            trees.Add(tree);
            foreach (var i in rows.Concat(validation ?? []))
            {
                var n = 0;
                while (tree[n].Feature >= 0) n = binned[i][tree[n].Feature] <= BinOf(edges[tree[n].Feature], tree[n].Split) ? tree[n].Left : tree[n].Right;
                margin[i] += tree[n].Value;
            }
            if (validation is { Length: > 0 })
            {
                var loss = validation.Sum(i => Math.Log(1 + Math.Exp(y[i] == 1 ? -margin[i] : margin[i])));
                if (loss < bestLoss) { bestLoss = loss; bestCount = trees.Count; }
                else if (trees.Count - bestCount >= 40) break;
            }
        }
        if (validation is { Length: > 0 }) trees.RemoveRange(bestCount, trees.Count - bestCount);
        return new BoostedTrees(trees, @base);
    }

    private static int BinOf(float[] edges, float split) => PairFeatures.Bin(edges, split);

    private static int Grow(List<Node> nodes, int[] rows, int depth, byte[][] binned, float[][] edges, double[] grad, double[] hess, int features)
    {
        var index = nodes.Count;
        double g = 0, h = 0;
        foreach (var i in rows) { g += grad[i]; h += hess[i]; }
        var leaf = new Node(-1, 0, -1, -1, -Rate * g / (h + Lambda));
        nodes.Add(leaf);
        if (depth >= MaxDepth || h < 2 * MinHessian) return index;
        var parentGain = g * g / (h + Lambda);
        var best = (Gain: 1e-9, Feature: -1, Bin: -1);
        var gh = new double[65];
        var hh = new double[65];
        for (var f = 0; f < features; f++)
        {
            Array.Clear(gh);
            Array.Clear(hh);
            foreach (var i in rows) { gh[binned[i][f]] += grad[i]; hh[binned[i][f]] += hess[i]; }
            double gl = 0, hl = 0;
            for (var b = 0; b < edges[f].Length; b++)
            {
                gl += gh[b];
                hl += hh[b];
                var gr = g - gl;
                var hr = h - hl;
                if (hl < MinHessian || hr < MinHessian) continue;
                var gain = gl * gl / (hl + Lambda) + gr * gr / (hr + Lambda) - parentGain;
                if (gain > best.Gain) best = (gain, f, b);
            }
        }
        if (best.Feature < 0) return index;
        var left = rows.Where(i => binned[i][best.Feature] <= best.Bin).ToArray();
        var right = rows.Where(i => binned[i][best.Feature] > best.Bin).ToArray();
        var l = Grow(nodes, left, depth + 1, binned, edges, grad, hess, features);
        var r = Grow(nodes, right, depth + 1, binned, edges, grad, hess, features);
        nodes[index] = new Node(best.Feature, edges[best.Feature][best.Bin], l, r, 0);
        return index;
    }
}
