using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using PayDesk.Features.Audit;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>
/// A kept file, for staff (each person's reading of a file is audited, like revealing a number) and for the
/// customer who sent it: a signed-in customer gets files on their own complaints and conversations, a chat
/// visitor those of their chat (the visitor token). Anyone else learns nothing, not even whether the file
/// exists: a signed-in stranger gets 404, a caller with no or a forged token 403. Images are shown inline, everything else downloads; the bytes go out
/// with nosniff (SecurityHeaders) and are never cached by shared caches.
/// </summary>
internal static class DownloadAttachment
{
    /// <summary>One audit entry per person and file within this window: the complaint page's thumbnails reload often.</summary>
    private static readonly TimeSpan AuditWindow = TimeSpan.FromHours(1);

    private static readonly HashSet<string> InlineTypes = new(StringComparer.Ordinal) { "image/png", "image/jpeg", "image/gif", "image/webp" };

    public const string AuditEntity = "Attachment";
    public const string AuditAction = "downloaded";

    public static async Task<Results<FileStreamHttpResult, NotFound, ForbidHttpResult>> HandleAsync(
        Guid id, string? token, HttpContext http, AppDbContext db, ChatService chat, AttachmentStore store, ActorAccessor actors,
        TimeProvider clock, CancellationToken ct)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        var actor = actors.Current;
        var signedIn = actor.UserId is not null;
        var visitorOf = chat.ReadToken(token);
        var allowed = attachment is not null && (
            (signedIn && actor.IsStaff)
            || (visitorOf is not null && visitorOf == attachment.ConversationId)
            || (signedIn && actor.IsCustomer && actor.CustomerId is { } customerId && await CustomerMaySeeAsync(db, attachment, customerId, ct)));
        if (!allowed)
        {
            // Nobody learns whether a file exists: signed in, not yours is 404 like a missing file; without a
            // session or a valid chat token it is 403 either way.
            return signedIn ? TypedResults.NotFound() : TypedResults.Forbid();
        }
        if (signedIn && actor.IsStaff) await AuditAsync(db, attachment!, actor, clock, ct);

        Stream content;
        try
        {
            content = store.Open(attachment!);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "private, no-cache";
        if (InlineTypes.Contains(attachment!.ContentType))
        {
            http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = attachment.FileName }.ToString();
            return TypedResults.File(content, attachment.ContentType);
        }
        return TypedResults.File(content, attachment.ContentType, attachment.FileName);
    }

    /// <summary>The customer's own: on their complaint (not an internal note) or in their conversation.</summary>
    private static async Task<bool> CustomerMaySeeAsync(AppDbContext db, Attachment attachment, Guid customerId, CancellationToken ct)
    {
        var ticketId = attachment.TicketId;
        if (ticketId is null && attachment.ConversationId is { } conversationId)
        {
            var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
                .Select(c => new { c.CustomerId, c.TicketId, Unproven = c.ClaimsExistingCustomer && c.VerifiedAt == null }).FirstOrDefaultAsync(ct);
            if (conversation is null) return false;
            // A visitor who only typed this customer's phone is not this customer: their uploads are not the customer's files.
            if (conversation.CustomerId == customerId && !conversation.Unproven) return true;
            ticketId = conversation.TicketId;
        }
        if (ticketId is null) return false;
        if (!await db.Tickets.AnyAsync(t => t.Id == ticketId && t.CustomerId == customerId, ct)) return false;
        return attachment.TicketMessageId is not { } messageId
            || await db.TicketMessages.AnyAsync(m => m.Id == messageId && m.Visibility == MessageVisibility.Public, ct);
    }

    private static async Task AuditAsync(AppDbContext db, Attachment attachment, Actor actor, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - AuditWindow;
        var recent = await db.AuditEntries.AnyAsync(e => e.EntityType == AuditEntity && e.EntityId == attachment.Id
            && e.ActorId == actor.UserId && e.Action == AuditAction && e.At >= since, ct);
        if (recent) return;
        var details = new JsonObject
        {
            ["fileName"] = PersonalNumbers.MaskText(attachment.FileName),
            ["contentType"] = attachment.ContentType,
            ["ticketId"] = attachment.TicketId?.ToString(),
            ["conversationId"] = attachment.ConversationId?.ToString(),
        };
        db.AuditEntries.Add(AuditEntry.Of(actor, AuditEntity, attachment.Id, AuditAction, details, now));
        await db.SaveChangesAsync(ct);
    }
}
