using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

public enum HistoryKind
{
    Message,
    Email,
    Note,
    Chat,
    Call,
    Event,
}

/// <summary>One thing that happened in a complaint's handling, as the review workspace lists it; <see cref="Ref"/> is what a comment points at.</summary>
public sealed record HistoryItem(string Ref, DateTime At, HistoryKind Kind, string Author, bool FromCustomer, string Text, TicketEventKind? EventKind, TicketStatus? ToStatus = null);

/// <summary>
/// Everything the customer and PayDesk said and did on a complaint, oldest first: its messages (portal, e-mail,
/// internal notes), the chat transcripts and calls linked to it, and the timeline. Read only; message texts are
/// stored with personal numbers already masked.
/// </summary>
internal static class InteractionHistory
{
    /// <summary>At most this many lines of each kind, so a complaint with a huge history still opens.</summary>
    public const int MaxPerKind = 500;

    public static async Task<List<HistoryItem>> LoadAsync(AppDbContext db, Guid ticketId, CancellationToken ct)
    {
        var items = new List<HistoryItem>();
        var messages = await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticketId).OrderBy(m => m.CreatedAt).Take(MaxPerKind)
            .Select(m => new { m.Id, m.CreatedAt, m.AuthorName, m.FromCustomer, m.Body, m.Channel, m.Visibility }).ToListAsync(ct);
        items.AddRange(messages.Select(m => new HistoryItem($"message:{m.Id}", m.CreatedAt,
            m.Visibility == MessageVisibility.Internal ? HistoryKind.Note : m.Channel == TicketChannel.Email ? HistoryKind.Email : HistoryKind.Message,
            m.AuthorName, m.FromCustomer, m.Body, null)));

        var conversations = db.Conversations.AsNoTracking().Where(c => c.TicketId == ticketId).Select(c => c.Id);
        var chat = await db.ChatMessages.AsNoTracking().Where(m => conversations.Contains(m.ConversationId)).OrderBy(m => m.Id).Take(MaxPerKind)
            .Select(m => new { m.Id, m.CreatedAt, m.SenderName, m.FromCustomer, m.Body }).ToListAsync(ct);
        items.AddRange(chat.Select(m => new HistoryItem($"chat:{m.Id}", m.CreatedAt, HistoryKind.Chat, m.SenderName, m.FromCustomer, m.Body, null)));

        var calls = await db.Calls.AsNoTracking().Where(c => c.TicketId == ticketId).OrderBy(c => c.StartedAt).Take(MaxPerKind)
            .Select(c => new { c.Id, c.StartedAt, c.AnsweredAt, c.EndedAt, c.AgentName, c.Direction, c.CallerMasked, c.Transfers, c.RecordingUrl })
            .ToListAsync(ct);
        items.AddRange(calls.Select(c => new HistoryItem($"call:{c.Id}", c.StartedAt, HistoryKind.Call, c.AgentName ?? c.CallerMasked ?? "—", false,
            CallText(c.Direction.ToString(), c.CallerMasked, c.AnsweredAt, c.EndedAt, c.Transfers, c.RecordingUrl), null)));

        // Messages are listed above already; the timeline adds everything else (transfers, verification, escalations…).
        var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == ticketId && e.Kind != TicketEventKind.Message).OrderBy(e => e.Id).Take(MaxPerKind)
            .Select(e => new { e.Id, e.At, e.ActorName, e.Kind, e.Reason, e.ToStatus }).ToListAsync(ct);
        items.AddRange(events.Select(e => new HistoryItem($"event:{e.Id}", e.At, HistoryKind.Event, e.ActorName, false,
            e.Reason ?? "", e.Kind, e.ToStatus)));

        return items.OrderBy(i => i.At).ThenBy(i => i.Ref, StringComparer.Ordinal).ToList();
    }

    private static string CallText(string direction, string? caller, DateTime? answered, DateTime? ended, int transfers, string? recording)
    {
        var seconds = answered is { } a && ended is { } e ? (int)(e - a).TotalSeconds : 0;
        var parts = new List<string> { direction, caller ?? "", seconds > 0 ? $"{seconds / 60}:{seconds % 60:D2}" : "" };
        if (transfers > 0) parts.Add($"⇄{transfers}");
        if (!string.IsNullOrEmpty(recording)) parts.Add("🎧");
        return string.Join(" · ", parts.Where(p => p.Length > 0));
    }
}
