using System.CommandLine;
using System.Diagnostics;

namespace PayDesk.Features.Assistant;

/// <summary>
/// `assistant eval --task match --folds K`: k-fold cross-validation of the question-pair models on one labelled
/// file (AFQMC train, BQ dev, or PayDesk's own generated pairs with `--train paydesk`), so every change to the
/// pair model gets a figure on pairs it did not train on.
/// </summary>
internal static class PairEval
{
    public static readonly Option<string?> FeaturesOption = new("--pair-features")
    {
        Description = "match only: 'baseline' (the hand-made overlap model), 'all' (default), or a comma list of "
            + "overlap,shared,cross,mismatch,topic,boosting (the learned model with only these groups; for the ablation table).",
    };

    public static PairFeatureGroups? ParseGroups(string? value)
    {
        if (value is null or "all") return PairFeatureGroups.All;
        if (value == "baseline") return null;
        var groups = PairFeatureGroups.None;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            groups |= part switch
            {
                "overlap" => PairFeatureGroups.Overlap,
                "shared" => PairFeatureGroups.SharedAndDiffering,
                "cross" => PairFeatureGroups.Cross,
                "mismatch" => PairFeatureGroups.Mismatch,
                "topic" => PairFeatureGroups.Topic,
                "boosting" => PairFeatureGroups.Boosting,
                _ => throw new FormatException($"--pair-features: unknown group '{part}' (overlap, shared, cross, mismatch, topic, boosting, all, baseline)."),
            };
        }
        return groups;
    }

    /// <summary>The `--folds` entry point: checks the arguments (2 on bad input), then cross-validates.</summary>
    public static int Run(string train, int folds, string? features, TextWriter output, TextWriter error)
    {
        var path = train == PayDeskPairs.SourceName ? train : Path.GetFullPath(train);
        if (folds is < 2 or > 20)
        {
            error.WriteLine("error: --folds must be 2–20.");
            return 2;
        }
        if (path != PayDeskPairs.SourceName && !File.Exists(path))
        {
            error.WriteLine($"error: {path} does not exist.");
            return 2;
        }
        try
        {
            return CrossValidate(path, folds, features, output, error);
        }
        catch (FormatException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return 2;
        }
    }

    /// <summary>Train on one file, score on another (`--test`): the baseline keeps its own report; the learned model is scored here.</summary>
    public static int RunSplit(string trainPath, string testPath, string? features, TextWriter output, TextWriter error)
    {
        if (ParseGroups(features) is not { } groups) return MatchEval.Run(trainPath, testPath, output, error);
        var train = ReadPairs(trainPath);
        var test = ReadPairs(testPath);
        output.WriteLine($"train: {train.Count:N0} pairs ({train.Count(p => p.Label == 1):N0} matching); test: {test.Count:N0}; model: learned ({groups})");
        var watch = Stopwatch.StartNew();
        var model = LearnedPairModel.Train(train, groups, new Progress<string>(error.WriteLine));
        output.WriteLine($"training: {watch.Elapsed.TotalSeconds:F1} s");
        var (accuracy, auc, latencies) = Score(model.Score, model.Threshold, test);
        output.WriteLine($"accuracy: {accuracy:P2}   AUC: {auc:F4}   (threshold {model.Threshold:F3} chosen on held-out training pairs)");
        output.WriteLine($"latency per pair: p50 {Metrics.Percentile(latencies, 0.5):F2} ms, p99 {Metrics.Percentile(latencies, 0.99):F2} ms");
        output.WriteLine($"accuracy={accuracy:F4} auc={auc:F4} p99_ms={Math.Ceiling(Metrics.Percentile(latencies, 0.99)):F0}");
        return 0;
    }

    private static (double Accuracy, double Auc, double[] SortedLatencies) Score(Func<string, string, double> score, double threshold, IReadOnlyList<MatchEval.Pair> test)
    {
        var scores = new double[test.Count];
        var latencies = new double[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            scores[i] = score(test[i].A, test[i].B);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var accuracy = test.Select((p, i) => (scores[i] >= threshold ? 1 : 0) == p.Label).Count(x => x) / (double)test.Count;
        Array.Sort(latencies);
        return (accuracy, Metrics.Auc(scores, test.Select(p => p.Label).ToList()), latencies);
    }

    /// <summary>Reads a pair file, or generates PayDesk's own pairs for <c>paydesk</c>.</summary>
    public static List<MatchEval.Pair> ReadPairs(string path) =>
        Path.GetFileName(path) == PayDeskPairs.SourceName ? PayDeskPairs.Generate().ToList() : MatchEval.Read(path);

    public static int CrossValidate(string path, int folds, string? features, TextWriter output, TextWriter error)
    {
        var groups = ParseGroups(features);
        var all = ReadPairs(path);
        output.WriteLine($"{all.Count:N0} pairs ({all.Count(p => p.Label == 1):N0} matching); {folds} folds; model: {(groups is { } g ? "learned (" + g + ")" : "baseline overlap")}");
        var random = new Random(5);
        var fold = new int[all.Count];
        var shuffled = Enumerable.Range(0, all.Count).OrderBy(_ => random.Next()).ToArray();
        for (var j = 0; j < shuffled.Length; j++) fold[shuffled[j]] = j % folds;
        var accuracies = new List<double>();
        var aucs = new List<double>();
        var latencies = new List<double>();
        var analysed = new Dictionary<string, AnalysedQuestion>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        for (var k = 0; k < folds; k++)
        {
            var train = all.Where((_, i) => fold[i] != k).ToList();
            var test = all.Where((_, i) => fold[i] == k).ToList();
            Func<string, string, double> score;
            double threshold;
            if (groups is { } selected)
            {
                var model = LearnedPairModel.Train(train, selected, new Progress<string>(error.WriteLine), analysed);
                (score, threshold) = (model.Score, model.Threshold);
            }
            else
            {
                var model = PairModel.Train(train, new Progress<string>(error.WriteLine));
                (score, threshold) = (model.Score, model.Threshold);
            }
            var (accuracy, auc, foldLatencies) = Score(score, threshold, test);
            latencies.AddRange(foldLatencies);
            accuracies.Add(accuracy);
            aucs.Add(auc);
            output.WriteLine($"fold {k + 1}/{folds}: accuracy {accuracy:P2}, AUC {auc:F4} ({train.Count:N0} train / {test.Count:N0} test)");
        }
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"{folds} folds in {watch.Elapsed.TotalSeconds:F0} s; majority class {Math.Max(all.Count(p => p.Label == 1), all.Count(p => p.Label == 0)) / (double)all.Count:P2}");
        output.WriteLine($"latency per pair: p50 {Metrics.Percentile(sorted, 0.5):F2} ms, p99 {Metrics.Percentile(sorted, 0.99):F2} ms");
        output.WriteLine($"accuracy={accuracies.Average():F4} auc={aucs.Average():F4} p99_ms={Math.Ceiling(Metrics.Percentile(sorted, 0.99)):F0}");
        return 0;
    }
}
