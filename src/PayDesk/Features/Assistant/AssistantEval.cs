using System.Diagnostics;
using System.Text;

namespace PayDesk.Features.Assistant;

/// <summary>
/// `paydesk assistant eval`: trains on one file and scores on another, printing what a reviewer needs
/// (accuracy, macro-F1, the most confused pairs, training time, per-query latency) and one closing line.
/// </summary>
internal static class AssistantEval
{
    /// <summary>Stratified k-fold cross-validation on one labelled file (for figures on training data only).</summary>
    public static int CrossValidateIntent(string path, int folds, TextWriter output, TextWriter error)
    {
        var all = LabelledText.ReadCsv(path);
        var random = new Random(77);
        var fold = new int[all.Count];
        foreach (var group in Enumerable.Range(0, all.Count).GroupBy(i => all[i].Label))
        {
            var members = group.OrderBy(_ => random.Next()).ToList();
            for (var j = 0; j < members.Count; j++) fold[members[j]] = j % folds;
        }
        var accuracies = new List<double>();
        var f1s = new List<double>();
        var latencies = new List<double>();
        for (var k = 0; k < folds; k++)
        {
            var train = all.Where((_, i) => fold[i] != k).ToList();
            var test = all.Where((_, i) => fold[i] == k).ToList();
            var model = IntentModel.Train(train);
            var predicted = test.Select(t =>
            {
                var start = Stopwatch.GetTimestamp();
                var label = model.Classify(t.Text).Label;
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                return label;
            }).ToArray();
            var report = Metrics.Classification(test.Select(t => t.Label).ToArray(), predicted);
            accuracies.Add(report.Accuracy);
            f1s.Add(report.MacroF1);
            output.WriteLine($"fold {k + 1}/{folds}: accuracy {report.Accuracy:P2}, macro-F1 {report.MacroF1:F4} ({train.Count:N0} train / {test.Count:N0} test)");
            error.WriteLine($"fold {k + 1} done");
        }
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"latency per query: p50 {Metrics.Percentile(sorted, 0.5):F2} ms, p99 {Metrics.Percentile(sorted, 0.99):F2} ms (one thread)");
        output.WriteLine($"accuracy={accuracies.Average():F4} macro_f1={f1s.Average():F4} p99_ms={Math.Ceiling(Metrics.Percentile(sorted, 0.99)):F0}");
        return 0;
    }

    public static int RunIntent(string trainPath, string testPath, TextWriter output, TextWriter error)
    {
        var train = LabelledText.ReadCsv(trainPath);
        var test = LabelledText.ReadCsv(testPath);
        output.WriteLine($"train: {train.Count:N0} examples, {train.Select(t => t.Label).Distinct().Count()} intents; test: {test.Count:N0}");
        var watch = Stopwatch.StartNew();
        var model = IntentModel.Train(train, new Progress<string>(error.WriteLine));
        var trainingSeconds = watch.Elapsed.TotalSeconds;

        var predicted = new string[test.Count];
        var latencies = new double[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            predicted[i] = model.Classify(test[i].Text).Label;
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var report = Metrics.Classification(test.Select(t => t.Label).ToArray(), predicted);
        output.WriteLine($"training: {trainingSeconds:F1} s");
        output.WriteLine($"accuracy: {report.Accuracy:P2}   macro-F1: {report.MacroF1:F4}");
        WritePerIntent(output, test, predicted, report, "");
        Array.Sort(latencies);
        output.WriteLine($"latency per query: p50 {Metrics.Percentile(latencies, 0.5):F2} ms, p99 {Metrics.Percentile(latencies, 0.99):F2} ms (one thread)");
        output.WriteLine($"accuracy={report.Accuracy:F4} macro_f1={report.MacroF1:F4} p99_ms={Math.Ceiling(Metrics.Percentile(latencies, 0.99)):F0}");
        return 0;
    }

    /// <summary>A test file's accuracy per intent and its most confused pairs (the train/test evaluations, with or without embeddings).</summary>
    public static void WritePerIntent(TextWriter output, IReadOnlyList<LabelledText> test, string[] predicted, Metrics.ClassificationReport report, string which)
    {
        output.WriteLine($"accuracy per intent{which} (right / lines):");
        foreach (var group in test.Select((t, i) => (t.Label, Right: predicted[i] == t.Label)).GroupBy(x => x.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var right = group.Count(x => x.Right);
            output.WriteLine($"  {group.Key,-32} {right / (double)group.Count(),8:P1}  {right} / {group.Count()}");
        }
        output.WriteLine("most confused (true → predicted, count):");
        foreach (var (t, p, n) in report.Confusions.Take(10)) output.WriteLine($"  {t} → {p}: {n}");
    }
}

internal sealed record LabelledText(string Text, string Label)
{
    /// <summary>CSV with a header `text,category` (RFC 4180 quoting), as BANKING77 and our utterance files.</summary>
    public static List<LabelledText> ReadCsv(string path) => ParseCsv(File.ReadAllText(path, Encoding.UTF8), path);

    public static List<LabelledText> ParseCsv(string text, string source)
    {
        var path = source;
        var rows = Csv.Parse(text).ToList();
        if (rows.Count == 0 || rows[0].Count < 2) throw new FormatException($"{path}: expected a header 'text,category'.");
        return rows.Skip(1).Where(r => r.Count >= 2 && r[0].Length > 0).Select(r => new LabelledText(r[0], r[1].Trim())).ToList();
    }
}

internal static class Csv
{
    public static IEnumerable<List<string>> Read(string path) => Parse(File.ReadAllText(path, Encoding.UTF8));

    public static IEnumerable<List<string>> Parse(string text)
    {
        text = text.TrimStart('\uFEFF');
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString());
                field.Clear();
                if (row.Count > 1 || row[0].Length > 0) yield return row;
                row = [];
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}

internal static class Metrics
{
    public sealed record ClassificationReport(double Accuracy, double MacroF1, IReadOnlyList<(string True, string Predicted, int Count)> Confusions);

    public static ClassificationReport Classification(string[] truth, string[] predicted)
    {
        var labels = truth.Concat(predicted).Distinct().ToList();
        var accuracy = truth.Zip(predicted).Count(p => p.First == p.Second) / (double)truth.Length;
        var f1s = new List<double>();
        foreach (var label in truth.Distinct())
        {
            var tp = truth.Zip(predicted).Count(p => p.First == label && p.Second == label);
            var fp = truth.Zip(predicted).Count(p => p.First != label && p.Second == label);
            var fn = truth.Zip(predicted).Count(p => p.First == label && p.Second != label);
            var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            f1s.Add(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        }
        var confusions = truth.Zip(predicted).Where(p => p.First != p.Second).GroupBy(p => p)
            .Select(g => (g.Key.First, g.Key.Second, g.Count())).OrderByDescending(c => c.Item3).ThenBy(c => c.First, StringComparer.Ordinal).ToList();
        _ = labels;
        return new ClassificationReport(accuracy, f1s.Average(), confusions);
    }

    public static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>Area under the ROC curve from scores and 0/1 labels (rank statistic, ties averaged).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        double positives = labels.Count(l => l == 1), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        var rankSum = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
