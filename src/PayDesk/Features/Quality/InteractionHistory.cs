using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Channels.Phone;
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
/// <param name="Note">A call's notes, as the agents wrote them when they linked the call to the complaint (oldest first).</param>
/// <param name="Direction">A call's direction: the customer called in, or PayDesk called out.</param>
public sealed record HistoryItem(string Ref, DateTime At, HistoryKind Kind, string Author, bool FromCustomer, string Text, TicketEventKind? EventKind,
    TicketStatus? ToStatus = null, string? Note = null, CallDirection? Direction = null);

/// <summary>
/// Everything the customer and PayDesk said and did on a complaint, oldest first: its messages (portal, e-mail,
/// internal notes), the chat transcripts and calls linked to it (a call with the agent's note on it), and the timeline.
/// Read only; message texts and notes are stored with personal numbers already masked.
/// </summary>
internal static class InteractionHistory
{
    /// <summary>At most this many lines of each kind, so a complaint with a huge history still opens.</summary>
    public const int MaxPerKind = 500;

    public static async Task<List<HistoryItem>> LoadAsync(AppDbContext db, Guid ticketId, CancellationToken ct)
    {
        var items = new List<HistoryItem>();
        // The complaint as it came in, first: what the customer said is what the handling is judged against (a walk found a
        // review's history showing only what the agent wrote).
        var complaint = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
            .Select(t => new { t.CreatedAt, t.Subject, t.Description, Customer = db.Customers.Where(c => c.Id == t.CustomerId).Select(c => c.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (complaint is not null)
        {
            items.Add(new HistoryItem($"complaint:{ticketId}", complaint.CreatedAt, HistoryKind.Message, complaint.Customer ?? "—", true,
                string.IsNullOrWhiteSpace(complaint.Description) ? complaint.Subject : $"{complaint.Subject}\n{complaint.Description}", null));
        }
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
        // Messages are listed above already; the timeline adds everything else (transfers, verification, escalations…).
        var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == ticketId && e.Kind != TicketEventKind.Message).OrderBy(e => e.Id).Take(MaxPerKind)
            .Select(e => new { e.Id, e.At, e.ActorName, e.Kind, e.Reason, e.ToStatus, e.Data }).ToListAsync(ct);
        // A call linked to the complaint is an "interaction" entry naming the call, with the agent's note as its reason:
        // the note belongs to the call's line, and the entry itself says nothing the call's line does not.
        var listedCalls = calls.Select(c => c.Id).ToHashSet();
        var callEntries = events.Where(e => e.Kind == TicketEventKind.Interaction && CallOf(e.Data) is { } call && listedCalls.Contains(call))
            .Select(e => (e.Id, Call: CallOf(e.Data)!.Value, e.Reason)).ToList();
        var notes = callEntries.Where(e => !string.IsNullOrWhiteSpace(e.Reason)).GroupBy(e => e.Call)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(e => e.Reason)));
        items.AddRange(calls.Select(c => new HistoryItem($"call:{c.Id}", c.StartedAt, HistoryKind.Call, c.AgentName ?? c.CallerMasked ?? "—", false,
            CallText(c.CallerMasked, c.AnsweredAt, c.EndedAt, c.Transfers, c.RecordingUrl), null, Note: notes.GetValueOrDefault(c.Id), Direction: c.Direction)));
        var folded = callEntries.Select(e => e.Id).ToHashSet();
        items.AddRange(events.Where(e => !folded.Contains(e.Id)).Select(e => new HistoryItem($"event:{e.Id}", e.At, HistoryKind.Event, e.ActorName, false,
            e.Reason ?? "", e.Kind, e.ToStatus)));

        return items.OrderBy(i => i.At).ThenBy(i => i.Ref, StringComparer.Ordinal).ToList();
    }

    /// <summary>The call id an "interaction" timeline entry names, if it is a call.</summary>
    private static Guid? CallOf(string? data)
    {
        if (string.IsNullOrEmpty(data) || !data.Contains("\"call\"", StringComparison.Ordinal)) return null;
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(data)?["call"]?.GetValue<string>() is { } text && Guid.TryParse(text, out var id) ? id : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The caller (masked), the talk time (m:ss), transfers and a recording mark; the page names the direction in the reader's language.</summary>
    private static string CallText(string? caller, DateTime? answered, DateTime? ended, int transfers, string? recording)
    {
        var seconds = answered is { } a && ended is { } e ? (int)(e - a).TotalSeconds : 0;
        var parts = new List<string> { caller ?? "", seconds > 0 ? $"{seconds / 60}:{seconds % 60:D2}" : "" };
        if (transfers > 0) parts.Add($"⇄{transfers}");
        if (!string.IsNullOrEmpty(recording)) parts.Add("🎧");
        return string.Join(" · ", parts.Where(p => p.Length > 0));
    }
}
