using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Audit;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

/// <summary>What the review records about an interaction besides its items: who did it, and when it counts.</summary>
internal sealed record ReviewHeader(
    ReviewSubject Subject, Guid SubjectId, string Reference, Guid? AgentId, string? Team, DateTime WorkAt,
    int ReopenCount, DateTime? ResolvedAt, DateTime? ClosedAt);

/// <summary>
/// Reads a batch of complaints or chats for the rules in a handful of queries (the complaints, their messages, timeline
/// entries, clocks and category changes), never one query per complaint.
/// </summary>
internal static class AutomaticReviewInputs
{
    public static async Task<List<(ReviewHeader Header, AutomaticReviewInput Input)>> ComplaintsAsync(
        AppDbContext db, IReadOnlyCollection<Guid> ids, DateTime now, CancellationToken ct)
    {
        var tickets = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new
        {
            t.Id, t.Number, t.OwnerId, t.Team, t.CreatedAt, t.Description, t.ReopenCount, t.ResolvedAt, t.ClosedAt, t.UpdatedAt, t.TransactionId,
        }).ToListAsync(ct);
        var messages = (await db.TicketMessages.AsNoTracking().Where(m => ids.Contains(m.TicketId))
            .Select(m => new { m.TicketId, m.CreatedAt, m.Body, m.FromCustomer, m.AuthorId, m.Visibility }).ToListAsync(ct))
            .ToLookup(m => m.TicketId);
        var reviewed = new[] { TicketEventKind.Verification, TicketEventKind.Lookup, TicketEventKind.Transfer };
        var events = (await db.TicketEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId) && reviewed.Contains(e.Kind))
            .Select(e => new { e.TicketId, e.At, e.Kind, e.ActorId, e.Data }).ToListAsync(ct))
            .ToLookup(e => e.TicketId);
        var clocks = (await db.SlaClocks.AsNoTracking().Where(c => ids.Contains(c.TicketId))
            .Select(c => new { c.TicketId, c.Kind, c.Status, c.WarnedAt, c.BreachedAt }).ToListAsync(ct))
            .ToLookup(c => c.TicketId);
        // A category changed after intake is in the audit log as an update of the complaint's "category" field.
        var audit = (await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Ticket) && ids.Contains(a.EntityId)
                && ((a.Action == AuditActions.Updated && a.Changes.Contains("\"category\"")) || a.Action == AuditActions.Revealed))
            .Select(a => new { a.EntityId, a.At, a.Action }).ToListAsync(ct))
            .ToLookup(a => a.EntityId);

        var result = new List<(ReviewHeader, AutomaticReviewInput)>(tickets.Count);
        foreach (var t in tickets)
        {
            var said = new List<ReviewMessage> { new(t.CreatedAt, ReviewAuthor.Customer, t.Description) };
            said.AddRange(messages[t.Id].Select(m => new ReviewMessage(m.CreatedAt,
                m.FromCustomer ? ReviewAuthor.Customer : m.AuthorId is null ? ReviewAuthor.System : ReviewAuthor.Agent,
                m.Body, m.Visibility == MessageVisibility.Public)));
            var happened = new List<ReviewEvent>();
            foreach (var e in events[t.Id])
            {
                switch (e.Kind)
                {
                    case TicketEventKind.Verification when e.Data is { } data && data.Contains("\"step\":\"verified\"", StringComparison.Ordinal):
                        happened.Add(new(e.At, ReviewEventKind.Verified));
                        break;
                    case TicketEventKind.Lookup:
                        happened.Add(new(e.At, ReviewEventKind.Lookup));
                        break;
                    // The router placing a complaint in a queue is not a transfer; a person handing it on is.
                    case TicketEventKind.Transfer when e.ActorId is not null:
                        happened.Add(new(e.At, ReviewEventKind.Transfer));
                        break;
                }
            }
            happened.AddRange(audit[t.Id].Select(a => new ReviewEvent(a.At, a.Action == AuditActions.Revealed ? ReviewEventKind.Reveal : ReviewEventKind.CategoryChanged)));
            var ticketClocks = clocks[t.Id].Select(c => new ReviewClock(c.Kind, c.Status, c.WarnedAt is not null, c.BreachedAt is not null)).ToList();
            var header = new ReviewHeader(ReviewSubject.Complaint, t.Id, t.Number, t.OwnerId, t.Team, t.ResolvedAt ?? t.ClosedAt ?? now,
                t.ReopenCount, t.ResolvedAt, t.ClosedAt);
            result.Add((header, new AutomaticReviewInput(ReviewSubject.Complaint, t.Id, t.OwnerId, t.CreatedAt, said, happened, ticketClocks,
                t.ReopenCount, t.TransactionId)));
        }
        return result;
    }

    public static async Task<List<(ReviewHeader Header, AutomaticReviewInput Input)>> ChatsAsync(
        AppDbContext db, IReadOnlyCollection<Guid> ids, int chatTargetMinutes, DateTime now, CancellationToken ct)
    {
        var chats = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.AgentId, c.StartedAt, c.EndedAt, c.VerifiedAt, c.TicketId }).ToListAsync(ct);
        var messages = (await db.ChatMessages.AsNoTracking().Where(m => ids.Contains(m.ConversationId))
            .Select(m => new { m.ConversationId, m.CreatedAt, m.Body, m.FromCustomer, m.FromBot, m.FromSystem }).ToListAsync(ct))
            .ToLookup(m => m.ConversationId);
        var agents = chats.Where(c => c.AgentId is not null).Select(c => c.AgentId!.Value).Distinct().ToList();
        var teams = await db.AgentProfiles.AsNoTracking().Where(a => agents.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId, a => a.Team, ct);

        var result = new List<(ReviewHeader, AutomaticReviewInput)>(chats.Count);
        foreach (var c in chats)
        {
            var said = messages[c.Id].Select(m => new ReviewMessage(m.CreatedAt,
                m.FromCustomer ? ReviewAuthor.Customer : m.FromBot ? ReviewAuthor.Bot : m.FromSystem ? ReviewAuthor.System : ReviewAuthor.Agent, m.Body)).ToList();
            IReadOnlyList<ReviewEvent> happened = c.VerifiedAt is { } verified ? [new(verified, ReviewEventKind.Verified)] : [];
            var header = new ReviewHeader(ReviewSubject.Chat, c.Id, Reference(c.Id, c.StartedAt), c.AgentId,
                c.AgentId is { } agent ? teams.GetValueOrDefault(agent) : null, c.EndedAt ?? now, 0, null, c.EndedAt);
            result.Add((header, new AutomaticReviewInput(ReviewSubject.Chat, c.Id, c.AgentId, c.StartedAt, said, happened, [],
                ChatFirstResponseTargetMinutes: chatTargetMinutes)));
        }
        return result;
    }

    /// <summary>A chat's reference on scorecards and sample lists: when it started and a short id, no personal data.</summary>
    public static string Reference(Guid id, DateTime startedAt) => $"CHAT-{startedAt:yyyyMMdd}-{id.ToString("N")[^6..]}";
}
