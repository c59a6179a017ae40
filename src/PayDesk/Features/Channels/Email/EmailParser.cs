using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MimeKit;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels.Email;

/// <summary>Raw RFC 5322 bytes → a normalised inbound message, or the reason it cannot be one.</summary>
internal static partial class EmailParser
{
    /// <summary>The message, or why there is none (with the subject, when it could be read, for the quarantine list).</summary>
    public sealed record Result(InboundMessage? Message, string ExternalId, string? FailureReason, string? Detail, string? Subject = null);

    /// <summary>
    /// Chinese mail servers often send subjects and sender names as raw 8-bit GBK/GB2312 bytes without an
    /// encoded-word. Bytes that are not UTF-8 are read as GB18030 (a superset of both), unless the message's own
    /// text declares another legacy charset (Big5 from Taiwan and Hong Kong), which its headers then share.
    /// </summary>
    private static readonly System.Text.Encoding Gb18030 = WithCodePages("GB18030");

    // .NET knows only the Unicode encodings until the code-page provider is registered (MimeKit needs it too).
    private static System.Text.Encoding WithCodePages(string name)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding(name);
    }

    public static Result Parse(byte[] raw, bool envelopeNullSender = false)
    {
        var fallbackId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));
        MimeMessage mime;
        var legacy = Gb18030;
        try
        {
            raw = Utf16WordsAsBigEndian(raw);
            mime = Load(raw, Gb18030);
            if (DeclaredLegacyCharset(mime) is { } declared && declared.CodePage != Gb18030.CodePage)
            {
                legacy = declared;
                mime = Load(raw, declared);
            }
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
        // A name that still could not be decoded is left out rather than saved garbled on the customer.
        var name = RawSenderName(mime, legacy)
            ?? (string.IsNullOrWhiteSpace(from?.Name) || from.Name.Contains('\uFFFD') ? null : from.Name.Trim());
        if (from is null || Customers.CustomerDirectory.NormalizeEmail(from.Address) is null)
        {
            return new Result(null, externalId, "no_sender", mime.From.ToString(), RawSubject(mime, legacy) ?? mime.Subject?.Trim());
        }

        var text = BodyText(mime) ?? LooseText(mime);
        var files = Files(mime);
        text = Uuencoded.Extract(text, files);
        var references = new List<string>();
        if (!string.IsNullOrWhiteSpace(mime.InReplyTo)) references.Add(mime.InReplyTo.Trim('<', '>'));
        references.AddRange(mime.References.Select(r => r.Trim('<', '>')));

        var message = new InboundMessage
        {
            Channel = TicketChannel.Email,
            ExternalId = externalId,
            From = new InboundSender(name, Email: from.Address),
            Subject = RawSubject(mime, legacy) ?? (string.IsNullOrWhiteSpace(mime.Subject) ? null : mime.Subject.Trim()),
            Body = TrimQuotedText(text),
            References = references.Where(r => r.Length is > 0 and <= 300).Distinct().Take(50).ToList(),
            Files = files,
            AutomaticReason = AutomaticReason(mime, from, envelopeNullSender),
            ContentHash = ContentHash(from.Address, mime.Subject, text, files),
            Raw = raw,
        };
        return new Result(message, externalId, null, null);
    }

    private static string ContentHash(string sender, string? subject, string text, IReadOnlyList<InboundFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { sender.ToLowerInvariant(), subject ?? "", text.ReplaceLineEndings("\n").Trim() })
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(part));
            hash.AppendData([0]);
        }
        foreach (var file in files) hash.AppendData(SHA256.HashData(file.Content));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Every file the sender meant us to have: attachments, inline parts that are not the text itself (an iPhone
    /// photo is "inline"), and forwarded messages (message/rfc822, kept as .eml).
    /// </summary>
    private static List<InboundFile> Files(MimeMessage mime)
    {
        var files = new List<InboundFile>();
        var number = 0;
        foreach (var entity in mime.BodyParts)
        {
            number++;
            switch (entity)
            {
                case MessagePart { Message: { } forwarded } part:
                {
                    using var content = new MemoryStream();
                    forwarded.WriteTo(content);
                    var name = part.ContentDisposition?.FileName ?? (string.IsNullOrWhiteSpace(forwarded.Subject) ? $"forwarded-{number}" : forwarded.Subject.Trim());
                    files.Add(new InboundFile(name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? name : name + ".eml", "message/rfc822", content.ToArray()));
                    break;
                }
                case MimePart part when part.IsAttachment || part is not TextPart || part.ContentTransferEncoding == ContentEncoding.UUEncode:
                {
                    using var content = new MemoryStream();
                    part.Content?.DecodeTo(content);
                    var extension = MimeTypes.TryGetExtension(part.ContentType.MimeType, out var ext) ? ext : "";
                    var fileName = part.FileName ?? (part.ContentTransferEncoding == ContentEncoding.UUEncode ? Uuencoded.BeginName(part) : null);
                    files.Add(new InboundFile(fileName ?? $"part-{number}{extension}", part.ContentType.MimeType, content.ToArray()));
                    break;
                }
            }
        }
        return files;
    }

    /// <summary>
    /// A sender name written as raw 8-bit bytes, decoded as a whole (UTF-8 when valid, else the legacy charset):
    /// MimeKit's address parser may fall back to Latin-1 part-way through a multi-byte name.
    /// </summary>
    private static string? RawSenderName(MimeMessage mime, System.Text.Encoding legacy)
    {
        if (mime.Headers.FirstOrDefault(h => h.Id == HeaderId.From)?.RawValue is not { } bytes || bytes.All(b => b < 0x80)) return null;
        var text = RawText(bytes, legacy);
        return InternetAddressList.TryParse(text.Trim(), out var list) && list.Mailboxes.FirstOrDefault() is { Name: { Length: > 0 } name }
            && !name.Contains('\uFFFD') ? name.Trim() : null;
    }

    /// <summary>
    /// Raw 8-bit header bytes as text: UTF-8 when they are valid UTF-8, unless the legacy reading is clearly the more
    /// plausible one — short GBK names are often valid UTF-8 by accident ("郑强" is D6 A3 C7 BF, which UTF-8 reads as
    /// Hebrew and Latin letters).
    /// </summary>
    internal static string RawText(byte[] bytes, System.Text.Encoding legacy)
    {
        var legacyText = legacy.GetString(bytes);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return legacyText;
        var utf8 = System.Text.Encoding.UTF8.GetString(bytes);
        return !legacyText.Contains('\uFFFD') && Plausible(legacyText) > Plausible(utf8) ? legacyText : utf8;
    }

    /// <summary>The share of characters that are what Chinese (or English) mail is written in.</summary>
    private static double Plausible(string text) => text.Length == 0 ? 0 : (double)text.Count(c =>
        c < 0x80 || c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3000' and <= '\u303F') or (>= '\uFF00' and <= '\uFFEF')
        || char.IsSurrogate(c)) / text.Length;

    /// <summary>A subject written as raw 8-bit bytes without encoded-words, read as <see cref="RawText"/> does.</summary>
    private static string? RawSubject(MimeMessage mime, System.Text.Encoding legacy)
    {
        if (mime.Headers.FirstOrDefault(h => h.Id == HeaderId.Subject)?.RawValue is not { } bytes || bytes.All(b => b < 0x80)) return null;
        var text = RawText(bytes, legacy);
        return text.Contains("=?", StringComparison.Ordinal) ? null : System.Text.RegularExpressions.Regex.Replace(text, @"\r?\n[ \t]+", " ").Trim();
    }

    private static MimeMessage Load(byte[] raw, System.Text.Encoding undeclared)
    {
        using var stream = new MemoryStream(raw, writable: false);
        return MimeMessage.Load(new ParserOptions { AllowAddressesWithoutDomain = false, CharsetEncoding = undeclared }, stream);
    }

    /// <summary>The legacy charset the message's text parts declare (Big5, GBK, Shift_JIS…), if any and not a Unicode one.</summary>
    private static System.Text.Encoding? DeclaredLegacyCharset(MimeMessage mime)
    {
        foreach (var part in mime.BodyParts.OfType<TextPart>())
        {
            if (part.ContentType.Charset is not { Length: > 0 } charset) continue;
            if (charset.StartsWith("utf", StringComparison.OrdinalIgnoreCase) || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)) continue;
            try
            {
                return System.Text.Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                // An unknown charset name says nothing useful about the headers.
            }
        }
        return null;
    }

    /// <summary>
    /// RFC 2781: UTF-16 without a byte-order mark is big-endian, but .NET's "utf-16" is little-endian; encoded-words
    /// that say "utf-16" and carry no BOM are relabelled "utf-16be" before parsing (headers only).
    /// </summary>
    internal static byte[] Utf16WordsAsBigEndian(byte[] raw)
    {
        var headerEnd = IndexOfBlankLine(raw);
        var head = System.Text.Encoding.Latin1.GetString(raw, 0, headerEnd);
        if (head.IndexOf("=?utf-16?", StringComparison.OrdinalIgnoreCase) < 0) return raw;
        var fixedHead = Utf16Word().Replace(head, m =>
        {
            var bytes = m.Groups[1].Value is "B" or "b" ? TryBase64(m.Groups[2].Value) : null;
            var bom = bytes is { Length: >= 2 } && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE));
            return bytes is null || bom ? m.Value : $"=?utf-16be?{m.Groups[1].Value}?{m.Groups[2].Value}?=";
        });
        return [.. System.Text.Encoding.Latin1.GetBytes(fixedHead), .. raw.AsSpan(headerEnd)];
    }

    private static byte[]? TryBase64(string s)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static int IndexOfBlankLine(byte[] raw)
    {
        for (var i = 0; i + 1 < raw.Length; i++)
        {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.Length && raw[i + 2] == '\n'))) return i + 1;
        }
        return raw.Length;
    }

    [GeneratedRegex(@"=\?utf-16\?([BbQq])\?([^?\s]*)\?=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Utf16Word();

    /// <summary>
    /// Auto-replies and delivery reports (RFC 3834 Auto-Submitted, Precedence, RFC 3464 DSN,
    /// the null sender) must never be answered, or two robots mail each other forever.
    /// </summary>
    public static string? AutomaticReason(MimeMessage mime, MailboxAddress from, bool envelopeNullSender)
    {
        // RFC 8098 read receipts ("已读回执") are reports too, but no delivery failed: told apart for staff.
        if (mime.Body is MultipartReport { ReportType: { } type } && type.Equals("disposition-notification", StringComparison.OrdinalIgnoreCase)) return "receipt";
        if (mime.Body?.ContentType.IsMimeType("message", "disposition-notification") == true) return "receipt";
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
}
