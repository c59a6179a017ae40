using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>
/// The files of complaints, over every <see cref="Attachment"/> row however it arrived: a file is the complaint's
/// when its TicketId is the complaint, or when it has no TicketId and its conversation (chat, WeChat, Weibo, app)
/// became or continues the complaint. A channel that stores a file with either id set shows up here unchanged.
/// </summary>
internal sealed class ComplaintFileStore(AppDbContext db, AttachmentStore store, IDataProtectionProvider protection, TimeProvider clock)
    : IComplaintFiles
{
    private static readonly TimeSpan StagedFor = TimeSpan.FromDays(1);

    public long MaxBytes => store.MaxBytes;

    /// <summary>Files on <paramref name="ticketIds"/> directly or through their conversations.</summary>
    public static IQueryable<Attachment> OfTickets(AppDbContext db, IQueryable<Guid> ticketIds)
    {
        var conversations = db.Conversations.Where(c => c.TicketId != null && ticketIds.Contains(c.TicketId.Value)).Select(c => c.Id);
        return db.Attachments.AsNoTracking().Where(a =>
            (a.TicketId != null && ticketIds.Contains(a.TicketId.Value))
            || (a.TicketId == null && a.ConversationId != null && conversations.Contains(a.ConversationId.Value)));
    }

    /// <summary>Leaves out files of internal notes for anyone but staff.</summary>
    public static IQueryable<Attachment> VisibleTo(AppDbContext db, IQueryable<Attachment> files, Actor actor)
    {
        if (actor.IsStaff) return files;
        var internalNotes = db.TicketMessages.Where(m => m.Visibility == MessageVisibility.Internal).Select(m => m.Id);
        return files.Where(a => a.TicketMessageId == null || !internalNotes.Contains(a.TicketMessageId.Value));
    }

    /// <summary>The files as complaint files: each with the channel it came on.</summary>
    public static async Task<List<ComplaintFile>> DescribeAsync(AppDbContext db, IReadOnlyList<Attachment> rows, CancellationToken ct)
    {
        var conversationIds = rows.Where(a => a.ConversationId != null).Select(a => a.ConversationId!.Value).Distinct().ToList();
        var messageIds = rows.Where(a => a.TicketMessageId != null).Select(a => a.TicketMessageId!.Value).Distinct().ToList();
        var ticketIds = rows.Where(a => a.TicketId != null).Select(a => a.TicketId!.Value).Distinct().ToList();
        var conversations = await db.Conversations.AsNoTracking().Where(c => conversationIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Channel, ct);
        var messages = await db.TicketMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.Channel, ct);
        var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.Channel, ct);
        return rows.Select(a => new ComplaintFile(a.Id, a.FileName, a.ContentType, a.Size, a.CreatedAt, a.TicketMessageId,
            a.ConversationId is { } c && conversations.TryGetValue(c, out var viaChat) ? viaChat
            : a.TicketMessageId is { } m && messages.TryGetValue(m, out var viaMessage) && viaMessage is { } channel ? channel
            : a.TicketId is { } t && tickets.TryGetValue(t, out var viaTicket) ? viaTicket
            : TicketChannel.Web)).ToList();
    }

    public async Task<IReadOnlyList<ComplaintFile>> ListAsync(Guid ticketId, Actor actor, CancellationToken ct)
    {
        var ids = db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Id);
        var rows = await VisibleTo(db, OfTickets(db, ids), actor).ToListAsync(ct);
        return await DescribeAsync(db, rows.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToList(), ct);
    }

    public async Task<KeptFile> KeepAsync(Guid? ticketId, Guid? messageId, string fileName, long length, Stream content, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? "file" : Path.GetFileName(fileName.Replace('\\', '/'));
        // Judged before a byte is read: a 30 MB file is refused without buffering it.
        if (length > store.MaxBytes) return new KeptFile(name, null, "Attachment.TooLarge");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var refusal = store.Check(name, bytes, out var type);
        if (refusal is not null) return new KeptFile(name, null, refusal);
        var attachment = await store.SaveAsync(name, type!, bytes, ct);
        attachment.TicketId = ticketId;
        attachment.TicketMessageId = messageId;
        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        return new KeptFile(attachment.FileName, attachment.Id, null);
    }

    private ITimeLimitedDataProtector Protector(Actor actor) =>
        protection.CreateProtector("PayDesk.Attachments.Staged", actor.UserId?.ToString("N") ?? "-").ToTimeLimitedDataProtector();

    public string StageToken(Actor actor, IReadOnlyCollection<Guid> fileIds) =>
        fileIds.Count == 0 ? "" : Protector(actor).Protect(string.Join(',', fileIds.Select(i => i.ToString("N"))), clock.GetUtcNow() + StagedFor);

    public async Task<IReadOnlyList<ComplaintFile>> StagedAsync(Actor actor, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || actor.UserId is null) return [];
        List<Guid> ids;
        try
        {
            ids = Protector(actor).Unprotect(token).Split(',').Select(Guid.Parse).Take(20).ToList();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return [];
        }
        var rows = await db.Attachments.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.TicketId == null && a.ConversationId == null).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        return await DescribeAsync(db, rows, ct);
    }

    public async Task AttachStagedAsync(IReadOnlyCollection<Guid> fileIds, Guid ticketId, CancellationToken ct)
    {
        if (fileIds.Count == 0) return;
        var rows = await db.Attachments.Where(a => fileIds.Contains(a.Id) && a.TicketId == null && a.ConversationId == null).ToListAsync(ct);
        foreach (var row in rows) row.TicketId = ticketId;
        await db.SaveChangesAsync(ct);
    }
}
