using System.CommandLine;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Assistant;

/// <summary>`paydesk assistant eval|train`: score the assistant's models on data sets and train a new intent model version.</summary>
internal static class AssistantCommands
{
    /// <param name="withHost">Builds the application with these settings and runs the work against its services (the CLI's host).</param>
    public static Command Create(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings,
        Func<IReadOnlyDictionary<string, string?>?, Func<IServiceProvider, Task<int>>, Task<int>> withHost)
    {
        var task = new Option<string>("--task")
        {
            Description = "intent (CSV text,category), match (AFQMC TSV or BQ CSV pairs), oos (BANKING77-OOS folders) or dialogue (JSON lines, e.g. content/assistant/dialogues.jsonl).",
            Required = true,
        };
        task.AcceptOnlyFromAmong("intent", "match", "oos", "dialogue");
        var train = new Option<string?>("--train") { Description = "Training data (a file; for oos a folder with seq.in and label); not used by dialogue." };
        var test = new Option<string?>("--test") { Description = "Evaluation data, same format (oos: comma-separated folders); or use --folds." };
        var folds = new Option<int?>("--folds") { Description = "intent, match: k-fold cross-validation on --train instead of a --test file (match: --train paydesk for PayDesk's own pairs)." };
        var valid = new Option<string?>("--valid") { Description = "oos only: folder(s) used to choose the out-of-scope threshold (comma-separated)." };
        var at = new Option<DateTimeOffset?>("--at")
        {
            Description = "dialogue only: play the conversations at this time (e.g. 2026-10-02T03:00+08:00, a holiday night) on the configured line calendar, instead of with the line always open.",
        };
        var embed = new Option<bool>("--embed") { Description = "intent, oos: also MiniLM sentence embeddings (English), stacked with TF-IDF; prints what each part adds." };
        var eval = new Command("eval", "Train on one file and score on another; ends with one line of figures.") { task, train, test, valid, folds, at, embed, PairEval.FeaturesOption };
        eval.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(task) == "dialogue")
            {
                if (parse.GetValue(test) is null)
                {
                    await error.WriteLineAsync("error: --test FILE (JSON lines) is required.");
                    return 2;
                }
                var dialogues = Path.GetFullPath(parse.GetValue(test)!);
                if (!File.Exists(dialogues))
                {
                    await error.WriteLineAsync($"error: {dialogues} does not exist.");
                    return 2;
                }
                var scratch = Directory.CreateTempSubdirectory("paydesk-dialogue-");
                try
                {
                    var scratchSettings = new Dictionary<string, string?>
                    {
                        ["PAYDESK_DATA_DIR"] = scratch.FullName, ["PAYDESK_POSTGRES"] = "", ["PAYDESK_DEMO"] = "false",
                        ["PAYDESK_ADMIN_PASSWORD"] = "Eval-" + Guid.NewGuid().ToString("N"), ["Assistant:Enabled"] = "true",
                    };
                    return parse.GetValue(at) is { } when
                        ? await DialogueEval.WithClockAsync(scratchSettings, when, services => DialogueEval.RunAsync(dialogues, services, output, ct, when))
                        : await withHost(scratchSettings, services => DialogueEval.RunAsync(dialogues, services, output, ct));
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    scratch.Delete(recursive: true);
                }
            }
            if (parse.GetValue(train) is null)
            {
                await error.WriteLineAsync("error: --train is required for this task.");
                return 2;
            }
            var trainPath = Path.GetFullPath(parse.GetValue(train)!);
            if (parse.GetValue(folds) is { } matchFolds && parse.GetValue(task) == "match")
            {
                return PairEval.Run(parse.GetValue(train)!, matchFolds, parse.GetValue(PairEval.FeaturesOption), output, error);
            }
            if (parse.GetValue(folds) is { } k)
            {
                if (parse.GetValue(task) != "intent" || k is < 2 or > 20)
                {
                    await error.WriteLineAsync("error: --folds (2–20) works with --task intent or match.");
                    return 2;
                }
                if (!File.Exists(trainPath))
                {
                    await error.WriteLineAsync($"error: {trainPath} does not exist.");
                    return 2;
                }
                return parse.GetValue(embed)
                    ? EmbeddingEval.CrossValidateIntent(trainPath, k, output, error)
                    : AssistantEval.CrossValidateIntent(trainPath, k, output, error);
            }
            if (parse.GetValue(test) is null)
            {
                await error.WriteLineAsync("error: --test (or --folds) is required.");
                return 2;
            }
            var testPath = string.Join(",", parse.GetValue(test)!.Split(',').Select(Path.GetFullPath));
            var validPath = parse.GetValue(valid) is { } v ? string.Join(",", v.Split(',').Select(Path.GetFullPath)) : null;
            foreach (var path in new[] { trainPath }.Concat(testPath.Split(',')).Concat(validPath?.Split(',') ?? []))
            {
                if (!File.Exists(path) && !Directory.Exists(path) && Path.GetFileName(path) != PayDeskPairs.SourceName)
                {
                    error.WriteLine($"error: {path} does not exist.");
                    return 2;
                }
            }
            try
            {
                return (parse.GetValue(task), parse.GetValue(embed)) switch
                {
                    ("oos", true) => EmbeddingEval.Oos(trainPath, testPath, validPath, output, error),
                    ("intent", true) => EmbeddingEval.RunIntent(trainPath, testPath, output, error),
                    ("intent", _) => AssistantEval.RunIntent(trainPath, testPath, output, error),
                    ("match", _) => PairEval.RunSplit(trainPath, testPath, parse.GetValue(PairEval.FeaturesOption), output, error),
                    _ => OosEval.Run(trainPath, testPath, validPath, output, error),
                };
            }
            catch (FormatException ex)
            {
                error.WriteLine("error: " + ex.Message);
                return 2;
            }
        });
        var banking77 = new Option<string?>("--banking77") { Description = "Also learn BANKING77's English banking intents from this CSV (text,category; CC BY 4.0)." };
        var trainCommand = new Command("train", "Train a new intent model version; it becomes active only if it scores at least as well.") { banking77 };
        trainCommand.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(banking77) is { } b ? Path.GetFullPath(b) : null;
            if (path is not null && !File.Exists(path))
            {
                await error.WriteLineAsync($"error: {path} does not exist.");
                return 2;
            }
            return await withHost(settings, async services =>
            {
                await services.MigrateDatabaseAsync(ct);
                return await AssistantTraining.TrainAsync(services, path, output, error, ct);
            });
        });
        var assistant = new Command("assistant", "The assistant's models.");
        assistant.Subcommands.Add(eval);
        assistant.Subcommands.Add(trainCommand);
        return assistant;
    }
}
