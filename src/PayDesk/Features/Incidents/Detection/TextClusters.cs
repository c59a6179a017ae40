using PayDesk.Features.Assistant;

namespace PayDesk.Features.Incidents.Detection;

/// <summary>Turns complaint texts into the assistant's TF-IDF vectors (jieba words, character n-grams).</summary>
internal interface ITextVectors
{
    SparseVector Vector(DetectionArrival arrival);
}

/// <summary>
/// TF-IDF vectors from <see cref="TextFeatures"/> (the assistant's featuriser), fitted on the texts at hand, with
/// each text's vector kept so a text is segmented once however many windows it falls in.
/// </summary>
internal sealed class DetectionTextVectors : ITextVectors
{
    private readonly TextFeatures _features;
    private readonly Dictionary<string, SparseVector> _cache = new(StringComparer.Ordinal);

    private DetectionTextVectors(TextFeatures features) => _features = features;

    public static DetectionTextVectors Fit(IEnumerable<string> texts) => new(TextFeatures.Fit(texts.Distinct().ToList()));

    SparseVector ITextVectors.Vector(DetectionArrival arrival)
    {
        if (_cache.TryGetValue(arrival.Text, out var v)) return v;
        if (_cache.Count > 50_000) _cache.Clear();
        return _cache[arrival.Text] = _features.Transform(arrival.Text);
    }
}

/// <summary>One cluster: the indices of its texts and the one most like the others.</summary>
internal sealed record TextCluster(IReadOnlyList<int> Members, int Medoid);

/// <summary>
/// Single-linkage clustering with a similarity threshold: two texts whose cosine similarity (dot product of
/// L2-normalised TF-IDF vectors) reaches the threshold are in one cluster, and so, transitively, are their
/// neighbours. Windows hold tens to a few hundred complaints, so the O(n²) pairs are cheap.
/// </summary>
internal static class TextClusters
{
    internal static List<TextCluster> SingleLinkage(IReadOnlyList<SparseVector> vectors, double threshold)
    {
        var n = vectors.Count;
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (Find(i) == Find(j)) continue;
                if (vectors[i].Dot(vectors[j]) >= threshold) parent[Find(i)] = Find(j);
            }
        }
        var clusters = new List<TextCluster>();
        foreach (var group in Enumerable.Range(0, n).GroupBy(Find))
        {
            var members = group.ToList();
            clusters.Add(new TextCluster(members, Medoid(members, vectors)));
        }
        return clusters.OrderByDescending(c => c.Members.Count).ToList();
    }

    // The member with the largest summed similarity to the others (the first 100 members are enough to choose it).
    private static int Medoid(List<int> members, IReadOnlyList<SparseVector> vectors)
    {
        if (members.Count <= 2) return members[0];
        var pool = members.Count > 100 ? members.Take(100).ToList() : members;
        var best = pool[0];
        var bestSum = double.MinValue;
        foreach (var i in pool)
        {
            double sum = 0;
            foreach (var j in pool) sum += vectors[i].Dot(vectors[j]);
            if (sum > bestSum) (best, bestSum) = (i, sum);
        }
        return best;
    }

    /// <summary>Clusters texts with the assistant's features fitted on them (for callers without vectors at hand).</summary>
    public static List<TextCluster> Cluster(IReadOnlyList<string> texts, double threshold)
    {
        var features = TextFeatures.Fit(texts.Distinct().ToList());
        return SingleLinkage(texts.Select(features.Transform).ToList(), threshold);
    }
}
