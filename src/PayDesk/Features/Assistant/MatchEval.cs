using System.Diagnostics;

namespace PayDesk.Features.Assistant;

/// <summary>
/// Question matching (AFQMC, BQ Corpus): are two customer questions the same question? A linear model
/// over overlap measures (characters, character pairs, jieba words, TF-IDF cosine, edit distance) and the
/// words that differ between the two — it learns that 花呗 vs 借呗 matters and 请问 vs 你好 does not.
/// </summary>
internal static class MatchEval
{
    public sealed record Pair(string A, string B, int Label);

    public static List<Pair> Read(string path)
    {
        var rows = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)
            ? File.ReadLines(path).Select(l => l.Split('\t').ToList())
            : Csv.Read(path).Skip(1);
        var pairs = new List<Pair>();
        foreach (var r in rows)
        {
            if (r.Count < 3) continue;
            if (!int.TryParse(r[2].Trim(), out var label) || label is not (0 or 1)) throw new FormatException($"{path}: label must be 0 or 1, got '{r[2]}'.");
            pairs.Add(new Pair(r[0].Trim(), r[1].Trim(), label));
        }
        if (pairs.Count == 0) throw new FormatException($"{path}: no sentence pairs (expected s1<TAB>s2<TAB>label or sentence1,sentence2,label).");
        return pairs;
    }

    public static int Run(string trainPath, string testPath, TextWriter output, TextWriter error)
    {
        var train = Read(trainPath);
        var test = Read(testPath);
        output.WriteLine($"train: {train.Count:N0} pairs ({train.Count(p => p.Label == 1):N0} matching); test: {test.Count:N0}");
        var watch = Stopwatch.StartNew();
        var model = PairModel.Train(train, new Progress<string>(error.WriteLine));
        var trainingSeconds = watch.Elapsed.TotalSeconds;
        var scores = new double[test.Count];
        var latencies = new double[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            scores[i] = model.Score(test[i].A, test[i].B);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var accuracy = test.Select((p, i) => (scores[i] >= model.Threshold ? 1 : 0) == p.Label).Count(x => x) / (double)test.Count;
        var auc = Metrics.Auc(scores, test.Select(p => p.Label).ToList());
        Array.Sort(latencies);
        output.WriteLine($"training: {trainingSeconds:F1} s");
        output.WriteLine($"accuracy: {accuracy:P2}   AUC: {auc:F4}   (threshold {model.Threshold:F3} chosen on a held-out tenth of the training pairs)");
        output.WriteLine($"latency per pair: p50 {Metrics.Percentile(latencies, 0.5):F2} ms, p99 {Metrics.Percentile(latencies, 0.99):F2} ms");
        output.WriteLine($"accuracy={accuracy:F4} auc={auc:F4} p99_ms={Math.Ceiling(Metrics.Percentile(latencies, 0.99)):F0}");
        return 0;
    }
}

internal sealed class PairModel
{
    private readonly TextFeatures _sentences;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly LinearClassifier _classifier;
    private const int Dense = 12;

    private PairModel(TextFeatures sentences, Dictionary<string, int> vocabulary, LinearClassifier classifier, double threshold)
    {
        _sentences = sentences;
        _vocabulary = vocabulary;
        _classifier = classifier;
        Threshold = threshold;
    }

    public double Threshold { get; }

    public static PairModel Train(IReadOnlyList<MatchEval.Pair> pairs, IProgress<string>? progress)
    {
        progress?.Report("featurising sentences …");
        var sentences = TextFeatures.Fit(pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().ToList());
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var raw = pairs.Select(p => Raw(sentences, p.A, p.B)).ToList();
        foreach (var r in raw) foreach (var term in r.Terms) vocabulary.TryAdd(term, Dense + vocabulary.Count);
        var x = raw.Select(r => Vectorise(r, vocabulary)).ToList();
        var y = pairs.Select(p => p.Label.ToString()).ToList();
        var dimension = Dense + vocabulary.Count;

        var random = new Random(11);
        var order = Enumerable.Range(0, pairs.Count).OrderBy(_ => random.Next()).ToArray();
        var holdout = order.Take(pairs.Count / 10).ToHashSet();
        progress?.Report($"{dimension:N0} pair features; choosing the decision threshold on a held-out tenth …");
        var probe = LinearClassifier.Train(order.Where(i => !holdout.Contains(i)).Select(i => x[i]).ToList(),
            order.Where(i => !holdout.Contains(i)).Select(i => y[i]).ToList(), dimension, c: 0.1);
        var held = holdout.Select(i => (Score: (double)Margin(probe, x[i]), pairs[i].Label)).ToList();
        var threshold = held.Select(h => h.Score).Distinct().Order()
            .MaxBy(t => held.Count(h => (h.Score >= t ? 1 : 0) == h.Label));
        progress?.Report($"training on {pairs.Count:N0} pairs …");
        var classifier = LinearClassifier.Train(x, y, dimension, c: 0.1);
        return new PairModel(sentences, vocabulary, classifier, threshold);
    }

