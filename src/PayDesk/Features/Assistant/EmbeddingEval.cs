using System.Diagnostics;

namespace PayDesk.Features.Assistant;

/// <summary>
/// `paydesk assistant eval --embed`: the stacked model (<see cref="HybridIntentModel"/>) with MiniLM embeddings, each
/// signal alone and in combination, so the figures show what each part adds. Embeddings of the data files are cached
/// in the temp folder by content; latency is measured with the query embedded live on one thread.
/// </summary>
internal static class EmbeddingEval
{
    private static readonly HybridIntentModel.Parts[] Variants =
    [
        HybridIntentModel.Parts.Joint, HybridIntentModel.Parts.Svm, HybridIntentModel.Parts.Knn,
        HybridIntentModel.Parts.Svm | HybridIntentModel.Parts.Knn, HybridIntentModel.Parts.Joint | HybridIntentModel.Parts.Svm,
        HybridIntentModel.Parts.Shipped, HybridIntentModel.Parts.All,
    ];

    private static string Name(HybridIntentModel.Parts p) => p switch
    {
        HybridIntentModel.Parts.All => "joint+svm+knn",
        HybridIntentModel.Parts.Shipped => "joint+knn (shipped)",
        _ => p.ToString().ToLowerInvariant().Replace(", ", "+"),
    };

