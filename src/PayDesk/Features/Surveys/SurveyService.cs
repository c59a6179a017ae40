using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Features.Notifications;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Surveys;

/// <summary>Sends satisfaction surveys after complaints, chats and calls, the NPS question on a schedule, and takes the answers.</summary>
internal sealed class SurveyService(AppDbContext db, Notifier notifier, SurveyLinks links, IOptions<SurveyOptions> options, TimeProvider clock)
{
    private readonly SurveyOptions _options = options.Value;

    public enum AnswerOutcome
    {
        Saved,
        NotFound,
        AlreadyAnswered,
        Expired,
        Invalid,
    }

    private Survey New(SurveyKind kind, SurveySubject subject, Guid customerId, Ticket? ticket = null,
        Guid? conversationId = null, Guid? callId = null, TicketChannel? channel = null, Guid? ownerId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new Survey
        {
            Kind = kind,
            Subject = subject,
            CustomerId = customerId,
            TicketId = ticket?.Id,
            TicketNumber = ticket?.Number,
            ConversationId = conversationId,
            CallId = callId,
            Channel = ticket?.Channel ?? channel,
            Category = ticket?.Category,
            OwnerId = ticket?.OwnerId ?? ownerId,
            Team = ticket?.Team,
            SentAt = now,
            ExpiresAt = now.AddDays(_options.ValidDays),
        };
    }

