using System.Globalization;
using PayDesk.Features.Search;

namespace PayDesk.Features.Assistant;

/// <summary>
/// PayDesk's own question pairs, generated from what ships: two Chinese utterances of the same intent, or a
/// help-centre query and its article's title, are the same question; a pair across intents is not — half of
/// the negatives come from the intents most easily confused with the first one (refund status vs. failed but
/// debited, frozen vs. unfreeze request), so the model learns the boundaries that matter. The shipped pair
/// model trains on these only: AFQMC and BQ Corpus are research-use data and only measure it.
/// </summary>
internal static class PayDeskPairs
{
    /// <summary>`--train paydesk` in `assistant eval --task match` means these pairs.</summary>
    public const string SourceName = "paydesk";

    private static readonly Lazy<Task<LearnedPairModel>> ShippedTraining =
        new(() => Task.Run(() =>
        {
            var pairs = Generate().ToList();
            return TrainedModelCache.GetOrTrain("question-pairs", TrainedModelCache.Digest(pairs.Select(p => new LabelledText(p.A + "\u0001" + p.B, p.Label.ToString(CultureInfo.InvariantCulture)))),
                () => LearnedPairModel.Train(pairs), (m, w) => m.Write(w), LearnedPairModel.Read);
        }), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The pair model the product uses, trained once per process on <see cref="Generate"/> in the background.</summary>
    public static Task<LearnedPairModel> ShippedAsync() => ShippedTraining.Value;

    /// <summary>The shipped pair model once trained, else null (and its training started): callers never wait for it.</summary>
    public static LearnedPairModel? ShippedIfReady() => ShippedTraining.Value is { IsCompletedSuccessfully: true } trained ? trained.Result : null;

    public static IEnumerable<MatchEval.Pair> Generate(int positivesPerQuestion = 2, int negativesPerQuestion = 2, int seed = 22)
    {
        var groups = Groups();
        var random = new Random(seed);
        var confusable = Confusable(groups);
        var keys = groups.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            var members = groups[key];
            for (var i = 0; i < members.Count; i++)
            {
                for (var p = 0; p < positivesPerQuestion && members.Count > 1; p++)
                {
                    var j = random.Next(members.Count - 1);
                    if (j >= i) j++;
                    yield return new MatchEval.Pair(members[i], members[j], 1);
                }
                for (var n = 0; n < negativesPerQuestion; n++)
                {
                    var other = n % 2 == 0 && confusable[key].Count > 0
                        ? confusable[key][random.Next(confusable[key].Count)]
                        : keys[random.Next(keys.Count)];
                    if (other == key) continue;
                    var them = groups[other];
                    yield return new MatchEval.Pair(members[i], them[random.Next(them.Count)], 0);
                }
            }
        }
    }

    /// <summary>Chinese questions grouped by what they ask: utterances by intent, help-centre queries with their article's title by article.</summary>
    private static Dictionary<string, List<string>> Groups()
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string text)
        {
            text = text.Trim();
            if (text.Length == 0) return;
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            if (!list.Contains(text)) list.Add(text);
        }
        using (var stream = typeof(PayDeskPairs).Assembly.GetManifestResourceStream("assistant/utterances.zh-CN.csv")
            ?? throw new InvalidOperationException("assistant/utterances.zh-CN.csv is not embedded."))
        using (var reader = new StreamReader(stream))
        {
            // Small talk (greeting, thanks, goodbye) and out-of-scope are not questions to match.
            foreach (var u in LabelledText.ParseCsv(reader.ReadToEnd(), "utterances.zh-CN.csv").Where(u => u.Label is not ("greeting" or "thanks" or "goodbye" or "out_of_scope")))
            {
                Add("intent:" + u.Label, u.Text);
            }
        }
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in typeof(PayDeskPairs).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("knowledge/articles/", StringComparison.Ordinal) && n.EndsWith(".zh-CN.md", StringComparison.Ordinal)))
        {
            var lines = TextSegmenter.ReadContent(name).Take(20).ToList();
            var slug = lines.FirstOrDefault(l => l.StartsWith("slug:", StringComparison.Ordinal))?["slug:".Length..].Trim();
            var title = lines.FirstOrDefault(l => l.StartsWith("title:", StringComparison.Ordinal))?["title:".Length..].Trim();
            if (slug is not null && title is not null) titles[slug] = title;
        }
        foreach (var line in TextSegmenter.ReadContent("knowledge/relevance.tsv").Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length < 3 || parts[0] != "zh-CN" || !titles.TryGetValue(parts[2], out var title)) continue;
            Add("article:" + parts[2], title);
            Add("article:" + parts[2], parts[1]);
        }
        return groups.Where(g => g.Value.Count >= 2).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
    }

    /// <summary>For each group, the three others whose questions share the most character pairs with it.</summary>
    private static Dictionary<string, List<string>> Confusable(Dictionary<string, List<string>> groups)
    {
        var profiles = groups.ToDictionary(g => g.Key, g => g.Value.SelectMany(t => new AnalysedQuestion(t).Bigrams).ToHashSet(StringComparer.Ordinal));
        return groups.Keys.ToDictionary(k => k, k => groups.Keys.Where(o => o != k)
            .OrderByDescending(o => profiles[k].Count(profiles[o].Contains) / (double)Math.Max(1, Math.Min(profiles[k].Count, profiles[o].Count)))
            .ThenBy(o => o, StringComparer.Ordinal).Take(3).ToList());
    }
}

/// <summary>
/// The complaint core's question matcher (FindDuplicates): the shipped pair model once trained, and with an embeddings
/// endpoint configured also the endpoint's vectors (any language): either saying "same" is enough, since money facts
/// have already ruled out what they can and the flag only asks a person to look. A slow or failing endpoint leaves the
/// pair model alone (the endpoint's own budget and pause).
/// </summary>
internal sealed class PairQuestionMatcher(EmbeddingEndpoint endpoint, Microsoft.Extensions.Options.IOptions<EmbeddingOptions> options,
    Func<LearnedPairModel?>? model = null) : Complaints.IQuestionMatcher
{
    private readonly Func<LearnedPairModel?> _model = model ?? PayDeskPairs.ShippedIfReady;

    public bool Ready => _model() is not null || endpoint.Configured;

    public async Task<bool[]> SameQuestionAsync(string question, IReadOnlyList<string> others, CancellationToken ct)
    {
        var same = new bool[others.Count];
        if (_model() is { } pairs)
        {
            var analysed = new AnalysedQuestion(question);
            for (var i = 0; i < others.Count; i++) same[i] = pairs.IsSameQuestion(analysed, new AnalysedQuestion(others[i]));
        }
        if (!endpoint.Configured || same.All(s => s)) return same;
        // Masked again before leaving for the model server, as every text sent there is; one request for all.
        var vectors = await endpoint.TryEmbedAsync([GroundedPhrasing.Mask(question), .. others.Select(GroundedPhrasing.Mask)], ct, cache: false);
        if (vectors is null) return same;
        for (var i = 0; i < others.Count; i++)
        {
            same[i] |= vectors[i + 1].Length == vectors[0].Length && SentenceEmbeddings.Dot(vectors[0], vectors[i + 1]) >= options.Value.QuestionMinSimilarity;
        }
        return same;
    }
}
