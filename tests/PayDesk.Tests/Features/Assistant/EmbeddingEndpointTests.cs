using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PayDesk.Features.Assistant;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>
/// The embeddings endpoint (issue 22) against a loopback stand-in that answers the OpenAI embeddings API with
/// deterministic vectors: hashed characters and character pairs, so texts that share words get close vectors.
/// </summary>
[LongRunning(62)]
public sealed class EmbeddingEndpointTests
{
    private sealed class StandIn : IAsyncDisposable
    {
        public required WebApplication App { get; init; }
        public List<string> Inputs { get; } = [];
        public volatile bool Slow;
        public volatile int Dimension = 128; // another value = the model behind the endpoint was switched
        public string Url => App.Urls.First() + "/v1";
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static float[] Vector(string text, int dimension = 128)
    {
        var v = new float[dimension];
        var t = text.ToLowerInvariant();
        var d = (uint)dimension;
        for (var i = 0; i < t.Length; i++)
        {
            v[(int)(t[i] * 2654435761u % d)] += 1;
            if (i + 1 < t.Length) v[(int)((uint)(t[i] * 31 + t[i + 1]) * 2246822519u % d)] += 2;
        }
        return v;
    }

    private static async Task<StandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        StandIn? standIn = null;
        app.MapPost("/v1/embeddings", async (HttpContext ctx) =>
        {
            using var body = await JsonDocument.ParseAsync(ctx.Request.Body);
            var input = body.RootElement.GetProperty("input");
            var texts = input.ValueKind == JsonValueKind.Array ? input.EnumerateArray().Select(e => e.GetString()!).ToList() : [input.GetString()!];
            lock (standIn!.Inputs) standIn.Inputs.AddRange(texts);
            if (standIn.Slow) await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
            var base64 = body.RootElement.TryGetProperty("encoding_format", out var f) && f.GetString() == "base64";
            var data = texts.Select((t, i) =>
            {
                var v = Vector(t, standIn.Dimension);
                object embedding = base64 ? Convert.ToBase64String(v.SelectMany(BitConverter.GetBytes).ToArray()) : v;
                return new { @object = "embedding", index = i, embedding };
            }).ToList();
            return Results.Json(new { @object = "list", data, model = "stand-in", usage = new { prompt_tokens = texts.Count, total_tokens = texts.Count } });
        });
        await app.StartAsync();
        standIn = new StandIn { App = app };
        return standIn;
    }

    private static AssistantModel Model(string? endpoint, int timeoutMs, bool offline = false)
    {
        var options = Options.Create(new EmbeddingOptions { Offline = offline, Endpoint = endpoint, Model = "stand-in", TimeoutMilliseconds = timeoutMs, RetryAfterSeconds = 2 });
        return new AssistantModel(options, new EmbeddingEndpoint(options, NullLogger<EmbeddingEndpoint>.Instance), NullLogger<AssistantModel>.Instance);
    }

