using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MimeKit;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels.Email;

/// <summary>Raw RFC 5322 bytes → a normalised inbound message, or the reason it cannot be one.</summary>
internal static partial class EmailParser
{
    public sealed record Result(InboundMessage? Message, string ExternalId, string? FailureReason, string? Detail);

    public static Result Parse(byte[] raw, bool envelopeNullSender = false)
    {
        var fallbackId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));
        MimeMessage mime;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            mime = MimeMessage.Load(new ParserOptions { AllowAddressesWithoutDomain = false }, stream);
        }
        catch (Exception ex) when (ex is FormatException or ParseException)
        {
            return new Result(null, fallbackId, "unparseable", ex.Message);
        }
        if (mime.Headers.Count == 0 || mime.Headers.All(h => h.Id == HeaderId.Unknown))
        {
            return new Result(null, fallbackId, "unparseable", "No message headers.");
        }
        var externalId = string.IsNullOrWhiteSpace(mime.MessageId) ? fallbackId : mime.MessageId.Trim().Trim('<', '>');
        if (externalId.Length > 300) externalId = fallbackId;

        var from = mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender;
        if (from is null || Customers.CustomerDirectory.NormalizeEmail(from.Address) is null)
        {
            return new Result(null, externalId, "no_sender", mime.From.ToString());
        }

        var text = mime.TextBody ?? HtmlToText(mime.HtmlBody) ?? "";
        var files = new List<InboundFile>();
        foreach (var part in mime.Attachments.OfType<MimePart>())
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            files.Add(new InboundFile(part.FileName ?? "attachment", part.ContentType.MimeType, content.ToArray()));
        }
        var references = new List<string>();
        if (!string.IsNullOrWhiteSpace(mime.InReplyTo)) references.Add(mime.InReplyTo.Trim('<', '>'));
        references.AddRange(mime.References.Select(r => r.Trim('<', '>')));

        var message = new InboundMessage
        {
            Channel = TicketChannel.Email,
            ExternalId = externalId,
            From = new InboundSender(string.IsNullOrWhiteSpace(from.Name) ? null : from.Name, Email: from.Address),
            Subject = string.IsNullOrWhiteSpace(mime.Subject) ? null : mime.Subject.Trim(),
            Body = TrimQuotedText(text),
            References = references.Where(r => r.Length is > 0 and <= 300).Distinct().Take(50).ToList(),
            Files = files,
            AutomaticReason = AutomaticReason(mime, from, envelopeNullSender),
            Raw = raw,
        };
        return new Result(message, externalId, null, null);
    }

    /// <summary>
    /// Auto-replies and delivery reports (RFC 3834 Auto-Submitted, Precedence, RFC 3464 DSN,
    /// the null sender) must never be answered, or two robots mail each other forever.
    /// </summary>
    public static string? AutomaticReason(MimeMessage mime, MailboxAddress from, bool envelopeNullSender)
    {
        if (mime.Body is MultipartReport || mime.Body?.ContentType.IsMimeType("message", "delivery-status") == true) return "bounce";
        var local = from.LocalPart.ToLowerInvariant();
        if (envelopeNullSender || local is "mailer-daemon" or "postmaster") return "bounce";
        if (mime.Headers[HeaderId.AutoSubmitted] is { Length: > 0 } submitted && !submitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase)) return "auto_reply";
        if (mime.Headers[HeaderId.Precedence]?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply") return "auto_reply";
        if (mime.Headers.Contains("X-Autoreply") || mime.Headers.Contains("X-Autorespond")) return "auto_reply";
        if (mime.Subject is { } subject && AutoSubject().IsMatch(subject)) return "auto_reply";
        return null;
    }

    [GeneratedRegex(@"^\s*(auto(matic)?[ -]?reply|out of (the )?office|自动回复|自动答复|undeliverable|delivery status notification|退信)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AutoSubject();

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
