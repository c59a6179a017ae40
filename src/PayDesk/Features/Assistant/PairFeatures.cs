using System.Text;

namespace PayDesk.Features.Assistant;

/// <summary>Which groups of pair features a <see cref="LearnedPairModel"/> uses (for the ablation table in docs/ASSISTANT.md).</summary>
[Flags]
internal enum PairFeatureGroups
{
    None = 0,
    /// <summary>The hand-made overlap measures (characters, character pairs, words, lengths, edit distance, negation) — binned so a linear model can bend them.</summary>
    Overlap = 1,
    /// <summary>Words and character pairs the two questions share or do not share.</summary>
    SharedAndDiffering = 2,
    /// <summary>Hashed crosses of one side's unshared words with the other side's (花呗 ↔ 借呗 is a different question, 怎么 ↔ 如何 is not).</summary>
    Cross = 4,
    /// <summary>Numbers, question types (多久 / 怎么 / 为什么 / 能不能 …) and negation, compared side by side.</summary>
    Mismatch = 8,
    /// <summary>The words of both questions on their own (what the pair is about).</summary>
    Topic = 16,
    /// <summary>The gradient-boosted trees over the dense measures and the linear model's score.</summary>
    Boosting = 32,
    All = Overlap | SharedAndDiffering | Cross | Mismatch | Topic | Boosting,
}

/// <summary>
/// One question, analysed once: its letters and digits, character pairs and triples, jieba words, numbers,
/// negations and question type. The pair features compare two of these.
/// </summary>
internal sealed class AnalysedQuestion
{
    private static readonly (string Type, string[] Cues)[] QuestionTypes =
    [
        ("when", ["多久", "多长时间", "什么时候", "几天", "何时", "几号", "几点", "how long", "when"]),
        ("why", ["为什么", "为何", "怎么会", "什么原因", "原因", "why"]),
        ("how", ["怎么", "如何", "怎样", "咋", "方法", "步骤", "how"]),
        ("can", ["能不能", "可不可以", "可以", "能否", "是否", "能", "会不会", "can", "could"]),
        ("amount", ["多少", "额度", "几块", "利息", "费用", "手续费", "how much"]),
        ("what", ["什么", "是啥", "哪", "what", "which"]),
    ];

    public AnalysedQuestion(string text)
    {
        Text = text;
        var lower = text.ToLowerInvariant();
        Chars = lower.Where(char.IsLetterOrDigit).ToArray();
        Unigrams = Chars.Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
        Bigrams = Grams(Chars, 2);
        Trigrams = Grams(Chars, 3);
        Words = Search.TextSegmenter.Shared.AllTokens(text).ToArray();
        WordSet = Words.ToHashSet(StringComparer.Ordinal);
        var numbers = new StringBuilder();
        foreach (var c in lower) numbers.Append(char.IsAsciiDigit(c) || c == '*' ? c : ' ');
        Numbers = numbers.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Negations = lower.Count(c => c is '不' or '没' or '无' or '未' or '非' or '别') + (lower.Contains("not") || lower.Contains("n't") ? 1 : 0);
        QuestionType = QuestionTypes.FirstOrDefault(q => q.Cues.Any(lower.Contains)).Type ?? "none";
    }

    public string Text { get; }
    public char[] Chars { get; }
    public HashSet<string> Unigrams { get; }
    public HashSet<string> Bigrams { get; }
    public HashSet<string> Trigrams { get; }
    public string[] Words { get; }
    public HashSet<string> WordSet { get; }
    public HashSet<string> Numbers { get; }
    public int Negations { get; }
    public string QuestionType { get; }