    public static int CrossValidateIntent(string path, int folds, TextWriter output, TextWriter error)
    {
        var all = LabelledText.ReadCsv(path);
        var embeddings = SentenceEmbeddings.EmbedCached(all.Select(e => e.Text).ToList(), error);
        var random = new Random(77);
        var fold = new int[all.Count];
        foreach (var group in Enumerable.Range(0, all.Count).GroupBy(i => all[i].Label))
        {
            var members = group.OrderBy(_ => random.Next()).ToList();
            for (var j = 0; j < members.Count; j++) fold[members[j]] = j % folds;
        }
        var accuracy = Variants.ToDictionary(v => v, _ => new List<double>());
        var latencies = new List<double>();
        for (var k = 0; k < folds; k++)
        {
            var trainIdx = Enumerable.Range(0, all.Count).Where(i => fold[i] != k).ToList();
            var testIdx = Enumerable.Range(0, all.Count).Where(i => fold[i] == k).ToList();
            var models = HybridIntentModel.Train(trainIdx.Select(i => all[i]).ToList(), trainIdx.Select(i => embeddings[i]).ToList(), Variants,
                new Progress<string>(error.WriteLine));
            var line = new List<string>();
            foreach (var v in Variants)
            {
                var right = testIdx.Count(i => models[v].Classify(all[i].Text, embeddings[i]).Label == all[i].Label);
                accuracy[v].Add(right / (double)testIdx.Count);
                line.Add($"{Name(v)} {right / (double)testIdx.Count:P2}");
            }
            latencies.AddRange(Latencies(models[HybridIntentModel.Parts.Shipped], testIdx.Take(200).Select(i => all[i].Text)));
            output.WriteLine($"fold {k + 1}/{folds} ({trainIdx.Count:N0} train / {testIdx.Count:N0} test): {string.Join(", ", line)}");
        }
        foreach (var v in Variants) output.WriteLine($"  {Name(v),-20} accuracy {accuracy[v].Average():P2} (folds {accuracy[v].Min():P2}–{accuracy[v].Max():P2})");
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"latency per query, embedding included (shipped parts, {sorted.Length} queries, one thread): p50 {Metrics.Percentile(sorted, 0.5):F2} ms, p99 {Metrics.Percentile(sorted, 0.99):F2} ms");
        output.WriteLine($"accuracy={accuracy[HybridIntentModel.Parts.Shipped].Average():F4} all_parts_accuracy={accuracy[HybridIntentModel.Parts.All].Average():F4} " +
            $"p50_ms={Metrics.Percentile(sorted, 0.5):F1} p99_ms={Math.Ceiling(Metrics.Percentile(sorted, 0.99)):F0}");
        return 0;
    }

    /// <summary>Train on one file, score on another: each mix of parts, then the shipped one per intent.</summary>
    public static int RunIntent(string trainPath, string testPath, TextWriter output, TextWriter error)
    {
        var train = LabelledText.ReadCsv(trainPath);
        var test = LabelledText.ReadCsv(testPath);
        output.WriteLine($"train: {train.Count:N0} examples, {train.Select(t => t.Label).Distinct().Count()} intents; test: {test.Count:N0}");
        var embedded = SentenceEmbeddings.EmbedCached(train.Concat(test).Select(e => e.Text).ToList(), error);
        var testE = embedded.Skip(train.Count).ToList();
        var watch = Stopwatch.StartNew();
        var models = HybridIntentModel.Train(train, embedded.Take(train.Count).ToList(), Variants, new Progress<string>(error.WriteLine));
        output.WriteLine($"training (all mixes): {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var v in Variants)
        {
            var right = test.Where((e, i) => models[v].Classify(e.Text, testE[i]).Label == e.Label).Count();
            output.WriteLine($"  {Name(v),-20} accuracy {right / (double)test.Count:P2}");
        }
        var shipped = models[HybridIntentModel.Parts.Shipped];
        var predicted = test.Select((e, i) => shipped.Classify(e.Text, testE[i]).Label).ToArray();
        var report = Metrics.Classification(test.Select(t => t.Label).ToArray(), predicted);
        AssistantEval.WritePerIntent(output, test, predicted, report, ", shipped mix");
        var sorted = Latencies(shipped, test.Take(300).Select(e => e.Text)).Order().ToArray();
        output.WriteLine($"latency per query, embedding included (one thread): p50 {Metrics.Percentile(sorted, 0.5):F2} ms, p99 {Metrics.Percentile(sorted, 0.99):F2} ms");
        output.WriteLine($"accuracy={report.Accuracy:F4} macro_f1={report.MacroF1:F4} p99_ms={Math.Ceiling(Metrics.Percentile(sorted, 0.99)):F0}");
        return 0;
    }

    /// <summary>Per-query time on this thread: embed the text, then score the three parts.</summary>
    private static List<double> Latencies(HybridIntentModel model, IEnumerable<string> texts)
    {
        _ = model.Classify("warm up", SentenceEmbeddings.Embed("warm up"));
        var result = new List<double>();
        foreach (var text in texts)
        {
            var start = Stopwatch.GetTimestamp();
            _ = model.Classify(text, SentenceEmbeddings.Embed(text));
            result.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return result;
    }

    public static int Oos(string trainFolder, string testFolders, string? validFolders, TextWriter output, TextWriter error)
    {
        var train = OosEval.ReadFolder(trainFolder).Where(e => e.Label != OosEval.OutOfScope).ToList();
        var test = testFolders.Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(OosEval.ReadFolder).ToList();
        var valid = (validFolders ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(OosEval.ReadFolder).ToList();
        output.WriteLine($"train: {train.Count:N0} in-scope examples, {train.Select(e => e.Label).Distinct().Count()} intents; test: {test.Count:N0} " +
            $"({test.Count(e => e.Label == OosEval.OutOfScope):N0} out of scope)");
        var texts = train.Concat(test).Concat(valid).Select(e => e.Text).ToList();
        var embedded = SentenceEmbeddings.EmbedCached(texts, error);
        var trainE = embedded.Take(train.Count).ToList();
        var testE = embedded.Skip(train.Count).Take(test.Count).ToList();
        var validE = embedded.Skip(train.Count + test.Count).ToList();
        var watch = Stopwatch.StartNew();
        var models = HybridIntentModel.Train(train, trainE, Variants, new Progress<string>(error.WriteLine));
        output.WriteLine($"training (all variants): {watch.Elapsed.TotalSeconds:F1} s");
        (double InScope, double Recall) Score(HybridIntentModel m, List<LabelledText> data, List<float[]> e, double t)
        {
            var results = data.Select((x, i) => (x.Label, R: m.Classify(x.Text, e[i]))).ToList();
            var inScope = results.Where(r => r.Label != OosEval.OutOfScope).ToList();
            var oos = results.Where(r => r.Label == OosEval.OutOfScope).ToList();
            return (inScope.Count == 0 ? 0 : inScope.Count(r => r.R.Confidence >= t && r.R.Label == r.Label) / (double)inScope.Count,
                oos.Count == 0 ? 0 : oos.Count(r => r.R.Confidence < t) / (double)oos.Count);
        }
        (double, double) final = default;
        foreach (var v in Variants)
        {
            var model = models[v];
            double threshold;
            string how;
            if (valid.Count > 0)
            {
                threshold = Enumerable.Range(0, 100).Select(i => i / 100.0).MaxBy(t => { var (a, r) = Score(model, valid, validE, t); return a + r; });
                how = "chosen on the validation folders";
            }
            else
            {
                threshold = Metrics.Percentile(model.HeldOutConfidences, 0.05);
                how = "keeps 95 % of held-out in-scope training examples";
            }
            var (accuracy, recall) = Score(model, test, testE, threshold);
            output.WriteLine($"  {Name(v),-20} in-scope accuracy {accuracy:P2}, out-of-scope recall {recall:P2} (threshold {threshold:F2}, {how})");
            if (v == HybridIntentModel.Parts.Shipped) final = (accuracy, recall);
        }
        var sorted = Latencies(models[HybridIntentModel.Parts.Shipped], test.Take(300).Select(e => e.Text)).Order().ToArray();
        output.WriteLine($"latency per query, embedding included (one thread): p50 {Metrics.Percentile(sorted, 0.5):F2} ms, p99 {Metrics.Percentile(sorted, 0.99):F2} ms");
        output.WriteLine($"in_scope_accuracy={final.Item1:F4} oos_recall={final.Item2:F4} p50_ms={Metrics.Percentile(sorted, 0.5):F1} p99_ms={Math.Ceiling(Metrics.Percentile(sorted, 0.99)):F0}");
        return 0;
    }
}
