using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Operations;

/// <summary>Section <c>Retention</c>: how long closed complaints keep their personal data (PIPL: no longer than needed).</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>The longest period accepted (a century: beyond it the cutoff date is meaningless).</summary>
    public const int MaxYears = 100;

    /// <summary>Closed complaints older than this (by ClosedAt) are anonymised. The period is the company's decision.</summary>
    public int ClosedComplaintYears { get; set; } = 5;

    /// <summary>Run the anonymisation once a day in the server (off by default; `paydesk retention` runs it by hand).</summary>
    public bool DailyJob { get; set; }

    /// <summary>Complaints anonymised per run at most (each in its own short transaction).</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>What a retention run found (dry run) or did.</summary>
internal sealed record RetentionResult(int Complaints, int Messages, int Attachments, int Customers, bool DryRun, DateTime Cutoff);

/// <summary>
/// Anonymises closed complaints past the retention period: the customer's name, contacts and every long number
/// leave the complaint's texts, messages, chats and notices; its attachments are deleted from disk; the encrypted
/// originals of masked text are deleted; audit entries of those rows lose their personal values; the customer record
/// itself is anonymised when none of its complaints is still within the period. Category, amounts, dates, clocks,
/// root cause and resolution stay for reports. Each complaint gets one audit entry "anonymised".
/// </summary>
internal sealed class Retention(AppDbContext db, StorageOptions storage, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<Retention> logger)
{
    public const string Action = "anonymised";
    public const string Placeholder = Anonymiser.Placeholder;
    public const string CustomerPlaceholder = Anonymiser.PersonPlaceholder;

    /// <summary>Audit fields whose values are personal: they become the placeholder in existing audit entries.</summary>
    private static readonly HashSet<string> PersonalAuditFields =
    [
        "subject", "description", "summary", "body", "authorName", "name", "email", "phoneMasked", "idNumberMasked",
        "accountId", "panMasked", "visitorName", "contactMasked", "fileName",
    ];

    /// <summary>Audit fields holding free text someone typed (a reveal's or a merge's reason, a note): scrubbed like the complaint's text.</summary>
    private static readonly HashSet<string> PersonalAuditTexts = ["reason", "note", "comment"];

    public DateTime Cutoff => clock.GetUtcNow().UtcDateTime.AddYears(-Math.Max(0, options.Value.ClosedComplaintYears));

    /// <summary>Complaints a retention run has anonymised (each has its audit entry).</summary>
    private IQueryable<Guid> Anonymised => db.AuditEntries.Where(a => a.EntityType == nameof(Ticket) && a.Action == Action).Select(a => a.EntityId);

    private IQueryable<Ticket> Due(DateTime cutoff)
    {
        var anonymised = Anonymised;
        return db.Tickets.Where(t => t.Status == TicketStatus.Closed && t.ClosedAt != null && t.ClosedAt < cutoff && !anonymised.Contains(t.Id));
    }

    /// <summary>Complaints still within the period: neither due nor anonymised. A customer with none of them is anonymised too.</summary>
    private IQueryable<Ticket> Within(DateTime cutoff)
    {
        var anonymised = Anonymised;
        var due = Due(cutoff).Select(t => t.Id);
        return db.Tickets.Where(t => !anonymised.Contains(t.Id) && !due.Contains(t.Id));
    }

    public async Task<RetentionResult> RunAsync(bool dryRun, CancellationToken ct)
    {
        var cutoff = Cutoff;
        if (dryRun)
        {
            // Everything that is due, not one batch: the dry run is what an operator reads before the real one.
            var due = Due(cutoff);
            var complaints = await due.CountAsync(ct);
            var messages = await db.TicketMessages.CountAsync(m => due.Any(t => t.Id == m.TicketId), ct);
            var attachments = await db.Attachments.CountAsync(a => a.TicketId != null && due.Any(t => t.Id == a.TicketId), ct);
            // A customer record goes when none of its complaints is still within the period (each counted once).
            var within = Within(cutoff);
            var customers = await db.Customers.CountAsync(c => due.Any(t => t.CustomerId == c.Id) && !within.Any(t => t.CustomerId == c.Id), ct);
            return new RetentionResult(complaints, messages, attachments, customers, true, cutoff);
        }
        var ids = await Due(cutoff).OrderBy(t => t.ClosedAt).Select(t => t.Id).Take(Math.Max(1, options.Value.BatchSize)).ToListAsync(ct);
        int totalMessages = 0, totalAttachments = 0, totalCustomers = 0;
        foreach (var id in ids)
        {
            var (m, a, c) = await AnonymiseAsync(id, cutoff, ct);
            totalMessages += m;
            totalAttachments += a;
            totalCustomers += c ? 1 : 0;
        }
        if (ids.Count > 0) logger.LogInformation("Retention anonymised {Complaints} complaints closed before {Cutoff:u}", ids.Count, cutoff);
        return new RetentionResult(ids.Count, totalMessages, totalAttachments, totalCustomers, false, cutoff);
    }