    private static HashSet<string> Grams(char[] c, int n) =>
        Enumerable.Range(0, Math.Max(0, c.Length - n + 1)).Select(i => new string(c, i, n)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// The features of a question pair: dense measures (for the trees, and binned for the linear model) and
/// hashed sparse indicators (for the linear model). Symmetric: (a, b) and (b, a) give the same features.
/// </summary>
internal static class PairFeatures
{
    public const int HashBits = 20;
    private const int HashMask = (1 << HashBits) - 1;

    public static readonly string[] DenseNames =
    [
        "char_jaccard", "bigram_jaccard", "trigram_jaccard", "word_jaccard", "tfidf_cosine", "length_ratio", "lcs_ratio",
        "edit_similarity", "negation_mismatch", "same_words", "word_containment", "bigram_containment", "unshared_words",
        "unshared_chars", "min_length", "max_length", "length_difference", "number_mismatch", "question_type_mismatch",
        "prefix_ratio", "suffix_ratio",
    ];

    public static float[] Dense(AnalysedQuestion a, AnalysedQuestion b, float tfidfCosine)
    {
        var ua = a.Unigrams; var ub = b.Unigrams;
        var minLength = Math.Min(a.Chars.Length, b.Chars.Length);
        var maxLength = Math.Max(a.Chars.Length, b.Chars.Length);
        var sharedWords = a.WordSet.Count(b.WordSet.Contains);
        var sharedBigrams = a.Bigrams.Count(b.Bigrams.Contains);
        return
        [
            Jaccard(ua, ub),
            Jaccard(a.Bigrams, b.Bigrams),
            Jaccard(a.Trigrams, b.Trigrams),
            Jaccard(a.WordSet, b.WordSet),
            tfidfCosine,
            minLength / (float)Math.Max(1, maxLength),
            LongestCommonSubstring(a.Chars, b.Chars) / (float)Math.Max(1, minLength),
            1 - EditDistance(a.Chars, b.Chars) / (float)Math.Max(1, maxLength),
            a.Negations != b.Negations ? 1 : 0,
            a.WordSet.SetEquals(b.WordSet) ? 1 : 0,
            sharedWords / (float)Math.Max(1, Math.Min(a.WordSet.Count, b.WordSet.Count)),
            sharedBigrams / (float)Math.Max(1, Math.Min(a.Bigrams.Count, b.Bigrams.Count)),
            a.WordSet.Count + b.WordSet.Count - 2 * sharedWords,
            ua.Count(c => !ub.Contains(c)) + ub.Count(c => !ua.Contains(c)),
            minLength,
            maxLength,
            maxLength - minLength,
            a.Numbers.SetEquals(b.Numbers) ? 0 : 1,
            a.QuestionType == b.QuestionType ? 0 : 1,
            CommonPrefix(a.Chars, b.Chars) / (float)Math.Max(1, minLength),
            CommonPrefix(a.Chars.Reverse().ToArray(), b.Chars.Reverse().ToArray()) / (float)Math.Max(1, minLength),
        ];
    }

    /// <summary>Hashed indicator features of the pair, each index once.</summary>
    public static int[] Sparse(AnalysedQuestion a, AnalysedQuestion b, float[] dense, float[][] binEdges, PairFeatureGroups groups)
    {
        var keys = new HashSet<int> { Hash("bias") };
        if (groups.HasFlag(PairFeatureGroups.Overlap))
        {
            for (var i = 0; i < dense.Length; i++)
            {
                var bin = Bin(binEdges[i], dense[i]);
                keys.Add(Hash($"b{i}:{bin}"));
            }
        }
        var onlyA = a.WordSet.Where(w => !b.WordSet.Contains(w)).ToList();
        var onlyB = b.WordSet.Where(w => !a.WordSet.Contains(w)).ToList();
        if (groups.HasFlag(PairFeatureGroups.SharedAndDiffering))
        {
            foreach (var w in a.WordSet.Where(b.WordSet.Contains)) keys.Add(Hash("s:" + w));
            foreach (var w in onlyA.Concat(onlyB)) keys.Add(Hash("d:" + w));
            foreach (var g in a.Bigrams.Where(g => !b.Bigrams.Contains(g)).Concat(b.Bigrams.Where(g => !a.Bigrams.Contains(g)))) keys.Add(Hash("dc:" + g));
            if (onlyA.Count + onlyB.Count == 0) keys.Add(Hash("d:none"));
        }
        if (groups.HasFlag(PairFeatureGroups.Cross))
        {
            foreach (var x in onlyA)
            {
                foreach (var y in onlyB) keys.Add(Hash(string.CompareOrdinal(x, y) < 0 ? $"x:{x}|{y}" : $"x:{y}|{x}"));
            }
            // A word on one side with nothing in its place on the other (请问 dropped, or 借呗 added).
            if (onlyB.Count == 0) foreach (var x in onlyA) keys.Add(Hash("x1:" + x));
            if (onlyA.Count == 0) foreach (var y in onlyB) keys.Add(Hash("x1:" + y));
        }
        if (groups.HasFlag(PairFeatureGroups.Mismatch))
        {
            var (qa, qb) = string.CompareOrdinal(a.QuestionType, b.QuestionType) < 0 ? (a.QuestionType, b.QuestionType) : (b.QuestionType, a.QuestionType);
            keys.Add(Hash($"q:{qa}|{qb}"));
            keys.Add(Hash($"n:{Math.Min(a.Negations, 2)}|{Math.Min(b.Negations, 2)}|{a.Negations == b.Negations}"));
            keys.Add(Hash($"num:{a.Numbers.Count > 0}|{b.Numbers.Count > 0}|{a.Numbers.SetEquals(b.Numbers)}"));
        }
        if (groups.HasFlag(PairFeatureGroups.Topic))
        {
            foreach (var w in a.WordSet.Union(b.WordSet)) keys.Add(Hash("t:" + w));
        }
        return keys.ToArray();
    }

    public static int Bin(float[] edges, float value)
    {
        var bin = 0;
        while (bin < edges.Length && value > edges[bin]) bin++;
        return bin;
    }

    /// <summary>FNV-1a, so a hashed model means the same in every process (string.GetHashCode is randomised).</summary>
    public static int Hash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ (uint)(c & 0xFF)) * 16777619u;
            h = (h ^ (uint)(c >> 8)) * 16777619u;
        }
        return (int)(h & HashMask);
    }

    private static float Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count + b.Count == 0) return 0;
        var shared = a.Count(b.Contains);
        return shared / (float)(a.Count + b.Count - shared);
    }

    private static int CommonPrefix(char[] a, char[] b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    private static int LongestCommonSubstring(char[] a, char[] b)
    {
        var best = 0;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
                best = Math.Max(best, cur[j]);
            }
            (prev, cur) = (cur, prev);
        }
        return best;
    }

    private static int EditDistance(char[] a, char[] b)
    {
        var prev = Enumerable.Range(0, b.Length + 1).ToArray();
        var cur = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++) cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