    [Fact]
    public async Task Configured_endpoint_classifies_chinese_and_a_slow_endpoint_falls_back_to_the_offline_model()
    {
        await using var standIn = await StartAsync();
        var model = Model(standIn.Url, timeoutMs: 1000);
        var stacked = await model.EndpointModelAsync();
        Assert.NotNull(stacked);
        // Every shipped training utterance went to the endpoint once, while building.
        Assert.Equal(AssistantTraining.ShippedSplit().Train.Select(e => e.Text).Distinct().Count(), standIn.Inputs.Count);

        // Used when configured: the message (its phone number masked) goes to the endpoint and the stacked model answers.
        var (label, _, source) = await model.ClassifyAsync("我的退款怎么还没到账 13912345678", TestContext.Current.CancellationToken);
        Assert.Equal(IntentSource.Endpoint, source);
        Assert.Contains(standIn.Inputs, t => t.StartsWith("我的退款怎么还没到账", StringComparison.Ordinal) && t.Contains("139****5678", StringComparison.Ordinal));
        Assert.DoesNotContain(standIn.Inputs, t => t.Contains("13912345678", StringComparison.Ordinal));
        Assert.Equal("refund_status", label);

        // And it is a working model: held-out shipped Chinese utterances are mostly right through the endpoint.
        var heldOut = AssistantTraining.ShippedSplit().Evaluation.Where(e => !SentenceEmbeddings.IsEnglish(e.Text)).Take(60).ToList();
        var right = 0;
        foreach (var e in heldOut)
        {
            var r = await model.ClassifyAsync(e.Text, TestContext.Current.CancellationToken);
            Assert.Equal(IntentSource.Endpoint, r.Source);
            if (r.Label == e.Label) right++;
        }
        Assert.True(right >= heldOut.Count * 0.75, $"{right} of {heldOut.Count} right through the endpoint");

        // Slow endpoint: the budget runs out and the TF-IDF model answers, in about the budget.
        standIn.Slow = true;
        var watch = Stopwatch.StartNew();
        var fallback = await model.ClassifyAsync("退款多久能到账", TestContext.Current.CancellationToken);
        Assert.Equal(IntentSource.Tfidf, fallback.Source);
        Assert.Equal(model.Intents.Classify("退款多久能到账").Label, fallback.Label);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 5);

        // The system status page says so.
        var paused = model.State();
        Assert.Equal(EndpointModelState.Paused, paused.Endpoint);
        Assert.InRange(paused.EndpointPausedFor!.Value.TotalSeconds, 0.1, 2);
        Assert.Equal("stand-in", paused.EndpointModel);

        // The next messages do not wait for it again: the endpoint is left alone for RetryAfterSeconds (2 s here).
        var asked = standIn.Inputs.Count;
        watch.Restart();
        var quick = await model.ClassifyAsync("退款多久能到账了", TestContext.Current.CancellationToken);
        Assert.Equal(IntentSource.Tfidf, quick.Source);
        Assert.True(watch.Elapsed.TotalSeconds < 0.5, $"{watch.Elapsed.TotalSeconds:F2} s while the endpoint is being left alone");
        Assert.Equal(asked, standIn.Inputs.Count);