    /// <summary>The survey of a resolved or closed complaint, created and sent the first time it is asked for.</summary>
    public async Task<Survey?> EnsureForTicketAsync(Guid ticketId, CancellationToken ct)
    {
        var existing = await db.Surveys.FirstOrDefaultAsync(s => s.TicketId == ticketId, ct);
        if (existing is not null) return existing;
        var ticket = await db.Tickets.Include(t => t.Customer).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        // Duplicates closed into another complaint are surveyed through that one.
        if (ticket?.Customer is null || ticket.Status is not (TicketStatus.Resolved or TicketStatus.Closed) || ticket.MergedIntoId is not null) return null;
        var survey = New(SurveyKind.Csat, SurveySubject.Ticket, ticket.CustomerId, ticket);
        return await SendAsync(survey, ticket.Customer, ticket, ct) ? survey
            : await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.TicketId == ticketId, ct);
    }

    /// <summary>
    /// Stores the survey and queues the link on the customer's channels in one save; a survey another
    /// instance stored first (unique per complaint, chat and call) wins and this one is dropped.
    /// </summary>
    private async Task<bool> SendAsync(Survey survey, Customer customer, Ticket? ticket, CancellationToken ct)
    {
        db.Surveys.Add(survey);
        var template = survey.Kind == SurveyKind.Nps ? DefaultTemplates.Nps : DefaultTemplates.Survey;
        var values = ticket is null
            ? new Dictionary<string, string?> { ["customerName"] = customer.Name }
            : Notifier.ValuesFor(ticket, customer);
        values["surveyUrl"] = links.UrlFor(survey);
        // In-app notices only reach portal users; the link goes where the customer reads it.
        var channels = Notifier.DefaultChannels(customer);
        if (ticket is not null && notifier.ReplyChannels(customer, ticket).Contains(NotificationChannel.Social)) channels = [.. channels, NotificationChannel.Social];
        await notifier.QueueAsync(customer, ticket, template, values, Actor.System, ct, channels);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Surveys what is due: resolved complaints, ended chats and calls with a known customer, and the NPS schedule.</summary>
    public async Task<int> SendDueAsync(int batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddHours(-_options.ContactWindowHours);
        var sent = 0;
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed) && t.MergedIntoId == null
                && ((t.ResolvedAt != null && t.ResolvedAt >= since) || (t.ClosedAt != null && t.ClosedAt >= since))
                && !db.Surveys.Any(s => s.TicketId == t.Id))
            // Oldest first: a backlog larger than one batch is surveyed in the order the customers were served.
            .OrderBy(t => t.ResolvedAt ?? t.ClosedAt).ThenBy(t => t.Id)
            .Select(t => t.Id).Take(batch).ToListAsync(ct);
        foreach (var id in tickets)
        {
            if (await EnsureForTicketAsync(id, ct) is not null) sent++;
        }

        // Chats and calls that did not become complaints are surveyed on their own.
        var chats = await db.Conversations.AsNoTracking()
            .Where(c => c.EndedAt != null && c.EndedAt >= since && c.CustomerId != null && c.TicketId == null && c.AgentId != null
                // A visitor who gave an existing customer's contact and never proved it is not that customer: nothing is
                // sent to the customer on the visitor's word (Conversation.ClaimsExistingCustomer), a survey neither.
                && (!c.ClaimsExistingCustomer || c.VerifiedAt != null)
                && !db.Surveys.Any(s => s.ConversationId == c.Id))
            .OrderBy(c => c.EndedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.CustomerId, c.Channel, c.AgentId }).Take(batch).ToListAsync(ct);
        foreach (var c in chats)
        {
            var customer = await db.Customers.FindAsync([c.CustomerId!.Value], ct);
            if (customer is not null && await SendAsync(New(SurveyKind.Csat, SurveySubject.Chat, customer.Id, conversationId: c.Id, channel: c.Channel, ownerId: c.AgentId), customer, null, ct)) sent++;
        }
        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.EndedAt != null && c.EndedAt >= since && c.AnsweredAt != null && c.CustomerId != null && c.TicketId == null
                && !db.Surveys.Any(s => s.CallId == c.Id))
            .OrderBy(c => c.EndedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.CustomerId, c.AgentId }).Take(batch).ToListAsync(ct);
        foreach (var c in calls)
        {
            var customer = await db.Customers.FindAsync([c.CustomerId!.Value], ct);
            if (customer is not null && await SendAsync(New(SurveyKind.Csat, SurveySubject.Call, customer.Id, callId: c.Id, channel: TicketChannel.Phone, ownerId: c.AgentId), customer, null, ct)) sent++;
        }

        // NPS: customers with a recently resolved complaint who were not asked within the interval.
        var recent = now.AddDays(-_options.NpsRecentDays);
        var lastAsked = now.AddDays(-_options.NpsIntervalDays);
        var npsCustomers = await db.Tickets.AsNoTracking()
            .Where(t => t.ResolvedAt != null && t.ResolvedAt >= recent)
            .Select(t => t.CustomerId).Distinct()
            .Where(id => !db.Surveys.Any(s => s.CustomerId == id && s.Kind == SurveyKind.Nps && s.SentAt >= lastAsked))
            .OrderBy(id => id)
            .Take(batch).ToListAsync(ct);
        foreach (var id in npsCustomers)
        {
            var customer = await db.Customers.FindAsync([id], ct);
            if (customer is not null && await SendAsync(New(SurveyKind.Nps, SurveySubject.Relationship, id), customer, null, ct)) sent++;
        }
        return sent;
    }

    public async Task<Survey?> FindByTokenAsync(string token, CancellationToken ct) =>
        links.Read(token) is { } id ? await db.Surveys.FirstOrDefaultAsync(s => s.Id == id, ct) : null;

    /// <summary>Records the one answer a survey takes.</summary>
    public async Task<(AnswerOutcome Outcome, string? Field, string? ErrorKey)> AnswerAsync(Survey? survey, SurveyAnswer request, CancellationToken ct)
    {
        if (survey is null) return (AnswerOutcome.NotFound, null, null);
        if (survey.AnsweredAt is not null) return (AnswerOutcome.AlreadyAnswered, null, null);
        var now = clock.GetUtcNow().UtcDateTime;
        if (now > survey.ExpiresAt) return (AnswerOutcome.Expired, null, null);
        var (min, max) = survey.Scale;
        if (request.Score is null || request.Score < min || request.Score > max) return (AnswerOutcome.Invalid, "score", survey.Kind == SurveyKind.Nps ? "Survey.NpsRange" : "Survey.CsatRange");
        if (request.Comment is { Length: > 2000 }) return (AnswerOutcome.Invalid, "comment", "Validation.MaxLength");
        int? score = request.Score;
        bool? fcr = survey.Kind == SurveyKind.Csat ? request.FirstContactResolved : null;
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : Infrastructure.Security.PersonalNumbers.Mask(request.Comment.Trim()).Text;
        await using var tx = await db.BeginWriteAsync(ct);
        // Two answers racing: the row's answered time decides; the second finds it set.
        var updated = await db.Surveys.Where(s => s.Id == survey.Id && s.AnsweredAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.AnsweredAt, now).SetProperty(s => s.Score, score)
                .SetProperty(s => s.FirstContactResolved, fcr).SetProperty(s => s.Comment, comment), ct);
        if (updated == 0) return (AnswerOutcome.AlreadyAnswered, null, null);
        if (survey.TicketId is { } ticketId)
        {
            var ticket = await db.Tickets.FirstAsync(t => t.Id == ticketId, ct);
            Complaints.Timeline.Record(db, ticket, Complaints.TicketEventKind.Survey, Actor.System, now, comment, customerVisible: true,
                data: new System.Text.Json.Nodes.JsonObject { ["score"] = score, ["firstContactResolved"] = fcr });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        // The row was written above; the object only reports it.
        db.Entry(survey).State = EntityState.Detached;
        (survey.AnsweredAt, survey.Score, survey.FirstContactResolved, survey.Comment) = (now, score, fcr, comment);
        return (AnswerOutcome.Saved, null, null);
    }
}

/// <summary>The words a page shows for an answer that was not saved.</summary>
internal static class SurveyText
{
    public static string? Error((SurveyService.AnswerOutcome Outcome, string? Field, string? ErrorKey) answer, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) =>
        answer.Outcome == SurveyService.AnswerOutcome.Saved ? null : answer.Outcome switch
        {
            SurveyService.AnswerOutcome.Saved => "",
            SurveyService.AnswerOutcome.NotFound => l["Survey.Invalid"].Value,
            SurveyService.AnswerOutcome.AlreadyAnswered => l["Survey.AlreadyAnswered"].Value,
            SurveyService.AnswerOutcome.Expired => l["Survey.Expired"].Value,
            SurveyService.AnswerOutcome.Invalid => l[answer.ErrorKey!, 2000].Value,
            _ => throw new ArgumentOutOfRangeException(nameof(answer)),
        };
}
