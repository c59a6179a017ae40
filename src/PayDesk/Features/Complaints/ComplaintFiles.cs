using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// A file on a complaint: sent with a message (e-mail, portal reply), on the portal form, or in a chat or social
/// conversation that became or continues the complaint. <paramref name="MessageId"/> is the message that brought it,
/// when there is one; <paramref name="Channel"/> where it came from.
/// </summary>
public sealed record ComplaintFile(
    Guid Id, string FileName, string ContentType, long Size, DateTime CreatedAt, Guid? MessageId, TicketChannel Channel)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>Where staff and the customer who sent it download it (access is checked there).</summary>
    public string Url => $"/api/v1/attachments/{Id}";
}

/// <summary>A file offered by a customer or colleague: kept (<see cref="Id"/>) or refused with a text key (<see cref="Refusal"/>).</summary>
public sealed record KeptFile(string FileName, Guid? Id, string? Refusal)
{
    public bool Kept => Id is not null;
}

/// <summary>
/// The files of a complaint, answered by the feature that stores them (Channels: type judged by content, size
/// limited). Complaints' pages and use cases list and add files through this without knowing where they live.
/// </summary>
internal interface IComplaintFiles
{
    /// <summary>The largest file accepted, in bytes.</summary>
    long MaxBytes { get; }

    /// <summary>Every file of the complaint, oldest first; a customer does not see files of internal notes.</summary>
    Task<IReadOnlyList<ComplaintFile>> ListAsync(Guid ticketId, Actor actor, CancellationToken ct);

    /// <summary>
    /// Checks and keeps one file on the complaint (and message), or unattached when <paramref name="ticketId"/> is
    /// null (a portal form not yet filed, see <see cref="StageToken"/>). Saves the record.
    /// </summary>
    Task<KeptFile> KeepAsync(Guid? ticketId, Guid? messageId, string fileName, long length, Stream content, CancellationToken ct);

    /// <summary>A tamper-proof token for files kept before their complaint exists, bound to the customer who sent them.</summary>
    string StageToken(Actor actor, IReadOnlyCollection<Guid> fileIds);

    /// <summary>The not-yet-attached files a <see cref="StageToken"/> names for this customer; none when forged or expired.</summary>
    Task<IReadOnlyList<ComplaintFile>> StagedAsync(Actor actor, string? token, CancellationToken ct);

    /// <summary>Puts staged files (from <see cref="StagedAsync"/>) on the complaint just filed.</summary>
    Task AttachStagedAsync(IReadOnlyCollection<Guid> fileIds, Guid ticketId, CancellationToken ct);
}

/// <summary>What a customer is told about a refused file, on the page, in the widget and in problem details.</summary>
internal static class AttachmentTexts
{
    /// <summary>Files one portal form or reply may carry.</summary>
    public const int MaxFiles = 5;

    public static string Refused(Microsoft.Extensions.Localization.IStringLocalizer l, string fileName, string refusalKey, long maxBytes) =>
        l["Attachment.Refused", fileName, refusalKey == "Attachment.TooLarge" ? l["Attachment.TooLargeLimit", maxBytes / (1024 * 1024)] : l[refusalKey]];

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