        // Once it answers again, it is used again after the pause.
        standIn.Slow = false;
        await Task.Delay(TimeSpan.FromSeconds(2.2), TestContext.Current.CancellationToken);
        Assert.Equal(IntentSource.Endpoint, (await model.ClassifyAsync("退款多久能到账呢", TestContext.Current.CancellationToken)).Source);
        Assert.Equal(EndpointModelState.Ready, model.State().Endpoint);
    }

    [Fact]
    public async Task A_switch_of_the_endpoints_model_to_another_dimension_falls_back_once_and_then_rebuilds_on_the_new_vectors()
    {
        await using var standIn = await StartAsync();
        var model = Model(standIn.Url, timeoutMs: 1000);
        var ct = TestContext.Current.CancellationToken;
        Assert.NotNull(await model.EndpointModelAsync());
        Assert.Equal(IntentSource.Endpoint, (await model.ClassifyAsync("我的退款怎么还没到账", ct)).Source);

        // The operator loads another model under the same name: 96-long vectors instead of 128. The message is answered by
        // TF-IDF (no comparison across models, no error), and the endpoint is left alone for its pause.
        standIn.Dimension = 96;
        var switched = await model.ClassifyAsync("退款多久能到账", ct);
        Assert.Equal(IntentSource.Tfidf, switched.Source);
        Assert.Equal(model.Intents.Classify("退款多久能到账").Label, switched.Label);
        Assert.Equal(EndpointModelState.Paused, model.State().Endpoint);

        // After the pause the model is rebuilt on the new vectors (every training text fetched again) and used.
        await Task.Delay(TimeSpan.FromSeconds(2.2), ct);
        var asked = standIn.Inputs.Count;
        var rebuilt = await model.EndpointModelAsync();
        Assert.Equal(96, rebuilt!.EmbeddingDimension);
        Assert.Equal(AssistantTraining.ShippedSplit().Train.Select(e => e.Text).Distinct().Count(), standIn.Inputs.Count - asked);
        var (label, _, source) = await model.ClassifyAsync("我的退款怎么还没到账", ct);
        Assert.Equal(IntentSource.Endpoint, source);
        Assert.Equal("refund_status", label);
    }

    private static double Cosine(string a, string b)
    {
        var (x, y) = (Vector(a), Vector(b));
        SentenceEmbeddings.Normalize(x);
        SentenceEmbeddings.Normalize(y);
        return SentenceEmbeddings.Dot(x, y);
    }

    [Fact]
    public async Task With_the_endpoint_a_customers_complaints_in_other_words_match_by_their_vectors_and_a_slow_endpoint_says_no_in_time()
    {
        await using var standIn = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        const string frozen = "我的帐户被冻洁了，为什么 13912345678", same = "我的账户为什么被冻结了", other = "退款多久能到账";
        // The threshold between the stand-in's two cosines: the matcher must tell them apart by comparing with it.
        var (close, far) = (Cosine("我的帐户被冻洁了，为什么 139****5678", same), Cosine(same, other));
        Assert.True(close > far + 0.1, $"stand-in cosines {close:F2} / {far:F2}");
        var options = Options.Create(new EmbeddingOptions
        {
            Offline = false, Endpoint = standIn.Url, Model = "stand-in", TimeoutMilliseconds = 1000, RetryAfterSeconds = 2,
            QuestionMinSimilarity = (close + far) / 2,
        });
        // No pair model (as in the first seconds after start): the endpoint alone answers.
        var matcher = new PairQuestionMatcher(new EmbeddingEndpoint(options, NullLogger<EmbeddingEndpoint>.Instance), options, model: () => null);
        Assert.True(matcher.Ready);
        Assert.Equal(new[] { true, false }, await matcher.SameQuestionAsync(frozen, [same, other], ct));
        Assert.Equal(new[] { false }, await matcher.SameQuestionAsync(same, [other], ct));
        // The phone number was masked before it left.
        Assert.DoesNotContain(standIn.Inputs, t => t.Contains("13912345678", StringComparison.Ordinal));
        Assert.Contains(standIn.Inputs, t => t.Contains("139****5678", StringComparison.Ordinal));

        // A slow endpoint costs one comparison its budget and answers "no" rather than holding intake.
        standIn.Slow = true;
        var watch = Stopwatch.StartNew();
        Assert.Equal(new[] { false }, await matcher.SameQuestionAsync(frozen, [same], ct));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 5);

        // Neither a pair model nor an endpoint: not ready, so intake compares money facts only.
        var offline = Options.Create(new EmbeddingOptions { Offline = false });
        Assert.False(new PairQuestionMatcher(new EmbeddingEndpoint(offline, NullLogger<EmbeddingEndpoint>.Instance), offline, model: () => null).Ready);
    }

    [Fact]
    public async Task Offline_english_embeddings_answer_english_once_loaded_and_leave_chinese_to_tfidf()
    {
        var model = Model(endpoint: null, timeoutMs: 1000, offline: true);
        var ct = TestContext.Current.CancellationToken;
        // Before the model has loaded, English is answered by TF-IDF (the server never waits for the load).
        if (!SentenceEmbeddings.Loaded) Assert.Equal(IntentSource.Tfidf, (await model.ClassifyAsync("where is my refund", ct)).Source);
        await Task.Run(() => AssistantModel.OfflineEnglishModel, ct);
        Assert.Equal(OfflineModelState.Ready, model.State().Offline);
        Assert.Equal(EndpointModelState.NotConfigured, model.State().Endpoint);

        var english = AssistantTraining.ShippedSplit().Evaluation.Where(e => SentenceEmbeddings.IsEnglish(e.Text)).ToList();
        int stacked = 0, tfidf = 0;
        foreach (var e in english)
        {
            var r = await model.ClassifyAsync(e.Text, ct);
            Assert.Equal(IntentSource.Offline, r.Source);
            if (r.Label == e.Label) stacked++;
            if (model.Intents.Classify(e.Text).Label == e.Label) tfidf++;
        }
        // Held-out shipped English utterances: the stack is at least as good as TF-IDF alone and right on most.
        Assert.True(stacked >= tfidf && stacked >= english.Count * 0.85, $"stacked {stacked}, TF-IDF {tfidf} of {english.Count}");
        Assert.Equal(IntentSource.Tfidf, (await model.ClassifyAsync("我的退款怎么还没到", ct)).Source);

        // Flooded: with every permit taken an English message is classified by TF-IDF at once instead of queueing.
        var permits = model.OfflineGate.CurrentCount;
        for (var i = 0; i < permits; i++) Assert.True(model.OfflineGate.Wait(0));
        Assert.Equal(IntentSource.Tfidf, (await model.ClassifyAsync("where is my refund", ct)).Source);
        model.OfflineGate.Release(permits);
        Assert.Equal(IntentSource.Offline, (await model.ClassifyAsync("where is my refund", ct)).Source);
    }

    // An intent the shipped utterances do not have: only a stack that learnt from the version's own examples can answer it.
    private static readonly string[] CardDelivery =
    [
        "my new card has not arrived yet", "when will my replacement card be delivered", "the card you posted never came",
        "still waiting for the physical card in the mail", "how long does card delivery take", "card was sent two weeks ago and is not here",
        "track the delivery of my card", "courier has not brought my card", "where is the card you mailed me",
        "I ordered a card and it hasn't shown up", "has my debit card been dispatched", "card delivery is late",
        "新卡还没寄到", "补办的卡什么时候能收到", "卡片邮寄到哪里了",
    ];

    private static IntentModel TrainedVersion() =>
        IntentModel.Train(AssistantTraining.ShippedSplit().Train.Concat(CardDelivery.Select(t => new LabelledText(t, "card_delivery"))).ToList());

    [Fact]
    public async Task A_trained_version_answers_english_through_a_stack_learnt_from_its_own_stored_examples()
    {
        var ct = TestContext.Current.CancellationToken;
        var trained = TrainedVersion();
        // Stored and read back as the server does: the examples travel with the version.
        var version = IntentModel.Deserialize(trained.Serialize());
        Assert.Equal(trained.Examples.Count, version.Examples.Count);
        Assert.Equal(trained.Examples[^1], version.Examples[^1]);

        var model = Model(endpoint: null, timeoutMs: 1000, offline: true);
        model.UseVersion(7, version);
        // Until its own stack has learnt, the version's TF-IDF model answers (never the built-in stack, which lacks its intents).
        Assert.Equal(OfflineModelState.Loading, model.State().Offline);
        Assert.Equal(IntentSource.Tfidf, (await model.ClassifyAsync("where is my refund", ct)).Source);
        model.WarmUpEmbeddings();
        var stack = await model.VersionOffline!.WaitAsync(TimeSpan.FromMinutes(3), ct);
        Assert.NotNull(stack);
        Assert.Contains("card_delivery", stack.Intents);
        Assert.Equal(OfflineModelState.Ready, model.State().Offline);
        Assert.Equal(7, model.State().ActiveVersion);

        var (label, _, source) = await model.ClassifyAsync("my replacement card still has not been delivered", ct);
        Assert.Equal(IntentSource.Offline, source);
        Assert.Equal("card_delivery", label);
        Assert.Equal("refund_status", (await model.ClassifyAsync("where is my refund", ct)).Label);
    }

    [Fact]
    public async Task A_version_stored_before_versions_kept_their_examples_is_answered_by_its_tfidf_model_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        // The format-1 payload: the same model without the examples at the end.
        var old = FormatOne(TrainedVersion().Serialize());
        var version = IntentModel.Deserialize(old);
        Assert.Empty(version.Examples);
        Assert.Equal("card_delivery", version.Classify("my new card has not arrived yet").Label);

        await using var standIn = await StartAsync();
        var model = Model(standIn.Url, timeoutMs: 1000, offline: true);
        model.UseVersion(2, version);
        model.WarmUpEmbeddings();
        Assert.Null(model.VersionOffline);
        Assert.Equal(OfflineModelState.OldVersion, model.State().Offline);
        // Neither stack may answer for it: the shipped utterances are not what it learnt.
        Assert.Null(await model.EndpointModelAsync());
        Assert.Empty(standIn.Inputs);
        var (label, _, source) = await model.ClassifyAsync("my new card has not arrived yet", ct);
        Assert.Equal(IntentSource.Tfidf, source);
        Assert.Equal("card_delivery", label);
    }

    [Fact]
    public async Task With_a_trained_version_the_endpoints_stack_learns_from_the_versions_examples()
    {
        await using var standIn = await StartAsync();
        var model = Model(standIn.Url, timeoutMs: 1000);
        var version = TrainedVersion();
        model.UseVersion(3, version);
        var stacked = await model.EndpointModelAsync();
        Assert.NotNull(stacked);
        Assert.Contains("card_delivery", stacked.Intents);
        Assert.Equal(version.Examples.Select(e => e.Text).Distinct().Count(), standIn.Inputs.Count);
        var (label, _, source) = await model.ClassifyAsync("新卡还没寄到，什么时候能收到", TestContext.Current.CancellationToken);
        Assert.Equal(IntentSource.Endpoint, source);
        Assert.Equal("card_delivery", label);
    }

    [Fact]
    public async Task A_version_activated_by_assistant_train_in_another_process_reaches_a_running_server_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        _ = factory.Server;
        var model = factory.Services.GetRequiredService<AssistantModel>();
        Assert.Null(model.ActiveVersion);
        Assert.Contains(factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is AssistantVersionWatcher);
        Assert.NotEqual("card_delivery", (await model.ClassifyAsync("my new card has not arrived yet", ct)).Label);

        // What `assistant train` writes: a new active version (here, one that learnt an intent the built-in model lacks).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            var trained = TrainedVersion();
            db.AssistantModels.Add(new AssistantModelVersion
            {
                Version = 4, CreatedAt = DateTime.UtcNow, Examples = trained.Examples.Count, Intents = trained.Intents.Count, Accuracy = 0.9,
                Active = true, Sources = "test", Payload = trained.Serialize(),
            });
            await db.SaveChangesAsync(ct);
        }
        // The watcher's round (every minute in the server): the running model switches, and only once.
        Assert.True(await model.LoadActiveAsync(factory.Services, ct));
        Assert.False(await model.LoadActiveAsync(factory.Services, ct));
        Assert.Equal(4, model.ActiveVersion);
        Assert.Equal(4, model.State().ActiveVersion);
        var (label, _, source) = await model.ClassifyAsync("my new card has not arrived yet", ct);
        Assert.Equal("card_delivery", label);
        Assert.Equal(IntentSource.Tfidf, source); // the test hosts run without the offline embeddings
    }

    /// <summary>A format-2 payload rewritten as format 1 (before versions kept their examples).</summary>
    private static byte[] FormatOne(byte[] payload)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(payload), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        input.CopyTo(raw);
        var model = IntentModel.Deserialize(payload);
        // Everything after the held-out confidences is the examples: measure them by writing them the same way.
        using var tail = new MemoryStream();
        using (var w = new BinaryWriter(tail, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(model.Examples.Count);
            foreach (var e in model.Examples)
            {
                w.Write(e.Text);
                w.Write(e.Label);
            }
        }
        var bytes = raw.ToArray()[..^(int)tail.Length];
        var header = Encoding.UTF8.GetBytes("paydesk-intent-2");
        Assert.Equal(header, bytes[1..(1 + header.Length)]);
        Encoding.UTF8.GetBytes("paydesk-intent-1").CopyTo(bytes, 1);
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) zip.Write(bytes);
        return output.ToArray();
    }

    [Fact]
    public async Task An_endpoint_that_is_down_leaves_the_offline_model_answering()
    {
        var model = Model("http://127.0.0.1:9/v1", timeoutMs: 1000);
        Assert.Null(await model.EndpointModelAsync());
        var (label, _, source) = await model.ClassifyAsync("how long does a refund take", TestContext.Current.CancellationToken);
        Assert.Equal(IntentSource.Tfidf, source);
        Assert.Equal(model.Intents.Classify("how long does a refund take").Label, label);
    }

    private static async Task<IReadOnlyList<string>> ArticlesAsync(PayDeskFactory factory, string question, string locale = "zh-CN")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var hits = await scope.ServiceProvider.GetRequiredService<ArticleRetrieval>().FindAsync(question, locale, 2, TestContext.Current.CancellationToken);
        return hits.Select(h => h.Slug).ToList();
    }

    [Fact]
    public async Task With_the_endpoint_articles_are_found_by_meaning_beside_the_full_text_index_and_without_it_the_index_answers_alone()
    {
        await using var standIn = await StartAsync();
        await using var withEndpoint = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Assistant:Embeddings:Endpoint"] = standIn.Url, ["Assistant:Embeddings:Model"] = "stand-in", ["Assistant:Embeddings:Offline"] = "false",
            ["Assistant:Embeddings:RetryAfterSeconds"] = "1",
            // The stand-in's hashed characters put related Chinese texts near 0.5 and unrelated ones below 0.3.
            ["Assistant:Embeddings:ArticleMinSimilarity"] = "0.4",
        });
        await using var without = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Assistant:Embeddings:Offline"] = "false" });

        // In the customer's own words (帐户 for 账户, 冻住 for 冻结): the index, which matches words, does not find the article.
        // (冻洁, the input method's homophone, it now does: Search/Homophones.)
        const string typo = QuestionTheIndexMisses;
        Assert.DoesNotContain("account-frozen-why", await ArticlesAsync(without, typo));
        Assert.Equal("account-frozen-why", (await ArticlesAsync(withEndpoint, typo)).FirstOrDefault());

        // Archived behind the cache's back (another instance, a bulk update): no longer offered, though the cached list has it.
        await using (var scope = withEndpoint.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            await db.Articles.Where(a => a.Slug == "account-frozen-why" && a.Locale == "zh-CN")
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, PayDesk.Features.Knowledge.ArticleStatus.Archived), TestContext.Current.CancellationToken);
        }
        Assert.DoesNotContain("account-frozen-why", await ArticlesAsync(withEndpoint, typo));

        // A question the index answers keeps its article first.
        Assert.Equal((await ArticlesAsync(without, "退款一般多久到账"))[0], (await ArticlesAsync(withEndpoint, "退款一般多久到账"))[0]);

        // Nothing close enough: no article is made up for an unrelated question.
        Assert.Empty(await ArticlesAsync(withEndpoint, UnrelatedQuestion));

        // The endpoint down: the index answers alone, as without it.
        standIn.Slow = true;
        Assert.Equal(await ArticlesAsync(without, "退款一般多久到账"), await ArticlesAsync(withEndpoint, "退款一般多久到账"));
        Assert.DoesNotContain("account-frozen-why", await ArticlesAsync(withEndpoint, typo));
    }

    private const string QuestionTheIndexMisses = "我的帐户被冻住了，为什么";
    private const string UnrelatedQuestion = "今天天气怎么样";
}
