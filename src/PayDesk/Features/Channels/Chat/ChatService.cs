using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels.Chat;

public sealed record ChatMessageDto(long Id, Guid ConversationId, string ClientMessageId, bool FromCustomer, bool FromSystem, string SenderName,
    string Body, Guid? AttachmentId, DateTime CreatedAt, bool FromBot = false)
{
    internal static ChatMessageDto From(ChatMessage m) =>
        new(m.Id, m.ConversationId, m.ClientMessageId, m.FromCustomer, m.FromSystem, m.SenderName, m.Body, m.AttachmentId, m.CreatedAt, m.FromBot);
}

public sealed record ConversationDto(Guid Id, string VisitorName, string? Contact, ConversationStatus Status, string? AgentName, Guid? AgentId,
    Guid? TicketId, bool OffHours, DateTime StartedAt, DateTime LastMessageAt, long CustomerReadUpTo, long AgentReadUpTo, string? PageUrl,
    string? HandOffNote = null, bool Verified = false, bool UnprovenClaim = false)
{
    internal static ConversationDto From(Conversation c) => new(c.Id, c.VisitorName, c.ContactMasked, c.Status, c.AgentName, c.AgentId, c.TicketId,
        c.OffHours, c.StartedAt, c.LastMessageAt, c.CustomerReadUpTo, c.AgentReadUpTo, c.PageUrl, c.HandOffNote, c.VerifiedAt is not null,
        ChatService.UnprovenClaim(c));
}