    /// <summary>True when every complaint of the customer is closed before the cutoff (or already anonymised, or in <paramref name="alsoDone"/>).</summary>
    private async Task<bool> CustomerDoneAsync(Guid customerId, DateTime cutoff, IReadOnlyCollection<Guid> alsoDone, CancellationToken ct) =>
        !await Within(cutoff).AnyAsync(t => t.CustomerId == customerId && !alsoDone.Contains(t.Id), ct);

    private async Task<(int Messages, int Attachments, bool Customer)> AnonymiseAsync(Guid ticketId, DateTime cutoff, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteAsync(ct);
        var ticket = await db.Tickets.Include(t => t.Messages).Include(t => t.Customer).FirstAsync(t => t.Id == ticketId, ct);
        var customer = ticket.Customer!;
        var conversations = await db.Conversations.Where(c => c.TicketId == ticketId).ToListAsync(ct);
        var conversationIds = conversations.Select(c => c.Id).ToList();
        var names = new List<string> { customer.Name };
        names.AddRange(conversations.Select(c => c.VisitorName));
        names.AddRange(ticket.Messages.Where(m => m.FromCustomer).Select(m => m.AuthorName));

        AnonymiseComplaint.Apply(ticket, names);
        // Its chats lose the visitor's name and contact, and what the assistant kept of them (the hand-off note with serials
        // and amounts, a pending request, the page they started on).
        foreach (var conversation in conversations)
        {
            conversation.VisitorName = CustomerPlaceholder;
            conversation.ContactMasked = null;
            conversation.HandOffNote = null;
            conversation.BotPending = null;
            conversation.BotSerial = null;
            conversation.BotChoices = null;
            conversation.PageUrl = null;
        }

        // Free text about the complaint beyond its messages — what staff wrote on its timeline, call-backs, remedies and
        // follow-up calls, what the customer wrote in a survey — loses the same names, e-mail addresses and long numbers.
        void ScrubText(object row, string property)
        {
            var value = db.Entry(row).Property(property);
            if (value.CurrentValue is string { Length: > 0 } text && Anonymiser.Scrub(text, names) is var scrubbed && scrubbed != text) value.CurrentValue = scrubbed;
        }
        foreach (var e in await db.TicketEvents.Where(e => e.TicketId == ticketId && e.Reason != null).ToListAsync(ct)) ScrubText(e, nameof(TicketEvent.Reason));
        foreach (var c in await db.Callbacks.Where(c => c.TicketId == ticketId).ToListAsync(ct))
        {
            ScrubText(c, nameof(Callback.Note));
            ScrubText(c, nameof(Callback.OutcomeNote));
        }
        foreach (var r in await db.ResolutionActions.Where(r => r.TicketId == ticketId).ToListAsync(ct))
        {
            ScrubText(r, nameof(ResolutionAction.Note));
            ScrubText(r, nameof(ResolutionAction.ApprovalReason));
            ScrubText(r, nameof(ResolutionAction.DecisionNote));
        }
        var followUps = db.Set<FollowUps.FollowUpTask>().Where(t => t.TicketId == ticketId).Select(t => t.Id);
        foreach (var a in await db.Set<FollowUps.FollowUpAttempt>().Where(a => followUps.Contains(a.TaskId) && a.Note != null).ToListAsync(ct))
        {
            ScrubText(a, nameof(FollowUps.FollowUpAttempt.Note));
        }
        foreach (var survey in await db.Surveys.Where(v => (v.TicketId == ticketId || (v.ConversationId != null && conversationIds.Contains(v.ConversationId.Value)))
                     && v.Comment != null).ToListAsync(ct))
        {
            ScrubText(survey, nameof(Surveys.Survey.Comment));
        }
        // A call keeps its times and outcome, not the caller's number, its hash or the recording.
        var calls = await db.Calls.Where(c => c.TicketId == ticketId).ToListAsync(ct);
        foreach (var call in calls)
        {
            call.CallerMasked = call.CallerMasked is null ? null : Placeholder;
            call.CallerHash = null;
            call.RecordingUrl = null;
        }
        // An e-mail released from quarantine onto this complaint: its raw message (attachments included) goes.
        foreach (var held in await db.QuarantinedMessages.Where(q => q.TicketId == ticketId).ToListAsync(ct))
        {
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.Raw)).CurrentValue = Array.Empty<byte>();
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.Subject)).CurrentValue = null;
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.SenderMasked)).CurrentValue = Placeholder;
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.Detail)).CurrentValue = null;
        }

        // Attachments: bytes off the disk first, then their rows (a crash in between leaves rows pointing at nothing, never files).
        var attachments = await db.Attachments.Where(a => a.TicketId == ticketId
            || (a.ConversationId != null && conversationIds.Contains(a.ConversationId.Value))).ToListAsync(ct);
        foreach (var attachment in attachments)
        {
            var path = Path.Combine(Path.GetFullPath(storage.DataDir), attachment.StoragePath);
            if (File.Exists(path)) File.Delete(path);
        }
        db.Attachments.RemoveRange(attachments);

        // The customer record goes once none of its complaints is within the period: counted once, by the run that anonymised it.
        var customerDone = await CustomerDoneAsync(customer.Id, cutoff, [ticketId], ct) && customer.Name != Placeholder;
        var personalIds = new List<Guid> { ticket.Id };
        personalIds.AddRange(ticket.Messages.Select(m => m.Id));
        if (customerDone)
        {
            customer.Name = Placeholder;
            customer.Email = null;
            customer.AccountId = null;
            customer.SetPhone(null);
            customer.SetIdNumber(null);
            var cards = await db.BankCards.Where(c => c.CustomerId == customer.Id).ToListAsync(ct);
            personalIds.AddRange(cards.Select(c => c.Id));
            db.BankCards.RemoveRange(cards);
            await db.ChannelIdentities.Where(i => i.CustomerId == customer.Id).ExecuteDeleteAsync(ct);
            personalIds.Add(customer.Id);
        }
        await db.SaveChangesAsync(ct);

        var callIds = calls.Select(c => c.Id).ToList();
        await db.CallEvents.Where(e => callIds.Contains(e.CallRecordId) && e.Detail != null).ExecuteUpdateAsync(s => s.SetProperty(e => e.Detail, (string?)null), ct);
        await db.ChatMessages.Where(m => conversationIds.Contains(m.ConversationId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, Placeholder).SetProperty(m => m.SenderName, m => m.FromCustomer ? CustomerPlaceholder : m.SenderName), ct);
        await db.Notifications.Where(n => n.TicketId == ticketId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Body, Placeholder).SetProperty(n => n.Subject, (string?)null)
                .SetProperty(n => n.DestinationMasked, Placeholder).SetProperty(n => n.SecretCipher, (string?)null), ct);
        var ownerKeys = personalIds.Select(i => i.ToString()).Concat(personalIds.Select(i => i.ToString("N"))).ToList();
        await db.Set<PersonalTextOriginal>().Where(o => ownerKeys.Contains(o.OwnerKey)).ExecuteDeleteAsync(ct);
        foreach (var conversationId in conversationIds)
        {
            var prefix = conversationId.ToString("N") + ":";
            await db.Set<PersonalTextOriginal>().Where(o => o.OwnerType == PersonalText.ChatMessage && o.OwnerKey.StartsWith(prefix)).ExecuteDeleteAsync(ct);
        }

        // Audit entries keep who did what and when; the personal values in them go.
        var entries = await db.AuditEntries.Where(a => personalIds.Contains(a.EntityId)).ToListAsync(ct);
        foreach (var entry in entries)
        {
            var scrubbed = ScrubAudit(entry.Changes, names);
            if (scrubbed != entry.Changes) db.Entry(entry).Property(e => e.Changes).CurrentValue = scrubbed;
        }
        db.AuditEntries.Add(AuditEntry.Of(Actor.System, nameof(Ticket), ticket.Id, Action, new JsonObject
        {
            ["reason"] = "retention",
            ["closedBefore"] = cutoff,
            ["messages"] = ticket.Messages.Count,
            ["attachmentsDeleted"] = attachments.Count,
            ["customerAnonymised"] = customerDone,
        }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (ticket.Messages.Count, attachments.Count, customerDone);
    }

    internal static string ScrubAudit(string changes, IReadOnlyCollection<string> names)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(changes);
        }
        catch (System.Text.Json.JsonException)
        {
            return changes;
        }
        if (node is not JsonObject fields) return changes;
        var changed = false;
        foreach (var (name, value) in fields.ToList())
        {
            // A free-text field kept as a plain value (the reason typed for revealing a number, for a merge, a note): it
            // loses names, addresses and numbers as the complaint's own text does, and keeps its purpose — why someone opened
            // personal data is what a data-access audit must still show.
            if (PersonalAuditTexts.Contains(name) && value is JsonValue plain && plain.TryGetValue<string>(out var typed))
            {
                var cleaned = Anonymiser.Scrub(typed, names);
                if (cleaned != typed)
                {
                    fields[name] = cleaned;
                    changed = true;
                }
                continue;
            }
            if (!PersonalAuditFields.Contains(name) || value is not JsonObject change) continue;
            foreach (var side in new[] { "from", "to" })
            {
                if (change[side] is JsonValue v && v.TryGetValue<string>(out var s) && s != Placeholder && s != CustomerPlaceholder)
                {
                    change[side] = Placeholder;
                    changed = true;
                }
            }
        }
        return changed ? fields.ToJsonString(AuditJson.Options) : changes;
    }
}

/// <summary>The optional daily retention run (Retention:DailyJob).</summary>
internal sealed class RetentionJob(IServiceScopeFactory scopes, ILogger<RetentionJob> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromDays(1), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var retention = scope.ServiceProvider.GetRequiredService<Retention>();
        RetentionResult result;
        do
        {
            result = await retention.RunAsync(dryRun: false, ct);
        }
        while (result.Complaints > 0 && !ct.IsCancellationRequested);
    }
}
