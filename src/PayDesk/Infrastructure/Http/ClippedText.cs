namespace PayDesk.Infrastructure.Http;

/// <summary>
/// Text cut to fit a column. Cuts never split a character written as two UTF-16 units (an emoji, a rare CJK ideograph):
/// half of one is not text, PostgreSQL's driver refuses it (a 500 for an SMS whose first line ended in an emoji at the
/// cut) and SQLite would store a replacement mark.
/// </summary>
internal static class ClippedText
{
    /// <summary>At most <paramref name="max"/> characters, the cut shown by an ellipsis (it counts in the length).</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : max <= 0 ? "" : Head(text, max - 1) + "…";

    /// <summary>The first <paramref name="max"/> UTF-16 units at most, one fewer when the last would be half a character.</summary>
    public static string Head(string text, int max)
    {
        if (text.Length <= max) return text;
        if (max <= 0) return "";
        return char.IsHighSurrogate(text[max - 1]) ? text[..(max - 1)] : text[..max];
    }

    /// <summary>The last <paramref name="max"/> UTF-16 units at most, one fewer when the first would be half a character.</summary>
    public static string Tail(string text, int max)
    {
        if (text.Length <= max) return text;
        if (max <= 0) return "";
        var start = text.Length - max;
        return char.IsLowSurrogate(text[start]) ? text[(start + 1)..] : text[start..];
    }

    /// <summary>The first line of <paramref name="text"/>, cut at <paramref name="max"/> with an ellipsis after.</summary>
    public static string FirstLine(string text, int max)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text.Trim();
        return line.Length > max ? Head(line, max) + "…" : line;
    }
}