/// <summary>The one place chat state changes; the hub and the REST endpoints both call it, and it tells every instance's clients.</summary>
internal sealed class ChatService(
    AppDbContext db, CustomerDirectory directory, ChannelIntake intake, TicketNumberAllocator numbers, Complaints.LifecycleServices lifecycle,
    Sla.CalendarRegistry calendars, Sla.SlaPolicyStore policy, IDataProtectionProvider protection, IHubContext<ChatHub> hub,
    IServiceProvider services, Microsoft.Extensions.Options.IOptions<Assistant.AssistantOptions> assistant, PersonalDataProtector protector,
    IStringLocalizer<SharedResource> l, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<ChatService> logger)
{
    public const int TextMax = 4000;

    /// <summary>How long an unanswered visitor message stays claimed by the instance answering it.</summary>
    public static readonly TimeSpan AnswerRetryAfter = TimeSpan.FromSeconds(30);
    public const string AgentsGroup = "agents";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    public static string Group(Guid conversationId) => "conv:" + conversationId.ToString("N");

    private ITimeLimitedDataProtector Tokens => protection.CreateProtector("PayDesk.Chat.Visitor").ToTimeLimitedDataProtector();

    public string IssueToken(Guid conversationId) => Tokens.Protect(conversationId.ToString("N"), TokenLifetime);

    public Guid? ReadToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return Guid.TryParseExact(Tokens.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether people are answering chat now (the line calendar of the service-level policy).</summary>
    public bool InServiceHours() => calendars.Get(policy.Current.LineCalendar).IsOpen(clock.GetUtcNow().UtcDateTime);

    /// <summary>Whether a chat started now is answered now: by people in service hours, by the assistant around the clock.</summary>
    public bool Answering() => assistant.Value.Enabled || InServiceHours();

    /// <summary>
    /// What the widget says now: the assistant's welcome when it answers first (it said "connecting you to an agent" and
    /// then the assistant answered — a newcomer's walk), connecting to an agent, or when agents are back (in the line
    /// calendar's time zone).
    /// </summary>
    public string GreetingText()
    {
        if (InServiceHours()) return assistant.Value.Enabled ? l["Bot.Welcome"] : l["Chat.Welcome"];
        var calendar = calendars.Get(policy.Current.LineCalendar);
        var now = clock.GetUtcNow().UtcDateTime;
        // The first business minute after now starts at the next opening.
        var opens = calendar.ToLocal(calendar.Add(now, TimeSpan.FromMinutes(1)).AddMinutes(-1));
        var when = opens.ToString("M", System.Globalization.CultureInfo.CurrentUICulture) + " " + opens.ToString("HH:mm");
        return assistant.Value.Enabled ? l["Chat.BotOffHours", when] : l["Chat.OffHours", when];
    }

    public sealed record StartRequest(string? Name, string? Phone, string? Email, string? Locale, string? PageUrl);

    public sealed record Started(ConversationDto Conversation, string Token, IReadOnlyList<ChatMessageDto> Messages);

    public async Task<Outcome<Started>> StartAsync(StartRequest request, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.MaxLength("name", request.Name, 100);
        errors.MaxLength("pageUrl", request.PageUrl, 500);
        var (phone, _, email) = CustomerDirectory.Validate(new CustomerInput(request.Name, request.Phone, request.Email, null, null, Locale: request.Locale),
            errors, "", nameRequired: false);
        // The assistant answers around the clock and asks for a phone or e-mail only if it must file a complaint;
        // without it, a chat outside service hours is a message left on a complaint and needs a way back to the visitor.
        var offHours = !InServiceHours() && !assistant.Value.Enabled;
        if (offHours && !actor.IsCustomer && phone is null && email is null && !errors.Any) errors.AddKey("phone", "Chat.ContactNeeded");
        if (errors.Any) return errors;

        Customer? customer = actor.IsCustomer
            ? await db.Customers.FirstOrDefaultAsync(c => c.Id == actor.CustomerId, ct)
            : await directory.FindAsync(phone, email, ct);
        // A visitor who only typed someone's phone or e-mail is not told whose it is: the record's name is shown to the
        // signed-in customer alone.
        var name = CustomerDirectory.Typed(request.Name) ?? (actor.IsCustomer ? customer?.Name : null) ?? l["Chat.Visitor"];
        var claims = !actor.IsCustomer && customer is not null;
        if (customer is null && (phone is not null || email is not null))
        {
            customer = directory.Add(name, phone, null, email, CustomerKind.Consumer, locale: request.Locale);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            CustomerId = customer?.Id,
            VisitorName = name,
            ContactMasked = phone is not null ? PersonalData.Mask(PersonalDataKind.Phone, phone) : email is not null ? PersonalData.MaskEmail(email) : null,
            // Bot first (智能客服), day and night; a person joins when the assistant hands over.
            Status = assistant.Value.Enabled ? ConversationStatus.Bot : ConversationStatus.Waiting,
            Locale = request.Locale is "en" ? "en" : "zh-CN",
            PageUrl = request.PageUrl,
            ClaimsExistingCustomer = claims,
            OffHours = offHours,
            StartedAt = now,
            LastMessageAt = now,
        };
        if (actor.IsCustomer && customer is not null)
        {
            // Signed in to the portal: the session is the proof of who this is; the assistant never asks again.
            conversation.VerifiedAt = now;
            conversation.VerifiedBy = "session";
        }
        db.Conversations.Add(conversation);
        List<ChatMessage> said = [AddSystem(conversation, conversation.Status == ConversationStatus.Bot ? l["Bot.Welcome"] : GreetingText(), now)];
        // Outside service hours without the assistant, messages are left on a complaint — the visitor's own only once proved.
        if (offHours && conversation.Status != ConversationStatus.Bot && UnprovenClaim(conversation))
        {
            said.Add(AddSystem(conversation, l["Chat.OffHoursSignIn"], now));
        }
        await db.SaveChangesAsync(ct);
        var dto = ConversationDto.From(conversation);
        await hub.Clients.Group(AgentsGroup).SendAsync("queue", dto, ct);
        return new Started(dto, IssueToken(conversation.Id), said.Select(ChatMessageDto.From).ToList());
    }

    private ChatMessage AddSystem(Conversation conversation, string text, DateTime now)
    {
        var message = new ChatMessage
        {
            ConversationId = conversation.Id, ClientMessageId = "sys-" + Guid.NewGuid().ToString("N")[..12], FromSystem = true,
            SenderName = "PayDesk", Body = text, CreatedAt = now,
        };
        db.ChatMessages.Add(message);
        return message;
    }

    /// <summary>The conversation, tracked; a second call in the same scope is answered from the context without a query.</summary>
    public Task<Conversation?> FindAsync(Guid id, CancellationToken ct) => db.Conversations.FindAsync([id], ct).AsTask();

    /// <summary>
    /// Stores a message once per client message id and tells the conversation. A resend of a
    /// message already stored returns the stored one, so a flaky connection never duplicates text.
    /// </summary>
    public async Task<Outcome<ChatMessageDto>> PostAsync(
        Guid conversationId, string? clientMessageId, string? text, bool fromCustomer, string senderName, Guid? attachmentId, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > 64) errors.AddKey("clientMessageId", "Chat.ClientMessageId");
        errors.Required("text", text);
        errors.MaxLength("text", text, TextMax);
        if (errors.Any) return errors;

        // The conversation usually comes from the context's identity map (the hub looked it up for this call).
        var conversation = await FindAsync(conversationId, ct);
        if (conversation is null || conversation.Status == ConversationStatus.Ended)
        {
            // A resend of a message stored before the chat ended still gets the stored message back.
            if (await ExistingAsync(conversationId, clientMessageId!, ct) is { } stored) return await ResentAsync(conversationId, stored);
            errors.AddKey("conversation", "Chat.Ended");
            return errors;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var original = text!.Trim();
        var message = new ChatMessage
        {
            ConversationId = conversationId, ClientMessageId = clientMessageId!, FromCustomer = fromCustomer, SenderName = senderName,
            // Visitor and agent alike: what is stored, shown and broadcast has personal numbers masked.
            Body = PersonalText.Keep(db, PersonalText.ChatMessage, PersonalText.ChatKey(conversationId, clientMessageId!), "body", original, now),
            AttachmentId = attachmentId, CreatedAt = now,
            AnswerClaimedAt = fromCustomer && conversation.Status == ConversationStatus.Bot ? now : null,
        };
        db.ChatMessages.Add(message);
        conversation.LastMessageAt = now;
        // From the save on, the work must finish even if the sender's connection drops now, so it no longer runs on the
        // caller's token (a hub call's token is the connection's) but until the host stops: a save cancelled after its
        // commit would leave a stored, claimed message that nothing answers.
        var work = lifetime.ApplicationStopping;
        try
        {
            await db.SaveChangesAsync(work);
        }
        catch (DbUpdateException e) when (DatabaseFailureLogging.IsUniqueViolation(e))
        {
            // The unique key (conversation, client message id) refused it: a resend after a dropped connection, or the same
            // message sent twice at once. It is kept once — found only now, so the common first send costs no lookup.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(conversationId, clientMessageId!, work) is { } existing) return await ResentAsync(conversationId, existing);
            throw;
        }
        var dto = ChatMessageDto.From(message);
        await hub.Clients.Group(Group(conversationId)).SendAsync("message", dto, work);
        if (fromCustomer && conversation.OffHours && conversation.Status != ConversationStatus.Bot && conversation.CustomerId is { } customerId
            && !UnprovenClaim(conversation))
        {
            await LeaveOnComplaintAsync(conversation, customerId, message, original, work);
        }
        if (message.AnswerClaimedAt is not null)
        {
            await AnswerOrReleaseAsync(conversation, message, original, work);
        }
        return dto;
    }

    /// <summary>A message stored before, sent again: returned as stored, and answered if it never was.</summary>
    private async Task<ChatMessageDto> ResentAsync(Guid conversationId, ChatMessageDto existing)
    {
        if (existing.FromCustomer) await AnswerIfUnansweredAsync(conversationId, existing.Id, lifetime.ApplicationStopping);
        return existing;
    }

    /// <summary>
    /// The answer to a stored visitor message that never got one, claimed with a conditional update so that two
    /// resends, or two instances, answer it once; a claim older than <see cref="AnswerRetryAfter"/> is taken over.
    /// </summary>
    private async Task AnswerIfUnansweredAsync(Guid conversationId, long messageId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - AnswerRetryAfter;
        var claimed = await db.ChatMessages
            .Where(m => m.Id == messageId && m.AnsweredAt == null && m.AnswerClaimedAt != null && m.AnswerClaimedAt < stale)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.AnswerClaimedAt, now), ct);
        if (claimed == 0) return;
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        var message = await db.ChatMessages.FirstAsync(m => m.Id == messageId, ct);
        if (conversation?.Status != ConversationStatus.Bot) return;
        var original = await PersonalText.OriginalAsync(db, protector, PersonalText.ChatMessage, PersonalText.ChatKey(conversationId, message.ClientMessageId), "body", ct);
        await AnswerOrReleaseAsync(conversation, message, original ?? message.Body, ct);
    }

    /// <summary>
    /// The assistant's turn; if it fails (a busy database, the host stopping) the claim is given up at once, so the
    /// widget's resend of the same message answers it rather than waiting out <see cref="AnswerRetryAfter"/>.
    /// </summary>
    private async Task AnswerOrReleaseAsync(Conversation conversation, ChatMessage question, string original, CancellationToken ct)
    {
        try
        {
            await AssistantTurnAsync(conversation, question, original, ct);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "The assistant's answer to chat message {MessageId} failed; the claim is released for a resend", question.Id);
            var released = clock.GetUtcNow().UtcDateTime - AnswerRetryAfter - TimeSpan.FromSeconds(1);
            await db.ChatMessages.Where(m => m.Id == question.Id && m.AnsweredAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.AnswerClaimedAt, released), CancellationToken.None);
            throw;
        }
    }

    /// <summary>The assistant answers; on hand-off the chat joins the human queue with the assistant's note for the agent.</summary>
    /// <param name="original">The message as written (the assistant reads a phone number left for a call-back from it; it is never stored in clear).</param>
    private async Task AssistantTurnAsync(Conversation conversation, ChatMessage question, string original, CancellationToken ct)
    {
        // Off-hours filing may have cleared the change tracker: the answer and the conversation must still be saved.
        if (db.Entry(conversation).State == EntityState.Detached) db.Conversations.Attach(conversation);
        if (db.Entry(question).State == EntityState.Detached) db.ChatMessages.Attach(question);
        var reply = await services.GetRequiredService<Assistant.AssistantBrain>().RespondAsync(conversation, question.Body, ct, original);
        var now = clock.GetUtcNow().UtcDateTime;
        var posted = reply.Messages.Select(body => ChatMessage.ByBot(conversation.Id, body, now)).ToList();
        db.ChatMessages.AddRange(posted);
        question.AnsweredAt = now;
        if (reply.HandOff is not null) conversation.Status = ConversationStatus.Waiting;
        // Outside service hours the assistant filed the complaint: what the visitor writes next goes onto it.
        if (reply.OnComplaint) conversation.OffHours = true;
        conversation.LastMessageAt = now;
        await db.SaveChangesAsync(ct);
        foreach (var m in posted) await hub.Clients.Group(Group(conversation.Id)).SendAsync("message", ChatMessageDto.From(m), ct);
        if (reply.HandOff is not null)
        {
            var dto = ConversationDto.From(conversation);
            await hub.Clients.Group(Group(conversation.Id)).SendAsync("status", dto, ct);
            if (!reply.OnComplaint) await hub.Clients.Group(AgentsGroup).SendAsync("queue", dto, ct);
        }
    }

    /// <summary>
    /// The visitor gave the phone or e-mail of a customer on record and has not proved it (no sign-in, no one-time code): nothing
    /// is written to that customer's complaints and nothing is sent to them on the visitor's word (anyone can type a phone).
    /// </summary>
    public static bool UnprovenClaim(Conversation conversation) => conversation.ClaimsExistingCustomer && conversation.VerifiedAt is null;

    /// <summary>Outside service hours what the visitor writes goes onto one complaint, so it is answered when we open.</summary>
    private async Task LeaveOnComplaintAsync(Conversation conversation, Guid customerId, ChatMessage message, string original, CancellationToken ct)
    {
        var result = await intake.AcceptAsync(new InboundMessage
        {
            Channel = TicketChannel.Chat,
            ExternalId = $"{conversation.Id:N}:{message.ClientMessageId}",
            From = new InboundSender(conversation.VisitorName, CustomerId: customerId),
            Subject = l["Chat.OffHoursSubject"],
            // The complaint masks it again and keeps its own encrypted original, so it can be revealed there.
            Body = original,
            KnownTicketId = conversation.TicketId,
        }, ct);
        if (conversation.TicketId is null && result.TicketId is { } ticketId)
        {
            db.ChangeTracker.Clear();
            await db.Conversations.Where(c => c.Id == conversation.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.TicketId, ticketId), ct);
            conversation.TicketId = ticketId;
            var note = AddSystem(conversation, l["Chat.LeftOnComplaint", result.TicketNumber!], clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            await hub.Clients.Group(Group(conversation.Id)).SendAsync("message", ChatMessageDto.From(note), ct);
        }
    }

    private async Task<ChatMessageDto?> ExistingAsync(Guid conversationId, string clientMessageId, CancellationToken ct) =>
        await db.ChatMessages.AsNoTracking().FirstOrDefaultAsync(m => m.ConversationId == conversationId && m.ClientMessageId == clientMessageId, ct)
            is { } message ? ChatMessageDto.From(message) : null;

    public async Task<IReadOnlyList<ChatMessageDto>> HistoryAsync(Guid conversationId, long afterId, CancellationToken ct) =>
        (await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == conversationId && m.Id > afterId)
            .OrderBy(m => m.Id).Take(500).ToListAsync(ct)).Select(ChatMessageDto.From).ToList();

    public async Task MarkReadAsync(Guid conversationId, long upTo, bool byCustomer, CancellationToken ct)
    {
        var updated = byCustomer
            ? await db.Conversations.Where(c => c.Id == conversationId && c.CustomerReadUpTo < upTo).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerReadUpTo, upTo), ct)
            : await db.Conversations.Where(c => c.Id == conversationId && c.AgentReadUpTo < upTo).ExecuteUpdateAsync(s => s.SetProperty(c => c.AgentReadUpTo, upTo), ct);
        if (updated > 0) await hub.Clients.Group(Group(conversationId)).SendAsync("read", new { conversationId, upTo, byCustomer }, ct);
    }

    public async Task<IReadOnlyList<ConversationDto>> QueueAsync(Actor agent, CancellationToken ct) =>
        (await db.Conversations.AsNoTracking()
            .Where(c => c.Status == ConversationStatus.Waiting && !c.OffHours || c.Status == ConversationStatus.Active && c.AgentId == agent.UserId)
            .OrderBy(c => c.StartedAt).Take(200).ToListAsync(ct)).Select(ConversationDto.From).ToList();

    /// <summary>An agent takes a waiting chat; only one agent can win it.</summary>
    public async Task<Outcome<ConversationDto>> AcceptAsync(Guid conversationId, Actor agent, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var taken = await db.Conversations.Where(c => c.Id == conversationId && c.Status == ConversationStatus.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversationStatus.Active).SetProperty(c => c.AgentId, agent.UserId)
                .SetProperty(c => c.AgentName, agent.Name).SetProperty(c => c.AcceptedAt, now), ct);
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        var errors = new ValidationErrors(l);
        if (conversation is null || taken == 0 && conversation.AgentId != agent.UserId)
        {
            errors.AddKey("conversation", "Chat.NotWaiting");
            return errors;
        }
        var dto = ConversationDto.From(conversation);
        if (taken > 0)
        {
            // The wait starts when the chat joined the human queue: at the start, or at the assistant's hand-off (its last message).
            var queuedAt = await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == conversationId && m.FromBot)
                .MaxAsync(m => (DateTime?)m.CreatedAt, ct) ?? conversation.StartedAt;
            Infrastructure.Observability.PayDeskTelemetry.QueueWait.Record(Math.Max(0, (now - queuedAt).TotalSeconds),
                new KeyValuePair<string, object?>("queue", "chat"));
            var joined = AddSystem(conversation, l["Chat.AgentJoined", agent.Name], now);
            await db.SaveChangesAsync(ct);
            await hub.Clients.Group(Group(conversationId)).SendAsync("message", ChatMessageDto.From(joined), ct);
            await hub.Clients.Group(Group(conversationId)).SendAsync("status", dto, ct);
            await hub.Clients.Group(AgentsGroup).SendAsync("queue", dto, ct);
        }
        return dto;
    }

    public static bool MayWork(Conversation conversation, Actor actor) =>
        conversation.AgentId == actor.UserId || actor.IsSupervisor;

    /// <summary>
    /// Reading a chat's transcript and its customer's context over the API: the agent who has it, a supervisor, or any agent
    /// while nobody has taken it yet (the queue shows it to all of them); not another agent's chat, as the hub refuses too.
    /// </summary>
    public static bool MayRead(Conversation conversation, Actor actor) =>
        MayWork(conversation, actor) || (actor.IsStaff && conversation.AgentId is null);

    /// <summary>Ends a chat; with <paramref name="openComplaint"/> the transcript becomes a complaint owned by the agent (首问负责制).</summary>
    public async Task<Outcome<ConversationDto>> EndAsync(Guid conversationId, Actor actor, bool openComplaint, string? subject, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.MaxLength("subject", subject, TicketRules.SubjectMax);
        var conversation = await FindAsync(conversationId, ct);
        if (conversation is null || conversation.Status == ConversationStatus.Ended) errors.AddKey("conversation", "Chat.Ended");
        else if (actor.IsStaff && !MayWork(conversation, actor) && conversation.Status == ConversationStatus.Active) errors.AddKey("conversation", "Chat.NotYours");
        if (openComplaint && conversation is { CustomerId: null }) errors.AddKey("openComplaint", "Chat.NoCustomer");
        // Anyone can type a customer's phone or e-mail: until the code sent to the record's phone is typed, the agent's
        // complaint would land on that customer's record (and their text messages) as the assistant's would.
        else if (openComplaint && conversation is not null && UnprovenClaim(conversation)) errors.AddKey("openComplaint", "Chat.UnprovenClaim");
        if (errors.Any) return errors;

        var now = clock.GetUtcNow().UtcDateTime;
        // Ended once: the agent and a supervisor watching (or the agent's second tab) ending it together both passed the check
        // above and each filed a complaint. The end is claimed in the database first, as taking a chat is; the loser is told.
        var before = (conversation!.Status, conversation.EndedAt);
        if (await db.Conversations.Where(c => c.Id == conversationId && c.Status != ConversationStatus.Ended)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ConversationStatus.Ended).SetProperty(c => c.EndedAt, now), ct) == 0)
        {
            errors.AddKey("conversation", "Chat.Ended");
            return errors;
        }
        ChatMessage bye;
        try
        {
            bye = await EndClaimedAsync(conversation, actor, openComplaint, subject, now, ct);
        }
        catch
        {
            // Nothing else was saved: the chat goes back to how it was, so it can be ended again.
            await db.Conversations.Where(c => c.Id == conversationId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, before.Status).SetProperty(c => c.EndedAt, before.EndedAt), CancellationToken.None);
            throw;
        }
        var dto = ConversationDto.From(conversation);
        await hub.Clients.Group(Group(conversationId)).SendAsync("message", ChatMessageDto.From(bye), ct);
        await hub.Clients.Group(Group(conversationId)).SendAsync("status", dto, ct);
        await hub.Clients.Group(AgentsGroup).SendAsync("queue", dto, ct);
        return dto;
    }

    /// <summary>The claimed end's work, saved together: the complaint or the transcript on the linked one, and the goodbye.</summary>
    private async Task<ChatMessage> EndClaimedAsync(Conversation conversation, Actor actor, bool openComplaint, string? subject, DateTime now, CancellationToken ct)
    {
        conversation.Status = ConversationStatus.Ended;
        conversation.EndedAt = now;
        var transcript = await TranscriptAsync(conversation.Id, ct);
        if (openComplaint && conversation.TicketId is null)
        {
            var customer = await db.Customers.FirstAsync(c => c.Id == conversation.CustomerId, ct);
            var ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle, customer, new CreateTicket.Draft(
                TicketChannel.Chat, string.IsNullOrWhiteSpace(subject) ? l["Chat.ComplaintSubject", conversation.VisitorName] : subject.Trim(),
                PayDesk.Infrastructure.Http.ClippedText.Head(transcript, TicketRules.DescriptionMax)), actor, now, ct);
            AssignOwner.FirstContact(db, ticket, actor, now, "chat");
            conversation.TicketId = ticket.Id;
        }
        else if (conversation.TicketId is { } ticketId && await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct) is { } linked)
        {
            // The transcript stays with the complaint it belongs to.
            AddTicketMessage.Add(db, linked, PayDesk.Infrastructure.Http.ClippedText.Head(transcript, AddTicketMessage.BodyMax),
                MessageVisibility.Internal, Actor.System, clock).Channel = TicketChannel.Chat;
        }
        var bye = AddSystem(conversation, l["Chat.EndedMessage"], now);
        await db.SaveChangesAsync(ct);
        return bye;
    }

    /// <summary>
    /// The transcript as written: the complaint masks it again on the way in and keeps this original
    /// encrypted, so its reveal shows what was said.
    /// </summary>
    private async Task<string> TranscriptAsync(Guid conversationId, CancellationToken ct)
    {
        var messages = await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == conversationId && !m.FromSystem).OrderBy(m => m.Id).ToListAsync(ct);
        var prefix = conversationId.ToString("N") + ":";
        var originals = (await db.Set<PersonalTextOriginal>().AsNoTracking()
                .Where(o => o.OwnerType == PersonalText.ChatMessage && o.OwnerKey.StartsWith(prefix)).OrderBy(o => o.Id).ToListAsync(ct))
            .GroupBy(o => o.OwnerKey).ToDictionary(g => g.Key, g => g.Last().Cipher);
        var text = new StringBuilder();
        // Times as the team reads them (the line calendar's zone), like every time on the complaint page.
        var calendar = calendars.Get(policy.Current.LineCalendar);
        foreach (var m in messages)
        {
            var body = originals.TryGetValue(PersonalText.ChatKey(conversationId, m.ClientMessageId), out var cipher) ? protector.Unprotect(cipher) : m.Body;
            text.Append('[').Append(calendar.ToLocal(m.CreatedAt).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append("] ").Append(m.SenderName).Append(": ").AppendLine(body);
        }
        return text.Length == 0 ? l["Chat.EmptyTranscript"] : text.ToString();
    }
}