    private static float Margin(LinearClassifier classifier, SparseVector x)
    {
        var scores = classifier.Scores(x);
        var one = Array.IndexOf(classifier.Labels, "1");
        return scores[one] - scores[1 - one];
    }

    public double Score(string a, string b) => Margin(_classifier, Vectorise(Raw(_sentences, a, b), _vocabulary));

    private sealed record RawPair(float[] Dense, List<string> Terms);

    private static RawPair Raw(TextFeatures sentences, string a, string b)
    {
        var ca = a.Where(char.IsLetterOrDigit).ToArray();
        var cb = b.Where(char.IsLetterOrDigit).ToArray();
        var ua = ca.ToHashSet();
        var ub = cb.ToHashSet();
        var ba = Bigrams(ca);
        var bb = Bigrams(cb);
        var wa = Search.TextSegmenter.Shared.AllTokens(a).ToHashSet();
        var wb = Search.TextSegmenter.Shared.AllTokens(b).ToHashSet();
        var lcs = LongestCommonSubstring(ca, cb);
        var dense = new float[Dense];
        dense[0] = Jaccard(ua, ub);
        dense[1] = Jaccard(ba, bb);
        dense[2] = Jaccard(wa, wb);
        dense[3] = sentences.Transform(a).Dot(sentences.Transform(b));
        dense[4] = Math.Min(ca.Length, cb.Length) / (float)Math.Max(1, Math.Max(ca.Length, cb.Length));
        dense[5] = lcs / (float)Math.Max(1, Math.Min(ca.Length, cb.Length));
        dense[6] = 1 - EditDistance(ca, cb) / (float)Math.Max(1, Math.Max(ca.Length, cb.Length));
        dense[7] = Math.Abs(Negations(a) - Negations(b)) > 0 ? 1 : 0;
        dense[8] = dense[0] * dense[0];
        dense[9] = dense[2] * dense[3];
        dense[10] = wa.SetEquals(wb) ? 1 : 0;
        dense[11] = 1;
        var terms = new List<string>();
        foreach (var w in wa.Except(wb).Concat(wb.Except(wa))) terms.Add("d:" + w);
        foreach (var w in wa.Intersect(wb)) terms.Add("s:" + w);
        return new RawPair(dense, terms);
    }

    private static SparseVector Vectorise(RawPair r, Dictionary<string, int> vocabulary)
    {
        var entries = new SortedDictionary<int, float>();
        for (var i = 0; i < Dense; i++) if (r.Dense[i] != 0) entries[i] = r.Dense[i];
        var known = r.Terms.Where(vocabulary.ContainsKey).Distinct().ToList();
        var weight = known.Count == 0 ? 0 : (float)(1 / Math.Sqrt(known.Count));
        foreach (var t in known) entries[vocabulary[t]] = weight;
        return new SparseVector(entries.Keys.ToArray(), entries.Values.ToArray());
    }

    private static HashSet<string> Bigrams(char[] c) => Enumerable.Range(0, Math.Max(0, c.Length - 1)).Select(i => new string(c, i, 2)).ToHashSet();

    private static float Jaccard<T>(HashSet<T> a, HashSet<T> b) => a.Count + b.Count == 0 ? 0 : a.Intersect(b).Count() / (float)a.Union(b).Count();

    private static int Negations(string s) => s.Count(c => c is '不' or '没' or '无' or '未' or '非' or '别');

    private static int LongestCommonSubstring(char[] a, char[] b)
    {
        var best = 0;
        var prev = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            var cur = new int[b.Length + 1];
            for (var j = 1; j <= b.Length; j++)
            {
                if (a[i - 1] == b[j - 1]) { cur[j] = prev[j - 1] + 1; best = Math.Max(best, cur[j]); }
            }
            prev = cur;
        }
        return best;
    }

    private static int EditDistance(char[] a, char[] b)
    {
        var prev = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var cur = new int[b.Length + 1];
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++) cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            prev = cur;
        }
        return prev[b.Length];
    }
}
