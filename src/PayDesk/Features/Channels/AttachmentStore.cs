using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels;

/// <summary>
/// Checks and keeps files customers send. The type is judged by the file's first bytes, not its
/// name or the sender's claim, and only documents and images a complaint needs are kept
/// (screenshots, receipts, statements); executables and archives are refused.
/// </summary>
internal sealed class AttachmentStore(StorageOptions storage, IOptions<AttachmentOptions> options, TimeProvider clock)
    : Infrastructure.Http.IUploadSizeLimit
{
    private static readonly (string Type, string[] Extensions, byte[] Magic)[] Signatures =
    [
        ("image/png", [".png"], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", [".jpg", ".jpeg"], [0xFF, 0xD8, 0xFF]),
        ("image/gif", [".gif"], "GIF8"u8.ToArray()),
        ("application/pdf", [".pdf"], "%PDF-"u8.ToArray()),
        // Voice messages (WeChat sends AMR; some clients MP3 with an ID3 tag).
        ("audio/amr", [".amr"], "#!AMR"u8.ToArray()),
        ("audio/mpeg", [".mp3"], "ID3"u8.ToArray()),
    ];

    public long MaxBytes => options.Value.MaxBytes;

    long Infrastructure.Http.IUploadSizeLimit.MaxFileBytes => MaxBytes;

    /// <summary>The content type the bytes really are, or null when the file is not one we keep.</summary>
    public static string? Sniff(string fileName, ReadOnlySpan<byte> content)
    {
        foreach (var (type, _, magic) in Signatures)
        {
            if (content.StartsWith(magic)) return type;
        }
        if (content.Length >= 12 && content[..4].SequenceEqual("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        // An MP3 without a tag starts with an MPEG audio frame: 11 sync bits, then layer III.
        if (content.Length >= 4 && content[0] == 0xFF && (content[1] & 0xE0) == 0xE0 && ((content[1] >> 1) & 0x3) == 1) return "audio/mpeg";
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        // Plain text (a pasted statement, a CSV export) has no signature: accept it when it is UTF-8 without control bytes,
        // or — as Chinese Windows saves it (Notepad's ANSI, an Excel CSV) — GB18030, which is said in the type so it opens right.
        if (extension is ".txt" or ".csv" && TextCharset(content) is { } charset)
        {
            var type = extension == ".csv" ? "text/csv" : "text/plain";
            return charset == "utf-8" ? type : type + "; charset=" + charset;
        }
        // A forwarded e-mail (a bank's notice, an earlier reply): header fields, a blank line, a body; never binary.
        if (extension == ".eml" && IsMailMessage(content)) return "message/rfc822";
        return null;
    }

    private static bool IsMailMessage(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 8192)];
        if (head.IndexOf((byte)0) >= 0) return false;
        var end = head.IndexOf("\n\n"u8) is var lf and >= 0 ? lf : head.IndexOf("\r\n\r\n"u8);
        if (end <= 0) return false;
        var firstLine = head[..Math.Max(head.IndexOf((byte)'\n'), 0)];
        var colon = firstLine.IndexOf((byte)':');
        if (colon <= 0) return false;
        foreach (var b in firstLine[..colon])
        {
            if (b is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-')) return false;
        }
        return true;
    }

    /// <summary>Strict GB18030: a byte sequence it cannot decode is not text in it.</summary>
    private static readonly System.Text.Encoding Gb18030 = (System.Text.Encoding)System.Text.CodePagesEncodingProvider.Instance.GetEncoding(54936)!.Clone();

    static AttachmentStore() => Gb18030.DecoderFallback = System.Text.DecoderFallback.ExceptionFallback;

    /// <summary>"utf-8" or "gb18030" when the bytes are text without control characters in that charset, else null.</summary>
    private static string? TextCharset(ReadOnlySpan<byte> content)
    {
        foreach (var b in content)
        {
            if (b < 0x09 || b is > 0x0D and < 0x20) return null;
        }
        if (System.Text.Unicode.Utf8.IsValid(content)) return "utf-8";
        try
        {
            Gb18030.GetCharCount(content);
            return "gb18030";
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Why a file is refused (an Attachment.* text key), or null when it may be kept.</summary>
    public string? Check(string fileName, ReadOnlySpan<byte> content, out string? contentType)
    {
        contentType = null;
        if (content.Length == 0) return "Attachment.Empty";
        if (content.Length > MaxBytes) return "Attachment.TooLarge";
        contentType = Sniff(fileName, content);
        if (contentType is not null) return null;
        // "病毒.png" refused with "only images (PNG …) are accepted" read as a contradiction: say the content is not what
        // the name says.
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension == ".webp" || Signatures.Any(s => s.Extensions.Contains(extension)) ? "Attachment.NotWhatItSays" : "Attachment.TypeNotAllowed";
    }

    /// <summary>Writes the bytes under the data folder and returns the record to add (the caller saves it).</summary>
    public async Task<Attachment> SaveAsync(string fileName, string contentType, byte[] content, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var relative = Path.Combine("attachments", now.ToString("yyyy"), now.ToString("MM"), id.ToString("N"));
        var path = Path.Combine(Path.GetFullPath(storage.DataDir), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, ct);
        // A photo named after the card or ID it shows ("身份证11010519491231002X.png") keeps the name, masked like any typed text.
        var safeName = Infrastructure.Security.PersonalNumbers.Mask(Path.GetFileName(fileName.Replace('\\', '/'))).Text;
        return new Attachment
        {
            Id = id,
            FileName = string.IsNullOrWhiteSpace(safeName) ? "file" : PayDesk.Infrastructure.Http.ClippedText.Tail(safeName, 255),
            ContentType = contentType,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            StoragePath = relative,
            CreatedAt = now,
        };
    }

    public Stream Open(Attachment attachment) =>
        File.OpenRead(Path.Combine(Path.GetFullPath(storage.DataDir), attachment.StoragePath));
}
