using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Channels;

/// <summary>An attachment's download is told against the complaint it belongs to.</summary>
internal sealed class AttachmentAuditNames(AppDbContext db) : Audit.IAuditNames
{
    public async Task NameAsync(ILookup<string, Guid> ids, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var files = ids[DownloadAttachment.AuditEntity].ToArray();
        foreach (var a in await db.Attachments.AsNoTracking().Where(a => files.Contains(a.Id) && a.TicketId != null)
                     .Join(db.Tickets, a => a.TicketId, t => t.Id, (a, t) => new { a.Id, t.Number }).ToListAsync(ct)) names[a.Id] = a.Number;
        // Sent in a chat: the complaint the conversation became, if it became one.
        foreach (var a in await db.Attachments.AsNoTracking().Where(a => files.Contains(a.Id) && a.TicketId == null && a.ConversationId != null)
                     .Join(db.Conversations.Where(c => c.TicketId != null), a => a.ConversationId, c => c.Id, (a, c) => new { a.Id, c.TicketId })
                     .Join(db.Tickets, x => x.TicketId, t => t.Id, (x, t) => new { x.Id, t.Number }).ToListAsync(ct)) names[a.Id] = a.Number;
    }

    public async Task<IReadOnlyCollection<Guid>> OfComplaintAsync(string number, CancellationToken ct) =>
        await db.Attachments.AsNoTracking().Join(db.Tickets.Where(t => t.Number == number), a => a.TicketId, t => t.Id, (a, t) => a.Id).ToListAsync(ct);
}
