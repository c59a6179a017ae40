using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Channels;

/// <summary>A customer's files across their complaints and conversations, newest first: the customer page's file panel.</summary>
internal static class ListCustomerFiles
{
    /// <param name="Unproven">Sent in a chat whose visitor only typed this customer's contact: maybe not the customer's at all.</param>
    public sealed record Row(ComplaintFile File, Guid? TicketId, string? TicketNumber, bool Unproven = false);

    public static async Task<Paged<Row>> QueryAsync(AppDbContext db, Guid customerId, PageRequest paging, CancellationToken ct)
    {
        var tickets = db.Tickets.Where(t => t.CustomerId == customerId).Select(t => t.Id);
        var conversations = db.Conversations.Where(c => c.CustomerId == customerId).Select(c => c.Id);
        var query = ComplaintFileStore.OfTickets(db, tickets)
            .Union(db.Attachments.AsNoTracking().Where(a => a.ConversationId != null && conversations.Contains(a.ConversationId.Value)));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var files = await ComplaintFileStore.DescribeAsync(db, rows, ct);
        var conversationTickets = await db.Conversations.AsNoTracking()
            .Where(c => c.TicketId != null && rows.Select(a => a.ConversationId).Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.TicketId!.Value, ct);
        var ticketIds = rows.Select(a => a.TicketId ?? (a.ConversationId is { } c && conversationTickets.TryGetValue(c, out var t) ? t : null)).ToList();
        var wanted = ticketIds.Where(t => t is not null).Select(t => t!.Value).Distinct().ToList();
        var numbers = await db.Tickets.AsNoTracking().Where(t => wanted.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Number, ct);
        var conversationIds = rows.Where(a => a.ConversationId != null).Select(a => a.ConversationId!.Value).Distinct().ToList();
        var unproven = (await db.Conversations.AsNoTracking()
            .Where(c => conversationIds.Contains(c.Id) && c.ClaimsExistingCustomer && c.VerifiedAt == null).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var items = files.Select((f, i) => new Row(f, ticketIds[i], ticketIds[i] is { } id && numbers.TryGetValue(id, out var n) ? n : null,
            rows[i].ConversationId is { } c && unproven.Contains(c))).ToList();
        return new Paged<Row>(items, paging.Page, paging.PageSize, total);
    }
}
