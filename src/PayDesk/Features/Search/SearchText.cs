using System.Net;
using System.Text;

namespace PayDesk.Features.Search;

/// <summary>
/// What every search shows with its hits: highlights made in C# on the original text (the index holds
/// segmented text), and the query length under which a search with no hits tries prefixes.
/// </summary>
internal static class SearchText
{
    /// <summary>Queries up to this long are usually half-typed: with nothing found, they match word prefixes.</summary>
    public const int ShortQuery = 12;

    /// <summary>About 120 characters around the first matched word, HTML-encoded, matches in &lt;mark&gt;.</summary>
    public static string Snippet(string text, IReadOnlyList<string> tokens, int length = 120)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        var first = tokens.Select(t => flat.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, first - length / 3);
        var window = flat.Substring(start, Math.Min(length, flat.Length - start));
        return (start > 0 ? "…" : "") + Highlight(window, tokens) + (start + window.Length < flat.Length ? "…" : "");
    }

    public static string Highlight(string text, IReadOnlyList<string> tokens)
    {
        var marks = new bool[text.Length];
        foreach (var token in tokens)
        {
            for (var i = text.IndexOf(token, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(token, i + token.Length, StringComparison.OrdinalIgnoreCase))
            {
                for (var j = i; j < i + token.Length; j++) marks[j] = true;
            }
        }
        var html = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var j = i;
            while (j < text.Length && marks[j] == marks[i]) j++;
            var part = WebUtility.HtmlEncode(text[i..j]);
            html.Append(marks[i] ? $"<mark>{part}</mark>" : part);
            i = j;
        }
        return html.ToString();
    }
}
