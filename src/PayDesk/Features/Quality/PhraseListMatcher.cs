namespace PayDesk.Features.Quality;

/// <summary>
/// Finds the phrase lists' entries in agents' messages on word boundaries: a phrase counts only where the text's words
/// (jieba precise mode) start where it starts and end where it ends, so 滚 is found in "你给我滚" but not in "页面滚动".
/// Pure: the word spans come from a function (the shared jieba segmenter in the app, anything in tests); a message is
/// segmented only when some phrase occurs in it as plain text, which keeps the review fast.
/// </summary>
internal sealed class PhraseListMatcher
{
    private readonly IReadOnlyList<string> _forbidden;
    private readonly IReadOnlyList<(string Entry, IReadOnlyList<string> Alternatives)> _required;
    private readonly Func<string, IReadOnlyList<(int Start, int End)>> _words;

    public PhraseListMatcher(IEnumerable<(PhraseListKind Kind, string Text)> entries, Func<string, IReadOnlyList<(int Start, int End)>> words)
    {
        var list = entries.ToList();
        _forbidden = list.Where(e => e.Kind == PhraseListKind.Forbidden).Select(e => e.Text.Trim()).Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal).ToList();
        _required = list.Where(e => e.Kind == PhraseListKind.Required)
            .Select(e => (e.Text.Trim(), PhraseListEntry.Alternatives(e.Text)))
            .Where(e => e.Item2.Count > 0).ToList();
        _words = words;
    }

    public int RequiredCount => _required.Count;

    /// <summary>The forbidden phrases each message contains, once per message and phrase.</summary>
    public IReadOnlyList<string> ForbiddenIn(IEnumerable<string> messages)
    {
        var hits = new List<string>();
        foreach (var message in messages)
        {
            var text = new Text(message, _words);
            foreach (var phrase in _forbidden)
            {
                if (text.Contains(phrase)) hits.Add(phrase);
            }
        }
        return hits;
    }

    /// <summary>The required entries none of whose alternatives appears in any of the messages.</summary>
    public IReadOnlyList<string> RequiredMissingFrom(IEnumerable<string> messages)
    {
        if (_required.Count == 0) return [];
        var texts = messages.Select(m => new Text(m, _words)).ToList();
        return _required.Where(r => !r.Alternatives.Any(a => texts.Any(t => t.Contains(a)))).Select(r => r.Entry).ToList();
    }

    /// <summary>One message, lower-cased for English, segmented on first need.</summary>
    private sealed class Text(string body, Func<string, IReadOnlyList<(int Start, int End)>> words)
    {
        private readonly string _lower = body.ToLowerInvariant();
        private HashSet<int>? _starts, _ends;

        public bool Contains(string phrase)
        {
            var needle = phrase.ToLowerInvariant();
            var at = _lower.IndexOf(needle, StringComparison.Ordinal);
            if (at < 0) return false;
            if (_starts is null)
            {
                var spans = words(_lower);
                _starts = spans.Select(s => s.Start).ToHashSet();
                _ends = spans.Select(s => s.End).ToHashSet();
            }
            for (; at >= 0; at = _lower.IndexOf(needle, at + 1, StringComparison.Ordinal))
            {
                if (_starts.Contains(at) && _ends!.Contains(at + needle.Length)) return true;
            }
            return false;
        }
    }
}
