using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace PayDesk.Features.Channels.Email;

/// <summary>The customer's words: which part is the text, how to read it, and what to cut (quotes, signatures, HTML).</summary>
internal static partial class EmailParser
{
    /// <summary>The text the customer wrote: the plain part (else the HTML one), each read by <see cref="PartText"/>.</summary>
    private static string? BodyText(MimeMessage mime)
    {
        // Apple Mail writes text / picture / text as siblings of one multipart/mixed: MimeKit's TextBody is only the
        // first text, and the words after the picture would be lost. Every inline plain sibling is the body then.
        if (mime.Body is Multipart { ContentType.MediaSubtype: var subtype } mixed && subtype.Equals("mixed", StringComparison.OrdinalIgnoreCase)
            && mixed.OfType<TextPart>().Where(p => p.IsPlain && !p.IsAttachment).ToList() is { Count: > 1 } siblings)
        {
            return string.Join("\n", siblings.Select(PartText).Select(t => t.TrimEnd()).Where(t => t.Length > 0));
        }
        var candidates = mime.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment).ToList();
        if (mime.TextBody is { } plain) return candidates.FirstOrDefault(p => p.IsPlain && p.Text == plain) is { } part ? PartText(part) : plain;
        if (mime.HtmlBody is { } html) return HtmlToText(candidates.FirstOrDefault(p => p.IsHtml && p.Text == html) is { } part ? PartText(part) : html);
        return null;
    }

    /// <summary>
    /// A text part's words when its label cannot be trusted: no charset or US-ASCII on 8-bit text (UTF-8 when it is
    /// valid, else GB18030), "gb2312" on GBK text (read as GB18030, its superset), "utf-8" on bytes that are not.
    /// </summary>
    internal static string PartText(TextPart part)
    {
        var charset = part.ContentType.Charset?.Trim().ToLowerInvariant();
        if (charset is not (null or "" or "us-ascii" or "ascii" or "gb2312" or "gbk" or "x-gbk" or "cp936" or "utf-8" or "utf8")) return part.Text;
        using var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        var bytes = decoded.ToArray();
        if (bytes.All(b => b < 0x80)) return part.Text;
        return System.Text.Unicode.Utf8.IsValid(bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : Gb18030.GetString(bytes);
    }

    /// <summary>
    /// Outlook sometimes sends the text as a top-level part after an empty multipart/alternative; MimeKit looks for the
    /// body only in the first part and finds none. Every text part that is not an attachment is the body then.
    /// </summary>
    private static string LooseText(MimeMessage mime)
    {
        var parts = mime.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment).ToList();
        var plain = parts.Where(p => p.IsPlain).Select(PartText).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (plain.Count > 0) return string.Join("\n\n", plain);
        return string.Join("\n\n", parts.Where(p => p.IsHtml).Select(p => HtmlToText(PartText(p))).Where(t => !string.IsNullOrWhiteSpace(t)));
    }

    // Where an e-mail client starts quoting the message being answered, in Chinese and English clients.
    [GeneratedRegex(@"^(On .{4,200} wrote:|在 ?.{4,200}写道[:：]|-{2,} ?(Original Message|原始邮件|Forwarded message|转发的邮件) ?-{2,}|(From|发件人)[:：] .+|_{10,})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"^(-- ?|发自我的 ?(iPhone|iPad|手机|华为手机|小米手机)|Sent from my .{2,40}|Get Outlook for .{2,20})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignatureStart();

    /// <summary>Keeps what the customer wrote this time: cuts the quoted earlier mail and the signature.</summary>
    public static string TrimQuotedText(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var kept = new List<string>();
        foreach (var line in lines)
        {
            var trimmed = line.TrimEnd();
            if (QuoteHeader().IsMatch(trimmed.Trim()) || SignatureStart().IsMatch(trimmed)) break;
            if (trimmed.TrimStart().StartsWith('>')) continue;
            kept.Add(trimmed);
        }
        var result = string.Join('\n', kept).Trim();
        return result.Length == 0 ? text.Trim() : result;
    }

    [GeneratedRegex(@"<(script|style)[^>]*>.*?</\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<br\s*/?>|</p>|</div>|</li>|</tr>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakTags();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<blockquote[^>]*>.*?</blockquote>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex BlockQuote();

    /// <summary>HTML-only mail as plain text; quoted blocks go, as in plain-text mail.</summary>
    public static string? HtmlToText(string? html)
    {
        if (html is null) return null;
        var text = ScriptOrStyle().Replace(html, "");
        text = BlockQuote().Replace(text, "");
        text = LineBreakTags().Replace(text, "\n");
        text = Tag().Replace(text, "");
        return WebUtility.HtmlDecode(text);
    }
}
