namespace PayDesk.Infrastructure.Http;

/// <summary>Text cut to fit a column, the cut shown by an ellipsis (it was written three times, in merge, cases and training).</summary>
internal static class ClippedText
{
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
