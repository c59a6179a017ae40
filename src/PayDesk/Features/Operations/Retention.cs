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

/// <summary>
/// What a retention run found (dry run) or did: complaints with their messages and attachments, customer records, and
/// the chats, calls and notices that never became part of a complaint.
/// </summary>
internal sealed record RetentionResult(int Complaints, int Messages, int Attachments, int Customers, int Chats, int Calls, int Notices,
    bool DryRun, DateTime Cutoff)
{
    /// <summary>Anything found or done: a run that did something may have left more for the next batch.</summary>
    public bool Any => Complaints + Customers + Chats + Calls + Notices > 0;

    public RetentionResult Add(RetentionResult next) => next with
    {
        Complaints = Complaints + next.Complaints, Messages = Messages + next.Messages, Attachments = Attachments + next.Attachments,
        Customers = Customers + next.Customers, Chats = Chats + next.Chats, Calls = Calls + next.Calls, Notices = Notices + next.Notices,
    };

    /// <summary>"… 3 chat(s), 1 call(s) and 2 notice(s) that were not part of a complaint": the part of the CLI's line about them.</summary>
    public string Loose => $"{Chats} chat(s), {Calls} call(s) and {Notices} notice(s) that were not part of a complaint";
}

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
            var chats = LooseChats(cutoff);
            attachments += await db.Attachments.CountAsync(a => a.ConversationId != null && chats.Any(c => c.Id == a.ConversationId), ct);
            // A customer record goes when none of its complaints is still within the period (each counted once), or when it has
            // no complaint left to keep it and nothing of it happened within the period.
            var within = Within(cutoff);
            var customers = await KeptByNothingElse(db.Customers.Where(c => due.Any(t => t.CustomerId == c.Id) && !within.Any(t => t.CustomerId == c.Id)),
                    cutoff, dryRun: true).CountAsync(ct)
                + await IdleCustomers(cutoff, dryRun: true).CountAsync(ct);
            return new RetentionResult(complaints, messages, attachments, customers, await chats.CountAsync(ct),
                await LooseCalls(cutoff).CountAsync(ct), await LooseNotices(cutoff).CountAsync(ct), true, cutoff);
        }
        var batch = Math.Max(1, options.Value.BatchSize);
        var ids = await Due(cutoff).OrderBy(t => t.ClosedAt).Select(t => t.Id).Take(batch).ToListAsync(ct);
        int totalMessages = 0, totalAttachments = 0, totalCustomers = 0;
        foreach (var id in ids)
        {
            var (m, a, c) = await AnonymiseAsync(id, cutoff, ct);
            totalMessages += m;
            totalAttachments += a;
            totalCustomers += c ? 1 : 0;
        }
        if (ids.Count > 0) logger.LogInformation("Retention anonymised {Complaints} complaints closed before {Cutoff:u}", ids.Count, cutoff);
        // Then what never became part of a complaint, in this order: a customer record goes last, once its chats and calls
        // have lost the names they were scrubbed by.
        var (chatCount, chatAttachments) = await AnonymiseLooseChatsAsync(cutoff, batch, ct);
        var calls = await AnonymiseLooseCallsAsync(cutoff, batch, ct);
        var notices = await ScrubLooseNoticesAsync(cutoff, batch, ct);
        // An incident suggestion keeps one complaint's words as its sample for staff: not past the period.
        await db.Set<Incidents.IncidentSuggestion>().Where(s => s.DetectedAt < cutoff && s.SampleText != null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SampleText, (string?)null), ct);
        var idle = await AnonymiseIdleCustomersAsync(cutoff, batch, ct);
        if (chatCount + calls + notices + idle > 0)
        {
            logger.LogInformation("Retention anonymised {Chats} chats, {Calls} calls, {Notices} notices and {Customers} customer records from before {Cutoff:u} that were not part of a complaint",
                chatCount, calls, notices, idle, cutoff);
        }
        return new RetentionResult(ids.Count, totalMessages, totalAttachments + chatAttachments, totalCustomers + idle, chatCount, calls, notices, false, cutoff);
    }

    /// <summary>True when every complaint of the customer is closed before the cutoff (or already anonymised, or in <paramref name="alsoDone"/>).</summary>
    /// Nor may anything else keep it (<see cref="KeptByNothingElse"/>).
    private async Task<bool> CustomerDoneAsync(Guid customerId, DateTime cutoff, IReadOnlyCollection<Guid> alsoDone, CancellationToken ct) =>
        !await Within(cutoff).AnyAsync(t => t.CustomerId == customerId && !alsoDone.Contains(t.Id), ct)
        && await KeptByNothingElse(db.Customers.Where(c => c.Id == customerId), cutoff, dryRun: false).AnyAsync(ct);

    /// <summary>
    /// Customer records nothing but complaints keeps: no sign-in of their own (a customer with an account is a current
    /// relationship; closing the account comes first) and no chat or call outside a complaint still to anonymise — a run
    /// anonymises those first, scrubbing them by the customer's real name (in a dry run, which anonymises nothing: none
    /// within the period, since the run will anonymise the older ones before).
    /// </summary>
    private IQueryable<Customer> KeptByNothingElse(IQueryable<Customer> customers, DateTime cutoff, bool dryRun)
    {
        var logins = db.Users.Where(u => u.CustomerId != null).Select(u => u.CustomerId);
        // A dry run counts only what is within the period; a run, everything not yet anonymised.
        DateTime? since = dryRun ? cutoff : null;
        return customers.Where(c => !logins.Contains(c.Id)
            && !db.Conversations.Any(v => v.CustomerId == c.Id && v.TicketId == null && v.AnonymisedAt == null && (since == null || v.LastMessageAt >= since))
            && !db.Calls.Any(k => k.CustomerId == c.Id && k.TicketId == null && k.AnonymisedAt == null && (since == null || k.StartedAt >= since)));
    }

    /// <summary>Chats that never became part of a complaint, quiet since before the cutoff and not yet anonymised.</summary>
    private IQueryable<Channels.Chat.Conversation> LooseChats(DateTime cutoff) =>
        db.Conversations.Where(c => c.TicketId == null && c.AnonymisedAt == null && c.LastMessageAt < cutoff);

    /// <summary>Calls that never became part of a complaint, from before the cutoff and not yet anonymised.</summary>
    private IQueryable<Channels.Phone.CallRecord> LooseCalls(DateTime cutoff) =>
        db.Calls.Where(c => c.TicketId == null && c.AnonymisedAt == null && c.StartedAt < cutoff);

    /// <summary>Notices about no complaint (sign-in codes, NPS surveys, announcements) from before the cutoff, not yet scrubbed.</summary>
    private IQueryable<Notifications.Notification> LooseNotices(DateTime cutoff) =>
        Finished(db.Notifications.Where(n => n.TicketId == null && n.CreatedAt < cutoff));

    /// <summary>Notices no longer being sent (a failed one is still retried) and not yet scrubbed.</summary>
    private static IQueryable<Notifications.Notification> Finished(IQueryable<Notifications.Notification> notices) =>
        notices.Where(n => n.DestinationMasked != Placeholder && (n.Status == Notifications.DeliveryStatus.Sent
            || n.Status == Notifications.DeliveryStatus.Delivered || n.Status == Notifications.DeliveryStatus.Dead));

    /// <summary>Their text, subject, destination, any code and the provider's last error go; when and how they went stays.</summary>
    private static Task<int> ScrubNoticesAsync(IQueryable<Notifications.Notification> notices, CancellationToken ct) =>
        notices.ExecuteUpdateAsync(s => s.SetProperty(n => n.Body, Placeholder).SetProperty(n => n.Subject, (string?)null)
            .SetProperty(n => n.DestinationMasked, Placeholder).SetProperty(n => n.SecretCipher, (string?)null)
            .SetProperty(n => n.LastError, (string?)null), ct);

    /// <summary>
    /// Customer records that no complaint keeps (none, or all anonymised), created before the cutoff, and that nothing
    /// else keeps either (<see cref="KeptByNothingElse"/>).
    /// </summary>
    private IQueryable<Customer> IdleCustomers(DateTime cutoff, bool dryRun)
    {
        var anonymised = Anonymised;
        return KeptByNothingElse(db.Customers.Where(c => c.Name != Placeholder && c.CreatedAt < cutoff
            && !db.Tickets.Any(t => t.CustomerId == c.Id && !anonymised.Contains(t.Id))), cutoff, dryRun);
    }

    /// <summary>A customer record's personal data goes: name, contacts, ID number, account id, bank cards, channel ids. Returns the ids whose audit entries and originals go too.</summary>
    private async Task<List<Guid>> ClearCustomerAsync(Customer customer, CancellationToken ct)
    {
        // What they wrote in any survey (an NPS answer is about no complaint) and every notice sent to them.
        foreach (var survey in await db.Surveys.Where(v => v.CustomerId == customer.Id && v.Comment != null).ToListAsync(ct))
        {
            ScrubText(survey, nameof(Surveys.Survey.Comment), [customer.Name]);
        }
        await ScrubNoticesAsync(Finished(db.Notifications.Where(n => n.CustomerId == customer.Id)), ct);
        customer.Name = Placeholder;
        customer.Email = null;
        customer.AccountId = null;
        customer.SetPhone(null);
        customer.SetIdNumber(null);
        var cards = await db.BankCards.Where(c => c.CustomerId == customer.Id).ToListAsync(ct);
        db.BankCards.RemoveRange(cards);
        await db.ChannelIdentities.Where(i => i.CustomerId == customer.Id).ExecuteDeleteAsync(ct);
        return [.. cards.Select(c => c.Id), customer.Id];
    }

    /// <summary>The audit entries of these rows keep who did what and when; the personal values in them go.</summary>
    private async Task ScrubAuditOfAsync(IReadOnlyCollection<Guid> ids, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        foreach (var entry in await db.AuditEntries.Where(a => ids.Contains(a.EntityId)).ToListAsync(ct))
        {
            var scrubbed = ScrubAudit(entry.Changes, names);
            if (scrubbed != entry.Changes) db.Entry(entry).Property(e => e.Changes).CurrentValue = scrubbed;
        }
    }

    /// <summary>The encrypted originals of masked text owned by these rows (and by these chats' messages) are deleted.</summary>
    private async Task DeleteOriginalsAsync(IReadOnlyCollection<Guid> owners, IReadOnlyCollection<Guid> conversationIds, CancellationToken ct)
    {
        var ownerKeys = owners.Select(i => i.ToString()).Concat(owners.Select(i => i.ToString("N"))).ToList();
        if (ownerKeys.Count > 0) await db.Set<PersonalTextOriginal>().Where(o => ownerKeys.Contains(o.OwnerKey)).ExecuteDeleteAsync(ct);
        foreach (var conversationId in conversationIds)
        {
            var prefix = conversationId.ToString("N") + ":";
            await db.Set<PersonalTextOriginal>().Where(o => o.OwnerType == PersonalText.ChatMessage && o.OwnerKey.StartsWith(prefix)).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>Free text loses the names, e-mail addresses and long numbers (a tracked row's property, changed only when it differs).</summary>
    private void ScrubText(object row, string property, IReadOnlyCollection<string> names)
    {
        var value = db.Entry(row).Property(property);
        if (value.CurrentValue is string { Length: > 0 } text && Anonymiser.Scrub(text, names) is var scrubbed && scrubbed != text) value.CurrentValue = scrubbed;
    }

    /// <summary>Attachments: bytes off the disk first, then their rows (a crash in between leaves rows pointing at nothing, never files).</summary>
    private List<Channels.Attachment> DeleteFiles(List<Channels.Attachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            var path = Path.Combine(Path.GetFullPath(storage.DataDir), attachment.StoragePath);
            if (File.Exists(path)) File.Delete(path);
        }
        db.Attachments.RemoveRange(attachments);
        return attachments;
    }

    /// <summary>
    /// What the automatic and human quality reviews of a complaint (or chat) say in words — the reviewers' summaries, item notes,
    /// remarks on messages, disputes and settlements, the automatic review's evidence — loses the same names and numbers.
    /// </summary>
    private async Task ScrubReviewsAsync(Guid? ticketId, IReadOnlyCollection<Guid> subjects, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        if (ticketId is { } id)
        {
            var reviews = await db.Set<Quality.QualityReview>().Include(r => r.Scores).Where(r => r.TicketId == id).ToListAsync(ct);
            foreach (var review in reviews)
            {
                ScrubText(review, nameof(Quality.QualityReview.Summary), names);
                ScrubText(review, nameof(Quality.QualityReview.DisputeReason), names);
                ScrubText(review, nameof(Quality.QualityReview.SettlementNote), names);
                foreach (var score in review.Scores) ScrubText(score, nameof(Quality.QualityReviewScore.Note), names);
            }
            var reviewIds = reviews.Select(r => r.Id).ToList();
            foreach (var comment in await db.Set<Quality.QualityComment>().Where(c => reviewIds.Contains(c.ReviewId)).ToListAsync(ct))
            {
                ScrubText(comment, nameof(Quality.QualityComment.Body), names);
            }
        }
        var automatic = db.Set<Quality.AutomaticReview>().Where(r => subjects.Contains(r.SubjectId)).Select(r => r.Id);
        foreach (var item in await db.Set<Quality.AutomaticReviewItem>().Where(i => automatic.Contains(i.ReviewId) && i.Detail != null).ToListAsync(ct))
        {
            ScrubText(item, nameof(Quality.AutomaticReviewItem.Detail), names);
        }
    }

    /// <summary>Chats anonymised per transaction: on SQLite a write transaction holds the single writer, which live chat and intake wait for.</summary>
    private const int ChatsPerTransaction = 25;

    /// <summary>The batch's chats that never became part of a complaint, a few per transaction.</summary>
    private async Task<(int Chats, int Attachments)> AnonymiseLooseChatsAsync(DateTime cutoff, int batch, CancellationToken ct)
    {
        int chats = 0, attachments = 0;
        while (chats < batch)
        {
            var (done, files) = await AnonymiseLooseChatChunkAsync(cutoff, Math.Min(ChatsPerTransaction, batch - chats), ct);
            if (done == 0) break;
            chats += done;
            attachments += files;
        }
        return (chats, attachments);
    }

    /// <summary>Chats that never became part of a complaint: their visitors' names, contacts, messages and files go; one audit entry per transaction.</summary>
    private async Task<(int Chats, int Attachments)> AnonymiseLooseChatChunkAsync(DateTime cutoff, int take, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteAsync(ct);
        var chats = await LooseChats(cutoff).OrderBy(c => c.LastMessageAt).Take(take).ToListAsync(ct);
        if (chats.Count == 0) return (0, 0);
        var ids = chats.Select(c => c.Id).ToList();
        var customerNames = await NamesOfCustomersAsync(chats.Select(c => c.CustomerId), ct);
        List<string> NamesOf(Channels.Chat.Conversation chat) =>
            chat.CustomerId is { } customer && customerNames.TryGetValue(customer, out var name) ? [chat.VisitorName, name] : [chat.VisitorName];
        var byId = chats.ToDictionary(c => c.Id);
        foreach (var survey in await db.Surveys.Where(v => v.ConversationId != null && ids.Contains(v.ConversationId.Value) && v.Comment != null).ToListAsync(ct))
        {
            ScrubText(survey, nameof(Surveys.Survey.Comment), NamesOf(byId[survey.ConversationId!.Value]));
        }
        foreach (var chat in chats) await ScrubReviewsAsync(null, [chat.Id], NamesOf(chat), ct);
        var attachments = DeleteFiles(await db.Attachments.Where(a => a.ConversationId != null && ids.Contains(a.ConversationId.Value)).ToListAsync(ct));
        var names = chats.SelectMany(NamesOf).ToList();
        foreach (var chat in chats) ClearChat(chat, now);
        Audited("chats", chats.Count, cutoff, now, attachments.Count);
        await db.SaveChangesAsync(ct);
        await EmptyChatMessagesAsync(ids, ct);
        await DeleteOriginalsAsync(ids, ids, ct);
        await ScrubAuditOfAsync([.. ids, .. attachments.Select(a => a.Id)], names, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (chats.Count, attachments.Count);
    }

    /// <summary>
    /// A chat loses the visitor's name, contact and channel id, and what the assistant kept of them (the hand-off note with
    /// serials and amounts, a pending request, the page they started on); its messages are emptied by the caller.
    /// </summary>
    private static void ClearChat(Channels.Chat.Conversation chat, DateTime now)
    {
        chat.VisitorName = CustomerPlaceholder;
        chat.ContactMasked = null;
        chat.ExternalUserId = null;
        chat.HandOffNote = null;
        chat.BotPending = null;
        chat.BotSerial = null;
        chat.BotChoices = null;
        chat.PageUrl = null;
        chat.AnonymisedAt = now;
    }

    /// <summary>The chats' messages: a placeholder for every text, and for the customer's name on theirs.</summary>
    private Task<int> EmptyChatMessagesAsync(IReadOnlyCollection<Guid> conversationIds, CancellationToken ct) =>
        db.ChatMessages.Where(m => conversationIds.Contains(m.ConversationId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, Placeholder).SetProperty(m => m.SenderName, m => m.FromCustomer ? CustomerPlaceholder : m.SenderName), ct);

    /// <summary>A call keeps its times and outcome, not the caller's number, its hash, the recording or its events' details.</summary>
    private async Task ClearCallsAsync(IReadOnlyCollection<Guid> callIds, DateTime now, CancellationToken ct)
    {
        await db.Calls.Where(c => callIds.Contains(c.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CallerMasked, c => c.CallerMasked == null ? null : Placeholder)
            .SetProperty(c => c.CallerHash, (string?)null).SetProperty(c => c.RecordingUrl, (string?)null).SetProperty(c => c.AnonymisedAt, now), ct);
        await db.CallEvents.Where(e => callIds.Contains(e.CallRecordId) && e.Detail != null).ExecuteUpdateAsync(s => s.SetProperty(e => e.Detail, (string?)null), ct);
    }

    /// <summary>One audit entry "anonymised" on <see cref="Retention"/> for a transaction's chats, calls or notices, committed with them.</summary>
    private void Audited(string what, int count, DateTime cutoff, DateTime now, int? attachmentsDeleted = null)
    {
        var details = new JsonObject { ["reason"] = "retention", ["before"] = cutoff, [what] = count };
        if (attachmentsDeleted is { } files) details["attachmentsDeleted"] = files;
        db.AuditEntries.Add(AuditEntry.Of(Actor.System, nameof(Retention), Guid.CreateVersion7(), Action, details, now));
    }

    private async Task<Dictionary<Guid, string>> NamesOfCustomersAsync(IEnumerable<Guid?> customerIds, CancellationToken ct)
    {
        var ids = customerIds.Where(c => c is not null).Select(c => c!.Value).Distinct().ToList();
        return await db.Customers.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    /// <summary>A batch of calls that never became part of a complaint: the caller's number, its hash, the recording and the events' details go.</summary>
    private async Task<int> AnonymiseLooseCallsAsync(DateTime cutoff, int batch, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteAsync(ct);
        var calls = await LooseCalls(cutoff).OrderBy(c => c.StartedAt).Select(c => new { c.Id, c.CustomerId }).Take(batch).ToListAsync(ct);
        if (calls.Count == 0) return 0;
        var ids = calls.Select(c => c.Id).ToList();
        await ClearCallsAsync(ids, now, ct);
        var customerNames = await NamesOfCustomersAsync(calls.Select(c => c.CustomerId), ct);
        var customerOf = calls.ToDictionary(c => c.Id, c => c.CustomerId);
        foreach (var survey in await db.Surveys.Where(v => v.CallId != null && ids.Contains(v.CallId.Value) && v.Comment != null).ToListAsync(ct))
        {
            var name = customerOf[survey.CallId!.Value] is { } customer && customerNames.TryGetValue(customer, out var n) ? n : null;
            ScrubText(survey, nameof(Surveys.Survey.Comment), name is null ? [] : [name]);
        }
        Audited("calls", calls.Count, cutoff, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return calls.Count;
    }

    /// <summary>A batch of old notices about no complaint: their text, subject, destination and any code go; when and how they went stays.</summary>
    private async Task<int> ScrubLooseNoticesAsync(DateTime cutoff, int batch, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteAsync(ct);
        var ids = await LooseNotices(cutoff).OrderBy(n => n.CreatedAt).Select(n => n.Id).Take(batch).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var scrubbed = await ScrubNoticesAsync(db.Notifications.Where(n => ids.Contains(n.Id)), ct);
        Audited("notices", scrubbed, cutoff, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return scrubbed;
    }

    /// <summary>A batch of customer records that nothing keeps any more (<see cref="IdleCustomers"/>), each in its own short transaction.</summary>
    private async Task<int> AnonymiseIdleCustomersAsync(DateTime cutoff, int batch, CancellationToken ct)
    {
        var ids = await IdleCustomers(cutoff, dryRun: false).OrderBy(c => c.CreatedAt).Select(c => c.Id).Take(batch).ToListAsync(ct);
        var done = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.BeginWriteAsync(ct);
            // Asked again inside the transaction: the customer may have written in since the batch was chosen (on SQLite the
            // transaction holds the writer, so nothing can come in between; on PostgreSQL the window is this one statement).
            if (!await IdleCustomers(cutoff, dryRun: false).AnyAsync(c => c.Id == id, ct)) continue;
            var customer = await db.Customers.FirstAsync(c => c.Id == id, ct);
            var names = new List<string> { customer.Name };
            var personalIds = await ClearCustomerAsync(customer, ct);
            db.AuditEntries.Add(AuditEntry.Of(Actor.System, nameof(Customer), id, Action,
                new JsonObject { ["reason"] = "retention", ["before"] = cutoff, ["noComplaintKeepsIt"] = true }, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
            await DeleteOriginalsAsync(personalIds, [], ct);
            await ScrubAuditOfAsync(personalIds, names, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            done++;
        }
        return done;
    }

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
        foreach (var conversation in conversations) ClearChat(conversation, now);

        // Free text about the complaint beyond its messages — what staff wrote on its timeline, call-backs, remedies and
        // follow-up calls, what the customer wrote in a survey, what its quality reviews say — loses the same names, e-mail
        // addresses and long numbers.
        foreach (var e in await db.TicketEvents.Where(e => e.TicketId == ticketId && e.Reason != null).ToListAsync(ct)) ScrubText(e, nameof(TicketEvent.Reason), names);
        foreach (var c in await db.Callbacks.Where(c => c.TicketId == ticketId).ToListAsync(ct))
        {
            ScrubText(c, nameof(Callback.Note), names);
            ScrubText(c, nameof(Callback.OutcomeNote), names);
        }
        foreach (var r in await db.ResolutionActions.Where(r => r.TicketId == ticketId).ToListAsync(ct))
        {
            ScrubText(r, nameof(ResolutionAction.Note), names);
            ScrubText(r, nameof(ResolutionAction.ApprovalReason), names);
            ScrubText(r, nameof(ResolutionAction.DecisionNote), names);
        }
        var followUps = db.Set<FollowUps.FollowUpTask>().Where(t => t.TicketId == ticketId).Select(t => t.Id);
        foreach (var a in await db.Set<FollowUps.FollowUpAttempt>().Where(a => followUps.Contains(a.TaskId) && a.Note != null).ToListAsync(ct))
        {
            ScrubText(a, nameof(FollowUps.FollowUpAttempt.Note), names);
        }
        var callIds = await db.Calls.Where(c => c.TicketId == ticketId).Select(c => c.Id).ToListAsync(ct);
        foreach (var survey in await db.Surveys.Where(v => (v.TicketId == ticketId || (v.ConversationId != null && conversationIds.Contains(v.ConversationId.Value))
                         || (v.CallId != null && callIds.Contains(v.CallId.Value)))
                     && v.Comment != null).ToListAsync(ct))
        {
            ScrubText(survey, nameof(Surveys.Survey.Comment), names);
        }
        await ScrubReviewsAsync(ticketId, [ticketId, .. conversationIds], names, ct);
        // An e-mail released from quarantine onto this complaint: its raw message (attachments included) goes.
        foreach (var held in await db.QuarantinedMessages.Where(q => q.TicketId == ticketId).ToListAsync(ct))
        {
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.Raw)).CurrentValue = Array.Empty<byte>();
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.Subject)).CurrentValue = null;
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.SenderMasked)).CurrentValue = Placeholder;
            db.Entry(held).Property(nameof(Channels.QuarantinedMessage.Detail)).CurrentValue = null;
        }

        var attachments = DeleteFiles(await db.Attachments.Where(a => a.TicketId == ticketId
            || (a.ConversationId != null && conversationIds.Contains(a.ConversationId.Value))).ToListAsync(ct));

        // The customer record goes once none of its complaints is within the period: counted once, by the run that anonymised it.
        var customerDone = await CustomerDoneAsync(customer.Id, cutoff, [ticketId], ct) && customer.Name != Placeholder;
        var personalIds = new List<Guid> { ticket.Id };
        personalIds.AddRange(ticket.Messages.Select(m => m.Id));
        if (customerDone) personalIds.AddRange(await ClearCustomerAsync(customer, ct));
        await db.SaveChangesAsync(ct);

        await ClearCallsAsync(callIds, now, ct);
        await EmptyChatMessagesAsync(conversationIds, ct);
        await ScrubNoticesAsync(db.Notifications.Where(n => n.TicketId == ticketId), ct);
        await DeleteOriginalsAsync(personalIds, conversationIds, ct);
        // A file's download entries name it ("张三身份证.jpg").
        await ScrubAuditOfAsync([.. personalIds, .. attachments.Select(a => a.Id)], names, ct);
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
            if (!PersonalAuditFields.Contains(name)) continue;
            // A personal field written as a plain value (a downloaded file's name) rather than as a change.
            if (value is JsonValue single && single.TryGetValue<string>(out var plainValue))
            {
                if (plainValue != Placeholder && plainValue != CustomerPlaceholder)
                {
                    fields[name] = Placeholder;
                    changed = true;
                }
                continue;
            }
            if (value is not JsonObject change) continue;
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
        while (result.Any && !ct.IsCancellationRequested);
    }
}
