using System.Text;

namespace PayDesk.Features.Search;

/// <summary>
/// The word a searcher most likely meant when the pinyin input method gave a homophone: 冻洁 (dòng jié) for 冻结, 退欵 for
/// 退款. Chinese is typed by sound, so most typing mistakes are another character of the same sound, which the full-text
/// index cannot match (冻洁 finds nothing, and 冻 or 洁 alone is not the question). Only the payment domain's own words
/// (content/knowledge/userdict.txt) are offered: a general dictionary offers 克服 for 客服, 威信 for 微信, 可以 for 可疑 — a
/// correct word rarer in news text than its homophone. A typed word is replaced by a domain word read the same when it is
/// not a domain word itself, the domain word is at least <see cref="Dominance"/> times as frequent as the typed one in
/// jieba's dictionary (东街 stays), and they differ in at most one character of two or three, two of four (是不 is not
/// 食补). Readings are Unihan's kMandarin and kHanyuPinyin (content/knowledge/pinyin.txt, scripts/make-pinyin-table), every
/// reading of a character (行: xíng, háng), tones left out, since an input method offers every tone of a syllable.
/// </summary>
internal sealed class Homophones
{
    /// <summary>How many times as common as the typed word the offered one must be (东街 160 stays, 冻洁 3 becomes 冻结 1,500).</summary>
    public const int Dominance = 20;

    /// <summary>Readings a word is looked up under at most (a word of four characters of four readings each would have 256).</summary>
    private const int MaxSounds = 32;

    private static readonly Lazy<Homophones> Instance = new(() => new Homophones(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static Homophones Shared => Instance.Value;

    private readonly Dictionary<char, List<string>> _readings = [];
    private readonly Dictionary<string, int> _frequency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Word, int Frequency)> _bySound = new(StringComparer.Ordinal);
    private readonly HashSet<string> _domain = new(StringComparer.Ordinal);

    private Homophones()
    {
        foreach (var line in TextSegmenter.ReadContent("knowledge/pinyin.txt"))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            var syllable = line[..tab];
            foreach (var c in line.AsSpan(tab + 1))
            {
                if (!_readings.TryGetValue(c, out var list)) _readings[c] = list = [];
                list.Add(syllable);
            }
        }
        foreach (var line in TextSegmenter.ReadContent("knowledge/userdict.txt"))
        {
            var (word, frequency, _) = TextSegmenter.DictionaryEntry(line);
            if (word.Length is < 2 or > 4) continue;
            _domain.Add(word);
            foreach (var sound in Sounds(word))
            {
                if (!_bySound.TryGetValue(sound, out var best) || frequency > best.Frequency) _bySound[sound] = (word, frequency);
            }
        }
        // How common each word that sounds like a domain word is (only those: the dictionary has 350,000 words).
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "jieba", "dict.txt")))
        {
            var (word, frequency, _) = TextSegmenter.DictionaryEntry(line);
            if (word.Length is < 2 or > 4) continue;
            if (Sounds(word).Any(_bySound.ContainsKey)) _frequency[word] = Math.Max(frequency, _frequency.GetValueOrDefault(word));
        }
    }

    /// <summary>The word's readings: syllables toneless and space-separated, one string per combination of its characters'
    /// readings (at most <see cref="MaxSounds"/>); none when a character is not a Chinese one read in Mandarin.</summary>
    public IReadOnlyList<string> Sounds(string word)
    {
        List<string> sounds = [""];
        foreach (var c in word)
        {
            if (!_readings.TryGetValue(c, out var syllables)) return [];
            sounds = [.. sounds.SelectMany(prefix => syllables.Select(s => prefix.Length == 0 ? s : prefix + " " + s)).Take(MaxSounds)];
        }
        return sounds;
    }

    /// <summary>
    /// The query with each mistyped word replaced by the one meant, or null when nothing is replaced. Words are the query's
    /// jieba words; where jieba found single characters only (退/欵/没), pieces of them are tried as words.
    /// </summary>
    public string? Correct(string? query) => Read(query).Corrected;

    /// <summary>The words meant in place of the query's mistyped ones (冻结 for 冻洁), in the order typed; empty when none is.</summary>
    public IReadOnlyList<string> WordsMeant(string? query) => Read(query).Meant;

    private (string? Corrected, IReadOnlyList<string> Meant) Read(string? query)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Length > 200) return (null, []);
        var words = TextSegmenter.Shared.WordSpans(query);
        var corrected = new StringBuilder(query.Length);
        var replaced = new List<string>();
        var at = 0;
        for (var i = 0; i < words.Count;)
        {
            var (start, end) = words[i];
            var j = i;
            if (end - start == 1 && IsChinese(query[start]))
            {
                // A run of single Chinese characters (jieba knew no word there: 退/欵/没): its pieces of four, three and two
                // characters are tried from the left, the longest first.
                while (j + 1 < words.Count && words[j + 1].End - words[j + 1].Start == 1 && IsChinese(query[words[j + 1].Start])) j++;
            }
            var last = words[j].End;
            corrected.Append(query, at, start - at);
            if (j == i)
            {
                var typed = query[start..last];
                var meant = Meant(typed);
                corrected.Append(meant ?? typed);
                if (meant is not null) replaced.Add(meant);
            }
            else
            {
                for (var p = start; p < last;)
                {
                    var taken = 1;
                    for (var length = Math.Min(4, last - p); length >= 2; length--)
                    {
                        if (Meant(query.Substring(p, length)) is not { } meant) continue;
                        corrected.Append(meant);
                        replaced.Add(meant);
                        taken = length;
                        break;
                    }
                    if (taken == 1) corrected.Append(query[p]);
                    p += taken;
                }
            }
            at = last;
            i = j + 1;
        }
        corrected.Append(query, at, query.Length - at);
        return replaced.Count > 0 ? (corrected.ToString(), replaced) : (null, []);
    }

    /// <summary>The word meant by a typed one of two to four Chinese characters, or null when it stands as typed.</summary>
    public string? Meant(string typed)
    {
        if (typed.Length is < 2 or > 4 || _domain.Contains(typed)) return null;
        (string Word, int Frequency)? found = null;
        foreach (var sound in Sounds(typed))
        {
            if (_bySound.TryGetValue(sound, out var best) && best.Word != typed && (found is null || best.Frequency > found.Value.Frequency)) found = best;
        }
        if (found is not { } meant) return null;
        // A slip of the input method changes a character or two, not the whole word (是不 is not 食补).
        var differing = 0;
        for (var i = 0; i < typed.Length; i++) if (typed[i] != meant.Word[i]) differing++;
        if (differing > Math.Max(1, typed.Length / 2)) return null;
        return meant.Frequency >= (long)_frequency.GetValueOrDefault(typed) * Dominance ? meant.Word : null;
    }

    private static bool IsChinese(char c) => c is >= '\u4E00' and <= '\u9FFF';
}
