using System.Text;
using PayDesk.Features.Search;

namespace PayDesk.Features.Assistant;

/// <summary>A sparse, L2-normalised feature vector: sorted indices and their weights.</summary>
internal readonly record struct SparseVector(int[] Indices, float[] Values)
{
    public float Dot(float[] weights)
    {
        var sum = 0f;
        for (var i = 0; i < Indices.Length; i++) sum += weights[Indices[i]] * Values[i];
        return sum;
    }

    public float Dot(SparseVector other)
    {
        float sum = 0;
        for (int i = 0, j = 0; i < Indices.Length && j < other.Indices.Length;)
        {
            if (Indices[i] == other.Indices[j]) sum += Values[i++] * other.Values[j++];
            else if (Indices[i] < other.Indices[j]) i++;
            else j++;
        }
        return sum;
    }
}

/// <summary>
/// Text → TF-IDF features for short customer messages, in Chinese and English: words and word pairs
/// (jieba for Chinese), character n-grams inside words (2–5, so typos and inflections still share
/// features), and for Chinese single characters and character pairs. Sub-linear term frequency,
/// smoothed IDF learnt from the training texts, L2 normalisation. Pure code, no model download.
/// </summary>
internal sealed class TextFeatures
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly float[] _idf;

    private TextFeatures(Dictionary<string, int> vocabulary, float[] idf)
    {
        _vocabulary = vocabulary;
        _idf = idf;
    }

    public int Dimension => _idf.Length;

    public void Write(BinaryWriter w)
    {
        w.Write(_idf.Length);
        foreach (var (term, index) in _vocabulary.OrderBy(kv => kv.Value))
        {
            w.Write(term);
            w.Write(_idf[index]);
        }
    }

    public static TextFeatures Read(BinaryReader r)
    {
        var count = r.ReadInt32();
        var vocabulary = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var idf = new float[count];
        for (var i = 0; i < count; i++)
        {
            vocabulary[r.ReadString()] = i;
            idf[i] = r.ReadSingle();
        }
        return new TextFeatures(vocabulary, idf);
    }

    public static TextFeatures Fit(IReadOnlyList<string> texts, int minDocumentFrequency = 1)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var term in Terms(text).Distinct()) df[term] = df.GetValueOrDefault(term) + 1;
        }
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var idf = new List<float>();
        foreach (var (term, count) in df.Where(kv => kv.Value >= minDocumentFrequency).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            vocabulary[term] = idf.Count;
            idf.Add((float)(Math.Log((1.0 + texts.Count) / (1.0 + count)) + 1.0));
        }
        return new TextFeatures(vocabulary, idf.ToArray());
    }

    public SparseVector Transform(string text)
    {
        var counts = new Dictionary<int, int>();
        foreach (var term in Terms(text))
        {
            if (_vocabulary.TryGetValue(term, out var index)) counts[index] = counts.GetValueOrDefault(index) + 1;
        }
        var indices = counts.Keys.Order().ToArray();
        var values = new float[indices.Length];
        double norm = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            var v = (float)((1 + Math.Log(counts[indices[i]])) * _idf[indices[i]]);
            values[i] = v;
            norm += v * v;
        }
        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < values.Length; i++) values[i] *= scale;
        }
        return new SparseVector(indices, values);
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';

    /// <summary>The terms of a text, each prefixed by its kind so words and n-grams never collide.</summary>
    public static IEnumerable<string> Terms(string text)
    {
        var lower = text.ToLowerInvariant();
        var words = Words(lower).ToList();
        foreach (var w in words) yield return "w:" + w;
        var stems = words.Select(w => w.All(char.IsAsciiLetter) ? TextSegmenter.Stem(w) : w).ToList();
        foreach (var w in stems) yield return "s:" + w;
        for (var i = 0; i + 1 < stems.Count; i++) yield return "b:" + stems[i] + " " + stems[i + 1];
        for (var i = 0; i + 2 < stems.Count; i++) yield return "t:" + stems[i] + " " + stems[i + 1] + " " + stems[i + 2];
        foreach (var w in words)
        {
            if (w.Any(IsCjk)) continue;
            var padded = " " + w + " ";
            for (var n = 2; n <= 5; n++)
            {
                for (var i = 0; i + n <= padded.Length; i++) yield return "c:" + padded.Substring(i, n);
            }
        }
        var cjk = new StringBuilder();
        foreach (var c in lower)
        {
            if (IsCjk(c)) cjk.Append(c);
            else if (cjk.Length > 0) { foreach (var t in CjkGrams(cjk.ToString())) yield return t; cjk.Clear(); }
        }
        if (cjk.Length > 0) foreach (var t in CjkGrams(cjk.ToString())) yield return t;
    }

    private static IEnumerable<string> CjkGrams(string run)
    {
        for (var i = 0; i < run.Length; i++)
        {
            yield return "u:" + run[i];
            if (i + 1 < run.Length) yield return "v:" + run.Substring(i, 2);
        }
    }

    private static IEnumerable<string> Words(string lower)
    {
        if (lower.Any(IsCjk))
        {
            foreach (var t in TextSegmenter.Shared.AllTokens(lower)) yield return t;
            yield break;
        }
        var word = new StringBuilder();
        foreach (var c in lower)
        {
            if (char.IsLetterOrDigit(c) || c == '\'') word.Append(c);
            else if (word.Length > 0) { yield return word.ToString().Trim('\''); word.Clear(); }
        }
        if (word.Length > 0) yield return word.ToString().Trim('\'');
    }
}
