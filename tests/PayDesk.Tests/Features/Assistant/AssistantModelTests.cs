using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Assistant;
using PayDesk.Tests.Features.Knowledge;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Assistant;

[LongRunning(80)]
public sealed class AssistantModelTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = output;

    [Fact]
    public void Csv_reader_handles_quotes_commas_and_line_breaks()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "\uFEFFtext,category\r\n\"hi, there\",greeting\n\"say \"\"hello\"\"\nagain\",greeting\nplain,thanks\n");
        var rows = LabelledText.ReadCsv(path);
        Assert.Equal([("hi, there", "greeting"), ("say \"hello\"\nagain", "greeting"), ("plain", "thanks")], rows.Select(r => (r.Text, r.Label)).ToArray());
        File.Delete(path);
    }

    [Fact]
    public void Auc_is_one_for_perfect_ranking_and_a_half_for_ties()
    {
        Assert.Equal(1.0, Metrics.Auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]));
        Assert.Equal(0.0, Metrics.Auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]));
        Assert.Equal(0.5, Metrics.Auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]));
    }

    [Fact]
    public void Classification_metrics_count_macro_f1_and_confusions()
    {
        var report = Metrics.Classification(["a", "a", "b", "b"], ["a", "b", "b", "b"]);
        Assert.Equal(0.75, report.Accuracy);
        Assert.Equal((2 / 3.0 + 0.8) / 2, report.MacroF1, 6);
        Assert.Equal(("a", "b", 1), report.Confusions.Single());
    }

    [Theory]
    [InlineData("zh-CN", 0.8)]
    [InlineData("en", 0.8)]
    public void Intents_from_our_own_utterances_are_learnt_in_chinese_and_english(string locale, double floor)
    {
        // A fifth of each intent held out; the rest trains. Our utterances (content/assistant) ship with PayDesk.
        var all = LabelledText.ReadCsv(Path.Combine(Repository.Root, "content", "assistant", $"utterances.{locale}.csv"));
        var test = all.Where((_, i) => i % 5 == 0).ToList();
        var train = all.Where((_, i) => i % 5 != 0).ToList();
        var model = IntentModel.Train(train);
        var accuracy = test.Count(e => model.Classify(e.Text).Label == e.Label) / (double)test.Count;
        output.WriteLine($"[figure] assistant intent accuracy ({locale}, own utterances, held-out fifth)={accuracy:F4}");
        Assert.True(accuracy >= floor, $"accuracy {accuracy:F4}");
        Assert.Equal("human_agent", model.Classify(locale == "en" ? "let me talk to a real person" : "转人工").Label);
        Assert.True(model.HeldOutConfidences.Length > 0);
    }

    [Fact]
    public async Task The_eval_command_refuses_missing_files_with_a_message()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(
            ["assistant", "eval", "--task", "intent", "--train", "/nonexistent/train.csv", "--test", "/nonexistent/test.csv"], output, error);
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error.ToString());
    }

    [Fact]
    public void Banking77_cross_check_when_the_shared_datasets_are_present()
    {
        var path = Path.Combine(Repository.Root, "..", "shared", "datasets", "banking77", "train.csv");
        if (!File.Exists(path)) Assert.Skip("../shared/datasets/banking77 is not on this machine.");
        var all = LabelledText.ReadCsv(path);
        var test = all.Where((_, i) => i % 10 == 0).ToList();
        var model = IntentModel.Train(all.Where((_, i) => i % 10 != 0).ToList());
        var accuracy = test.Count(e => model.Classify(e.Text).Label == e.Label) / (double)test.Count;
        output.WriteLine($"[figure] BANKING77 accuracy on a held-out tenth of its train split={accuracy:F4}");
        Assert.True(accuracy >= 0.88, $"accuracy {accuracy:F4}");
    }

    [Fact]
    public async Task The_demo_dialogues_run_through_the_chat_and_report_their_figures()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(
            ["assistant", "eval", "--task", "dialogue", "--test", Path.Combine(Repository.Root, "content", "assistant", "dialogues.jsonl")], output, error);
        Assert.True(code == 0, error.ToString());
        var last = output.ToString().Trim().Split('\n')[^1];
        var match = System.Text.RegularExpressions.Regex.Match(last, @"^resolved_share=(?<r>[\d.]+) handoff_accuracy=(?<h>[\d.]+) intent_accuracy=(?<i>[\d.]+) answered_share=(?<a>[\d.]+)$");
        Assert.True(match.Success, last);
        this.output.WriteLine($"[figure] assistant demo dialogues: {last}");
        Assert.True(double.Parse(match.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 0.8, last);
    }

    [Fact]
    public async Task At_three_on_a_holiday_night_every_demo_message_is_answered()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(
            ["assistant", "eval", "--task", "dialogue", "--test", Path.Combine(Repository.Root, "content", "assistant", "dialogues.jsonl"),
             "--at", "2026-10-02T03:00+08:00"], output, error);
        Assert.True(code == 0, error.ToString());
        var text = output.ToString();
        Assert.DoesNotContain("refused at start", text);
        var last = text.Trim().Split('\n')[^1];
        this.output.WriteLine($"[figure] assistant demo dialogues at 03:00 on a holiday: {last}");
        Assert.EndsWith("answered_share=1.0000", last);
        Assert.Contains("handoff_accuracy=0.9", last);
    }

    [Fact]
    public async Task Evaluation_with_embeddings_scores_a_test_file_per_mix_and_per_intent()
    {
        // A small slice (8 lines per intent to train on, 2 to score) keeps the MiniLM work to a second or two.
        static string Slice(string file, int perIntent) =>
            "text,intent\n" + string.Join("\n", LabelledText.ReadCsv(file).GroupBy(e => e.Label).SelectMany(g => g.Take(perIntent))
                .Select(e => $"\"{e.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{e.Label}"));
        var dir = Directory.CreateTempSubdirectory("paydesk-embed-eval-");
        try
        {
            var train = Path.Combine(dir.FullName, "train.csv");
            var test = Path.Combine(dir.FullName, "test.csv");
            await File.WriteAllTextAsync(train, Slice(Path.Combine(Repository.Root, "content", "assistant", "utterances.en.csv"), 8), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(test, Slice(Path.Combine(Repository.Root, "content", "assistant", "test", "utterances.en.test.csv"), 2), TestContext.Current.CancellationToken);
            var output = new StringWriter();
            var error = new StringWriter();
            var code = await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(["assistant", "eval", "--task", "intent", "--embed", "--train", train, "--test", test], output, error);
            Assert.True(code == 0, error.ToString());
            var text = output.ToString();
            Assert.Contains("train: 160 examples, 20 intents; test: 40", text);
            Assert.Matches(@"joint\+knn \(shipped\)\s+accuracy \d+\.\d\d %", text);
            Assert.Matches(@"refund_status\s+\d+\.\d %\s+\d / 2", text);
            Assert.Matches(@"accuracy=0\.\d{4} macro_f1=0\.\d{4} p99_ms=\d+$", text.Trim().Split('\n')[^1]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Training_adds_versions_and_activates_one_only_if_it_scores_at_least_as_well()
    {
        var dir = Directory.CreateTempSubdirectory("paydesk-train-");
        var settings = new Dictionary<string, string?> { ["PAYDESK_DATA_DIR"] = dir.FullName, ["PAYDESK_POSTGRES"] = "", ["PAYDESK_DEMO"] = "false" };
        try
        {
            // Scored as the server answers: English through the offline stack (the default) learnt from each version's examples.
            var first = new StringWriter();
            Assert.Equal(0, await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(["assistant", "train"], first, TextWriter.Null, settings));
            Assert.Contains("English through the offline MiniLM stack", first.ToString());
            Assert.Contains("version 1 is now active", first.ToString());
            var second = new StringWriter();
            var tfidfOnly = new Dictionary<string, string?>(settings) { ["Assistant:Embeddings:Offline"] = "false" };
            Assert.Equal(0, await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(["assistant", "train"], second, TextWriter.Null, tfidfOnly));
            // The same data gives the same score: "at least as well" lets it in.
            Assert.Contains("TF-IDF only", second.ToString());
            Assert.Contains("version 2 is now active", second.ToString());
            var missing = new StringWriter();
            Assert.Equal(2, await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(["assistant", "train", "--banking77", "/nonexistent.csv"], TextWriter.Null, missing, settings));
            Assert.Contains("does not exist", missing.ToString());

            var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PayDesk.Infrastructure.Data.SqliteAppDbContext>()
                .UseSqlite($"Data Source={Path.Combine(dir.FullName, "paydesk.db")}").Options;
            await using var db = new PayDesk.Infrastructure.Data.SqliteAppDbContext(options);
            var versions = db.AssistantModels.OrderBy(m => m.Version).ToList();
            Assert.Equal([(1, false), (2, true)], versions.Select(v => (v.Version, v.Active)).ToArray());
            var restored = IntentModel.Deserialize(versions[1].Payload);
            Assert.Equal("human_agent", restored.Classify("转人工").Label);
            // The version keeps what it learnt from, for the embedding stacks the server builds on it.
            Assert.Equal(AssistantTraining.ShippedSplit().Train.Count, restored.Examples.Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_resolved_complaint_is_learnt_from_scrubbed_as_retention_would_leave_it()
    {
        // Versions store their examples: nothing of the customer may ride along past the complaint's own retention.
        var example = AssistantTraining.FromComplaint("王小明的卡被重复扣款 13912345678 wxm@example.com", PayDesk.Features.Complaints.TicketSubCategory.DuplicateDebit, "王小明");
        Assert.NotNull(example);
        Assert.Equal("duplicate_debit", example.Label);
        Assert.Contains("重复扣款", example.Text);
        Assert.DoesNotContain("王小明", example.Text);
        Assert.DoesNotContain("13912345678", example.Text);
        Assert.DoesNotContain("wxm@example.com", example.Text);
        Assert.Null(AssistantTraining.FromComplaint("金额不对", PayDesk.Features.Complaints.TicketSubCategory.WrongAmount, "李雷"));
    }

    [Fact]
    public async Task Cross_validation_reports_the_mean_of_its_folds()
    {
        var output = new StringWriter();
        var code = await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(
            ["assistant", "eval", "--task", "intent", "--train", Path.Combine(Repository.Root, "content", "assistant", "utterances.en.csv"), "--folds", "2"],
            output, TextWriter.Null);
        Assert.Equal(0, code);
        var lines = output.ToString().Trim().Split('\n');
        Assert.Equal(2, lines.Count(l => l.StartsWith("fold ")));
        Assert.Matches(@"^accuracy=0\.\d{4} macro_f1=0\.\d{4} p99_ms=\d+$", lines[^1]);
        var error = new StringWriter();
        Assert.Equal(2, await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(["assistant", "eval", "--task", "oos", "--train", "x", "--folds", "3"], TextWriter.Null, error));
        Assert.Contains("--folds", error.ToString());
        // Question matching cross-validates too, and says so when its file is missing.
        error = new StringWriter();
        Assert.Equal(2, await PayDesk.Infrastructure.Cli.PayDeskCli.RunAsync(["assistant", "eval", "--task", "match", "--train", "x.tsv", "--folds", "3"], TextWriter.Null, error));
        Assert.Contains("does not exist", error.ToString());
    }
}
