using System.Diagnostics;

namespace PayDesk.Features.Assistant;

/// <summary>
/// Out-of-scope rejection (BANKING77-OOS): a message whose best intent is not confident enough is
/// "not something we handle". The threshold comes from validation folders when given (in-scope and
/// out-of-scope examples), else from a held-out tenth of the training data (keep 95 % of in-scope).
/// </summary>
internal static class OosEval
{
    public const string OutOfScope = "oos";

    public static List<LabelledText> ReadFolder(string folder)
    {
        var texts = File.ReadAllLines(Path.Combine(folder, "seq.in"));
        var labels = File.ReadAllLines(Path.Combine(folder, "label"));
        if (texts.Length != labels.Length) throw new FormatException($"{folder}: seq.in and label differ in length.");
        return texts.Zip(labels, (t, l) => new LabelledText(t.Trim(), l.Trim())).Where(e => e.Text.Length > 0).ToList();
    }

    public static int Run(string trainFolder, string testFolder, string? validFolders, TextWriter output, TextWriter error)
    {
        var train = ReadFolder(trainFolder).Where(e => e.Label != OutOfScope).ToList();
        var test = testFolder.Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(ReadFolder).ToList();
        var valid = (validFolders ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(ReadFolder).ToList();
        output.WriteLine($"train: {train.Count:N0} in-scope examples, {train.Select(e => e.Label).Distinct().Count()} intents; test: {test.Count:N0} " +
            $"({test.Count(e => e.Label == OutOfScope):N0} out of scope)");
        var watch = Stopwatch.StartNew();
        var model = IntentModel.Train(train, new Progress<string>(error.WriteLine));
        var trainingSeconds = watch.Elapsed.TotalSeconds;

        double threshold;
        if (valid.Count > 0)
        {
            var scored = valid.Select(e => (e.Label, Result: model.Classify(e.Text))).ToList();
            threshold = Enumerable.Range(0, 100).Select(i => i / 100.0).MaxBy(t =>
            {
                var inScope = scored.Where(s => s.Label != OutOfScope).ToList();
                var oos = scored.Where(s => s.Label == OutOfScope).ToList();
                var accuracy = inScope.Count == 0 ? 0 : inScope.Count(s => s.Result.Confidence >= t && s.Result.Label == s.Label) / (double)inScope.Count;
                var recall = oos.Count == 0 ? 0 : oos.Count(s => s.Result.Confidence < t) / (double)oos.Count;
                return accuracy + recall;
            });
            output.WriteLine($"threshold {threshold:F2} chosen on {valid.Count:N0} validation examples");
        }
        else
        {
            threshold = Metrics.Percentile(model.HeldOutConfidences, 0.05);
            output.WriteLine($"threshold {threshold:F2} keeps 95 % of held-out in-scope training examples (no validation folder given)");
        }

        var latencies = new List<double>();
        int inScopeTotal = 0, inScopeRight = 0, oosTotal = 0, oosRejected = 0;
        foreach (var e in test)
        {
            var start = Stopwatch.GetTimestamp();
            var (label, confidence) = model.Classify(e.Text);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var rejected = confidence < threshold;
            if (e.Label == OutOfScope)
            {
                oosTotal++;
                if (rejected) oosRejected++;
            }
            else
            {
                inScopeTotal++;
                if (!rejected && label == e.Label) inScopeRight++;
            }
        }
        var sorted = latencies.Order().ToArray();
        var accuracy = inScopeTotal == 0 ? 0 : (double)inScopeRight / inScopeTotal;
        var recall = oosTotal == 0 ? 0 : (double)oosRejected / oosTotal;
        output.WriteLine($"training: {trainingSeconds:F1} s");
        output.WriteLine($"in-scope accuracy: {accuracy:P2}   out-of-scope recall: {recall:P2}");
        output.WriteLine($"latency per query: p50 {Metrics.Percentile(sorted, 0.5):F2} ms, p99 {Metrics.Percentile(sorted, 0.99):F2} ms");
        output.WriteLine($"in_scope_accuracy={accuracy:F4} oos_recall={recall:F4} p99_ms={Math.Ceiling(Metrics.Percentile(sorted, 0.99)):F0}");
        return 0;
    }
}
