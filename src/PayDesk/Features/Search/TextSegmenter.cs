using System.Reflection;
using System.Text;
using JiebaNet.Segmenter;

namespace PayDesk.Features.Search;

/// <summary>
/// Turns Chinese and English text into search tokens: jieba.NET segmentation (with the payment
/// domain's own words, content/knowledge/userdict.txt), lower-cased, English words lightly stemmed,
/// punctuation and stop words dropped. The same tokens go into the database's full-text index
/// (SQLite FTS5, PostgreSQL tsvector) and into queries, so both engines see identical words.
/// </summary>
internal sealed class TextSegmenter
{
    private static readonly Lazy<TextSegmenter> Instance = new(() => new TextSegmenter(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly JiebaSegmenter _jieba;
    private readonly HashSet<string> _stopWords;

    public static TextSegmenter Shared => Instance.Value;

    private TextSegmenter()
    {
        // The dictionaries are copied next to the assembly (PayDesk.csproj); jieba otherwise looks in ./Resources.
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
        _jieba = new JiebaSegmenter();
        foreach (var line in ReadContent("knowledge/userdict.txt"))
        {
            var (word, frequency, tag) = DictionaryEntry(line);
            if (word.Length > 0) _jieba.AddWord(word, frequency, tag);
        }
        _stopWords = File.ReadLines(Path.Combine(ConfigManager.ConfigFileBaseDir, "stopwords.txt"))
            .Select(w => w.Trim().TrimStart('\uFEFF')).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
        // Words customers always use in this domain carry no signal on their own.
        foreach (var w in new[] { "的", "了", "吗", "呢", "吧", "啊", "我", "你", "我的", "怎么", "怎么办", "为什么", "什么", "如何", "请问", "一下", "是", "在", "有", "没有", "还", "都", "就", "能", "要", "想", "没", "一直", "已经", "还是" })
        {
            _stopWords.Add(w);
        }
    }

    /// <summary>A line of a jieba dictionary (dict.txt, userdict.txt): the word, its frequency (0 when none), its part of speech.</summary>
    public static (string Word, int Frequency, string? Tag) DictionaryEntry(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? ("", 0, null)
            : (parts[0], parts.Length > 1 && int.TryParse(parts[1], out var frequency) ? frequency : 0, parts.Length > 2 ? parts[2] : null);
    }

    public static IEnumerable<string> ReadContent(string name)
    {
        using var stream = typeof(TextSegmenter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded content {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line) yield return line;
    }

    /// <summary>Tokens for the index: search mode, so 重复扣款 also yields 重复 and 扣款.</summary>
    public IEnumerable<string> IndexTokens(string? text) => Normalise(_jieba.CutForSearch(text ?? ""), keepStopWords: false);

    /// <summary>Tokens of a query: precise mode, stop words dropped (unless nothing else is left).</summary>
    public IReadOnlyList<string> QueryTokens(string? text)
    {
        var all = Normalise(_jieba.Cut(text ?? ""), keepStopWords: true).Distinct().ToList();
        var meaningful = all.Where(t => !_stopWords.Contains(t)).ToList();
        return meaningful.Count > 0 ? meaningful : all;
    }

    /// <summary>Every word of the text in precise mode, stop words kept (for classifiers, where 吗 and 怎么 carry meaning).</summary>
    public IEnumerable<string> AllTokens(string? text) => Normalise(_jieba.Cut(text ?? ""), keepStopWords: true);

    /// <summary>Where each word of the text starts and ends (precise mode, punctuation included), so a phrase can be matched on word boundaries only.</summary>
    public IReadOnlyList<(int Start, int End)> WordSpans(string text) =>
        _jieba.Tokenize(text, TokenizerMode.Default).Select(t => (t.StartIndex, t.EndIndex)).ToList();

    /// <summary>The text as the index stores it: tokens separated by spaces.</summary>
    public string IndexText(string? text) => string.Join(' ', IndexTokens(text));

    private IEnumerable<string> Normalise(IEnumerable<string> words, bool keepStopWords)
    {
        foreach (var raw in words)
        {
            var word = raw.Trim().ToLowerInvariant();
            if (word.Length == 0 || !word.All(char.IsLetterOrDigit)) continue;
            if (!keepStopWords && _stopWords.Contains(word)) continue;
            yield return word.All(char.IsAsciiLetter) ? Stem(word) : word;
        }
    }

    /// <summary>A light English stemmer (refunds → refund, charged → charg, charging → charg) applied to index and query alike.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3) return word;
        if (word.EndsWith("ies") || word.EndsWith("ied")) word = word[..^3] + "y";
        else if (word.EndsWith("ing") && word.Length > 5) word = word[..^3];
        else if (word.EndsWith("ed") && word.Length > 4) word = word[..^2];
        else if (word.EndsWith("sses") || word.EndsWith("xes") || word.EndsWith("ches") || word.EndsWith("shes")) word = word[..^2];
        else if (word.EndsWith('s') && !word.EndsWith("ss") && !word.EndsWith("us") && word.Length > 3) word = word[..^1];
        if (word.EndsWith('e') && word.Length > 4) word = word[..^1];
        return word;
    }
}
