using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Encodings;

namespace PayDesk.Features.Channels.Email;

/// <summary>
/// Uuencoded files, as older mail programs and some Chinese webmail still send them: a whole part with
/// Content-Transfer-Encoding x-uuencode, or the classic "begin 644 name" … "end" block inside the text.
/// </summary>
internal static partial class Uuencoded
{
    // A block is "begin <mode> <name>", lines of uuencoded data (each starts with its length character), "end".
    [GeneratedRegex(@"^begin [0-7]{3,4} ([^\r\n]+)\r?\n((?:[\x20-\x60][^\r\n]*\r?\n)*?)end[ \t]*(?:\r?\n|$)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Block();

    [GeneratedRegex(@"^begin [0-7]{3,4} ([^\r\n]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BeginLine();

    /// <summary>Takes every uuencoded block out of the text, adds each as a file, and returns what the customer wrote.</summary>
    public static string Extract(string text, List<InboundFile> files)
    {
        if (!text.Contains("begin ", StringComparison.Ordinal)) return text;
        return Block().Replace(text, m =>
        {
            var content = Decode(System.Text.Encoding.Latin1.GetBytes(m.Value));
            if (content.Length == 0) return m.Value;
            files.Add(new InboundFile(m.Groups[1].Value.Trim(), "application/octet-stream", content));
            return "";
        }).Trim();
    }

    /// <summary>The name on the "begin" line of a part sent as x-uuencode without a file name of its own.</summary>
    public static string? BeginName(MimePart part)
    {
        if (part.Content is null) return null;
        using var raw = new MemoryStream();
        part.Content.WriteTo(raw);
        var head = System.Text.Encoding.Latin1.GetString(raw.GetBuffer(), 0, (int)Math.Min(raw.Length, 4096));
        return BeginLine().Match(head) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
    }

    private static byte[] Decode(byte[] block)
    {
        var decoder = new UUDecoder();
        var output = new byte[decoder.EstimateOutputLength(block.Length)];
        var length = decoder.Decode(block, 0, block.Length, output);
        return output[..length];
    }
}
