using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PayDesk.Features.Assistant;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>The trained models a restart loads from disk: the same answers as trained, and never a damaged file's.</summary>
public sealed class TrainedModelCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paydesk-model-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static readonly string[] Probes = ["my refund has not arrived", "退款还没到账", "card was charged twice", "账户被冻结了", "hello there"];

    private static List<LabelledText> Examples()
    {
        var examples = new List<LabelledText>();
        string[][] groups =
        [
            ["refund not arrived", "where is my refund", "退款没到账", "退款一直没有到", "refund still missing", "退款什么时候到账"],
            ["charged twice", "double charge on my card", "扣了两次", "重复扣款", "duplicate payment taken", "同一笔扣款两次"],
            ["account frozen", "my account is blocked", "账户被冻结", "账户冻结了怎么办", "cannot use frozen account", "冻结账户解冻"],
            ["hello", "hi", "你好", "您好", "good morning", "在吗"],
        ];
        string[] labels = ["refund_status", "duplicate_debit", "account_frozen", "greeting"];
        for (var k = 0; k < groups.Length; k++) foreach (var text in groups[k]) examples.Add(new LabelledText(text, labels[k]));
        return examples;
    }

    private T Cached<T>(string inputs, Func<T> train, Action<T, BinaryWriter> write, Func<BinaryReader, T> read, Action trained) where T : class =>
        TrainedModelCache.GetOrTrain(_folder, NullLogger.Instance, "test", inputs, () => { trained(); return train(); }, write, read);

    [Fact]
    public void An_intent_model_read_back_answers_as_the_one_trained()
    {
        var examples = Examples();
        var trainings = 0;
        var first = Cached(TrainedModelCache.Digest(examples), () => IntentModel.Train(examples), (m, w) => m.Write(w), IntentModel.Read, () => trainings++);
        var second = Cached(TrainedModelCache.Digest(examples), () => IntentModel.Train(examples), (m, w) => m.Write(w), IntentModel.Read, () => trainings++);

        Assert.Equal(1, trainings);
        Assert.NotSame(first, second);
        foreach (var probe in Probes) Assert.Equal(first.Classify(probe), second.Classify(probe));
        Assert.Equal(first.HeldOutConfidences, second.HeldOutConfidences);
        Assert.Equal(first.Examples, second.Examples);
    }

    [Fact]
    public void A_pair_model_with_its_trees_read_back_scores_as_the_one_trained()
    {
        string[] topics = ["账单", "额度", "分期", "提现", "逾期", "退款", "利息", "还款", "转账", "冻结"];
        var pairs = new List<MatchEval.Pair>();
        foreach (var t in topics)
        {
            pairs.Add(new($"花呗{t}怎么查", $"花呗{t}如何查", 1));
            pairs.Add(new($"借呗{t}怎么查", $"借呗{t}如何查", 1));
            pairs.Add(new($"花呗{t}怎么查", $"借呗{t}怎么查", 0));
            pairs.Add(new($"借呗{t}如何查", $"花呗{t}如何查", 0));
            pairs.Add(new($"{t}要多久", $"{t}需要多长时间", 1));
            pairs.Add(new($"{t}要多久", $"{t}在哪里看", 0));
        }
        var inputs = TrainedModelCache.Digest(pairs.Select(p => new LabelledText(p.A + "\u0001" + p.B, p.Label.ToString())));
        var trainings = 0;
        var first = Cached(inputs, () => LearnedPairModel.Train(pairs), (m, w) => m.Write(w), LearnedPairModel.Read, () => trainings++);
        var second = Cached(inputs, () => LearnedPairModel.Train(pairs), (m, w) => m.Write(w), LearnedPairModel.Read, () => trainings++);

        Assert.Equal(1, trainings);
        Assert.Equal(first.Threshold, second.Threshold);
        foreach (var (a, b) in new[] { ("花呗账单怎么查", "借呗账单怎么查"), ("退款要多久", "退款需要多长时间"), ("额度在哪里看", "花呗额度如何查") })
        {
            Assert.Equal(first.Score(a, b), second.Score(a, b));
        }
    }

    [Fact]
    public void A_stacked_model_with_its_neighbours_read_back_classifies_as_the_one_trained()
    {
        var examples = Examples();
        // Small stand-in embeddings (MiniLM is not what is tested here): one direction per intent, a little noise.
        var labels = examples.Select(e => e.Label).Distinct().ToList();
        var random = new Random(5);
        float[] Embed(string label) => Enumerable.Range(0, 8).Select(j => (j == labels.IndexOf(label) ? 1f : 0f) + (float)random.NextDouble() * 0.2f).ToArray();
        var embeddings = examples.Select(e => Embed(e.Label)).ToList();
        var trainings = 0;
        HybridIntentModel Train() => HybridIntentModel.Train(examples, embeddings, [HybridIntentModel.Parts.All])[HybridIntentModel.Parts.All];
        var first = Cached(TrainedModelCache.Digest(examples), Train, (m, w) => m.Write(w), HybridIntentModel.Read, () => trainings++);
        var second = Cached(TrainedModelCache.Digest(examples), Train, (m, w) => m.Write(w), HybridIntentModel.Read, () => trainings++);

        Assert.Equal(1, trainings);
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.EmbeddingDimension, second.EmbeddingDimension);
        foreach (var (probe, label) in Probes.Zip(labels.Concat(labels)))
        {
            var vector = Embed(label);
            Assert.Equal(first.Classify(probe, vector), second.Classify(probe, vector));
        }
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    [InlineData("other-kind")]
    public void A_damaged_file_is_never_read_the_model_is_trained_again_and_written_afresh(string damage)
    {
        var examples = Examples();
        var inputs = TrainedModelCache.Digest(examples);
        var trainings = 0;
        var trained = Cached(inputs, () => IntentModel.Train(examples), (m, w) => m.Write(w), IntentModel.Read, () => trainings++);
        var file = Assert.Single(Directory.GetFiles(_folder));
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "flip": bytes[bytes.Length / 2] ^= 0x40; break;
            case "truncate": bytes = bytes[..(bytes.Length / 3)]; break;
            case "empty": bytes = []; break;
            case "other-kind":
                // A well-formed file of another kind under this name (checksum right, contents not an intent model).
                using (var buffer = new MemoryStream())
                {
                    using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                    {
                        w.Write("paydesk-model-cache-1");
                        w.Write("test");
                        w.Write("not a model");
                    }
                    var body = buffer.ToArray();
                    bytes = [.. System.Security.Cryptography.SHA256.HashData(body), .. body];
                }
                break;
        }
        File.WriteAllBytes(file, bytes);

        var again = Cached(inputs, () => IntentModel.Train(examples), (m, w) => m.Write(w), IntentModel.Read, () => trainings++);
        Assert.Equal(2, trainings);
        foreach (var probe in Probes) Assert.Equal(trained.Classify(probe), again.Classify(probe));
        // Written afresh: the next start loads it.
        Cached(inputs, () => IntentModel.Train(examples), (m, w) => m.Write(w), IntentModel.Read, () => trainings++);
        Assert.Equal(2, trainings);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Other_examples_are_another_model_and_a_folder_that_cannot_be_written_only_costs_the_training()
    {
        var examples = Examples();
        var trainings = 0;
        Cached(TrainedModelCache.Digest(examples), () => IntentModel.Train(examples), (m, w) => m.Write(w), IntentModel.Read, () => trainings++);
        var fewer = examples.Skip(1).ToList();
        Cached(TrainedModelCache.Digest(fewer), () => IntentModel.Train(fewer), (m, w) => m.Write(w), IntentModel.Read, () => trainings++);
        Assert.Equal(2, trainings);
        Assert.Equal(2, Directory.GetFiles(_folder).Length);

        // The cache folder is a file (a mistyped setting): the model is still trained and served, twice, without a throw.
        var blocked = Path.Combine(_folder, "blocked");
        File.WriteAllText(blocked, "not a folder");
        for (var i = 0; i < 2; i++)
        {
            var model = TrainedModelCache.GetOrTrain(blocked, NullLogger.Instance, "test", "x", () => IntentModel.Train(fewer), (m, w) => m.Write(w), IntentModel.Read);
            Assert.Equal("refund_status", model.Classify("退款没到账").Label);
        }
    }

    [Fact]
    public void Each_kind_keeps_its_last_used_files_and_a_killed_writers_leftovers_go()
    {
        Directory.CreateDirectory(_folder);
        var leftover = Path.Combine(_folder, "test-abc.bin.123.tmp");
        File.WriteAllText(leftover, "half");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-2));
        var fresh = Path.Combine(_folder, "test-def.bin.456.tmp");
        File.WriteAllText(fresh, "being written");
        var other = Path.Combine(_folder, "other-kind.bin");
        File.WriteAllText(other, "another kind's");
        // The folder may be shared: another program's old temporary file is not the cache's to remove.
        var foreign = Path.Combine(_folder, "report.tmp");
        File.WriteAllText(foreign, "someone else's");
        File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow.AddHours(-2));

        string Model(int i) => TrainedModelCache.GetOrTrain(_folder, NullLogger.Instance, "test", $"inputs {i}", () => $"model {i}", (m, w) => w.Write(m), r => r.ReadString());
        Model(0);
        var first = Assert.Single(Directory.GetFiles(_folder, "test-*.bin"));
        File.SetLastWriteTimeUtc(first, DateTime.UtcNow.AddDays(-1));
        Model(1);
        Model(2);
        // The first is used again (loaded, not trained): it counts as recent.
        Assert.Equal("model 0", Model(0));
        Model(3);
        Model(4);

        var kept = Directory.GetFiles(_folder, "test-*.bin");
        Assert.Equal(TrainedModelCache.KeptPerKind, kept.Length);
        Assert.Contains(first, kept);
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void The_folder_is_under_the_data_folder_unless_set_and_off_keeps_nothing()
    {
        var none = new ConfigurationBuilder().Build();
        Assert.Equal(Path.Combine("/srv/paydesk", "cache", "models"), TrainedModelCache.FolderFor(none, "/srv/paydesk"));
        var set = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Assistant:ModelCache"] = "/var/cache/paydesk" }).Build();
        Assert.Equal("/var/cache/paydesk", TrainedModelCache.FolderFor(set, "/srv/paydesk"));

        Assert.Null(TrainedModelCache.Resolve("off"));
        Assert.Null(TrainedModelCache.Resolve(" OFF "));
        Assert.Null(TrainedModelCache.Resolve(""));
        Assert.Equal("/var/cache/paydesk", TrainedModelCache.Resolve("/var/cache/paydesk"));
        var trainings = 0;
        for (var i = 0; i < 2; i++)
        {
            TrainedModelCache.GetOrTrain<object>(null, NullLogger.Instance, "test", "x", () => { trainings++; return new object(); }, (_, _) => { }, _ => new object());
        }
        Assert.Equal(2, trainings);
    }
}
