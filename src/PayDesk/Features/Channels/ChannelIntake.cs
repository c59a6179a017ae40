using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>
/// Where every channel's messages end: filters → one complaint (new or continued) or the
/// quarantine, committed together with the receipt that makes a second delivery a no-op.
/// </summary>
internal sealed class ChannelIntake(
    AppDbContext db, IEnumerable<IInboundFilter> filters, TicketNumberAllocator numbers, Complaints.LifecycleServices lifecycle,
    AttachmentStore attachments, Infrastructure.Security.PersonalDataProtector protector, IStringLocalizer<SharedResource> l,
    TimeProvider clock, ILogger<ChannelIntake> logger)
{
    private readonly IInboundFilter[] _filters = filters.OrderBy(f => f.Order).ToArray();

    public async Task<InboundResult> AcceptAsync(InboundMessage message, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindDuplicateAsync(message, ct) is { } duplicate) return duplicate;
            try
            {
                return await AcceptOnceAsync(message, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same message arrived twice at once (or a new customer did): the unique keys said no; look again.
                logger.LogDebug("Inbound {Channel} message met a conflicting write; looking again (attempt {Attempt})", message.Channel, attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<InboundResult?> FindDuplicateAsync(InboundMessage message, CancellationToken ct)
    {
        var receipt = await db.InboundReceipts.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Channel == message.Channel && r.ExternalId == message.ExternalId, ct);
        if (receipt is not null && message.ContentHash is { } hash && receipt.ContentHash is { } seen && hash != seen)
        {
            // Same id, different message: it is kept under an id of its own (and is a redelivery if that one is known).
            message.ExternalId = $"{(message.ExternalId.Length > 280 ? message.ExternalId[..280] : message.ExternalId)}#{hash[..16]}";
            receipt = await db.InboundReceipts.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Channel == message.Channel && r.ExternalId == message.ExternalId, ct);
        }
        if (receipt is null) return null;
        var number = receipt.TicketId is { } id ? await db.Tickets.Where(t => t.Id == id).Select(t => t.Number).FirstOrDefaultAsync(ct) : null;
        return new InboundResult(InboundOutcome.Duplicate, receipt.TicketId, number, receipt.MessageId, receipt.QuarantineId, null);
    }

    private async Task<InboundResult> AcceptOnceAsync(InboundMessage message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var context = new InboundContext(message, now);
        foreach (var filter in _filters)
        {
            await filter.ApplyAsync(context, ct);
            if (context.Stopped) break;
        }
        if (context.Stopped) return await QuarantineAsync(message, context.QuarantineReason!, context.QuarantineDetail, now, ct);

        var customer = context.Customer!;
        var actor = new Actor(null, customer.Name, new HashSet<string> { Roles.Customer }, customer.Id);
        var (body, kept) = await KeepFilesAsync(message, ct);
        // A message with only files (or, once released, nothing at all) still says so in words on the complaint.
        if (string.IsNullOrWhiteSpace(body)) body = l[kept.Count > 0 ? "Inbound.OnlyFiles" : "Inbound.NoText"];
        InboundResult result;
        Ticket ticket;
        Guid? messageId = null;
        if (context.Ticket is { } existing)
        {
            ticket = existing;
            var posted = await AddTicketMessage.PostAsync(db, lifecycle, ticket, Limit(body, AddTicketMessage.BodyMax), MessageVisibility.Public, actor, ct);
            posted.Channel = message.Channel;
            messageId = posted.Id;
            result = new InboundResult(InboundOutcome.Appended, ticket.Id, ticket.Number, posted.Id, null, null);
        }
        else
        {
            var subject = string.IsNullOrWhiteSpace(message.Subject) ? FirstLine(body) : message.Subject.Trim();
            ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle, customer,
                new CreateTicket.Draft(message.Channel, Limit(subject, TicketRules.SubjectMax), Limit(body, TicketRules.DescriptionMax)),
                Actor.System, now, ct);
            result = new InboundResult(InboundOutcome.Created, ticket.Id, ticket.Number, null, null, null);
        }
        foreach (var file in kept)
        {
            file.TicketId = ticket.Id;
            file.TicketMessageId = messageId;
            db.Attachments.Add(file);
        }
        db.InboundReceipts.Add(new InboundReceipt
        {
            Channel = message.Channel, ExternalId = message.ExternalId, ContentHash = message.ContentHash, TicketId = ticket.Id, MessageId = messageId, ReceivedAt = now,
        });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Inbound {Channel} message {Outcome} on {TicketNumber}", message.Channel, result.Outcome, ticket.Number);
        return result;
    }

    /// <summary>Keeps the files we accept; a refused one is named in the message so staff know it was sent.</summary>
    private async Task<(string Body, List<Attachment> Kept)> KeepFilesAsync(InboundMessage message, CancellationToken ct)
    {
        var body = new StringBuilder(message.Body.Trim());
        var kept = new List<Attachment>();
        foreach (var file in message.Files)
        {
            var refusal = attachments.Check(file.FileName, file.Content, out var type);
            if (refusal is null)
            {
                kept.Add(await attachments.SaveAsync(file.FileName, type!, file.Content, ct));
            }
            else
            {
                body.Append('\n').Append(l["Attachment.NotKept", file.FileName, l[refusal]]);
            }
        }
        return (body.ToString(), kept);
    }

    private async Task<InboundResult> QuarantineAsync(InboundMessage message, string reason, string? detail, DateTime now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var held = new QuarantinedMessage
        {
            Channel = message.Channel,
            Reason = reason,
            Detail = Infrastructure.Security.PersonalNumbers.MaskText(detail is null ? null : PayDesk.Infrastructure.Http.ClippedText.Head(detail, 1000)),
            SenderMasked = MaskSender(message.From),
            Subject = Infrastructure.Security.PersonalNumbers.MaskText(message.Subject is { } s ? PayDesk.Infrastructure.Http.ClippedText.Head(s, 300) : null),
            // The raw message may carry card, ID and phone numbers in clear: kept encrypted, read only by an administrator.
            Raw = protector.ProtectBytes(message.Raw ?? Encoding.UTF8.GetBytes(message.Body)),
            ReceivedAt = now,
            Status = QuarantineStatus.Held,
        };
        db.QuarantinedMessages.Add(held);
        db.InboundReceipts.Add(new InboundReceipt
        {
            Channel = message.Channel, ExternalId = message.ExternalId, ContentHash = message.ContentHash, QuarantineId = held.Id, ReceivedAt = now,
        });
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Inbound {Channel} message quarantined: {Reason}", message.Channel, reason);
        return new InboundResult(InboundOutcome.Quarantined, null, null, null, held.Id, reason);
    }

    /// <summary>Keeps a message no adapter could even normalise (bad MIME, bad XML), with the reason.</summary>
    public async Task<InboundResult> QuarantineRawAsync(TicketChannel channel, string externalId, byte[] raw, string reason, string? detail, CancellationToken ct,
        string? subject = null)
    {
        if (await FindDuplicateAsync(new InboundMessage { Channel = channel, ExternalId = externalId, From = new(null), Body = "" }, ct) is { } duplicate)
        {
            return duplicate;
        }
        var message = new InboundMessage { Channel = channel, ExternalId = externalId, From = new(null), Subject = subject, Body = "", Raw = raw };
        return await QuarantineAsync(message, reason, detail, clock.GetUtcNow().UtcDateTime, ct);
    }

    public static string? MaskSender(InboundSender from) =>
        from.Email is { } e && CustomerDirectory.NormalizeEmail(e) is { } email ? Infrastructure.Security.PersonalData.MaskEmail(email)
        : from.Phone is { } p && PersonalData.NormalizePhone(p) is { } phone ? PersonalData.Mask(PersonalDataKind.Phone, phone)
        : from.ExternalUserId is { } id ? (id.Length > 6 ? id[..3] + "***" + id[^3..] : "***")
        : null;

    private string FirstLine(string body)
    {
        var line = PayDesk.Infrastructure.Http.ClippedText.FirstLine(body, 60);
        return line.Length == 0 ? l["Inbound.NoSubject"] : line;
    }

    private static string Limit(string text, int max) => PayDesk.Infrastructure.Http.ClippedText.Head(text, max);
}
