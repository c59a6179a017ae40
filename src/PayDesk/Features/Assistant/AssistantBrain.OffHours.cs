using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Assistant;

/// <summary>
/// A hand-off while nobody is answering (nights, weekends, holidays of the line calendar): the customer is told when
/// people are back, the complaint is filed with the conversation so far, and a customer with a phone picks a
/// call-back time in service hours. A visitor nobody knows is asked for a phone or e-mail first — only then.
/// </summary>
internal sealed partial class AssistantBrain
{
    private static readonly string[] No = ["不用", "不需要", "不要", "算了", "no", "no thanks", "not needed", "nope"];

    /// <summary>Call-back times offered: this much service time after now, each rounded up to the half hour.</summary>
    private static readonly TimeSpan[] CallbackOffsets = [TimeSpan.FromMinutes(30), TimeSpan.FromHours(3), TimeSpan.FromHours(6)];

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    private Sla.BusinessCalendar LineCalendar => calendars.Get(policy.Current.LineCalendar);

    /// <summary>A time in the line calendar's zone, as the customer reads it ("10月2日 09:30 (UTC+08:00)").</summary>
    private string When(DateTime utc)
    {
        var local = LineCalendar.ToLocal(utc);
        var offset = local.Offset;
        return local.ToString(l["Bot.TimeFormat"], CultureInfo.CurrentUICulture)
            + $" (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})";
    }

    /// <summary>When people answer again: the next opening of the line calendar.</summary>
    private DateTime BackAt(DateTime now) => LineCalendar.Add(now, TimeSpan.Zero);

    private async Task<BotReply> OffHoursAsync(Conversation c, string reason, DateTime now, CancellationToken ct)
    {
        var back = l["Bot.OffHoursBack", When(BackAt(now))].Value;
        var first = reason == "fraud" ? [back, l["Bot.FraudAdvice"].Value] : new List<string> { back };
        // Just added from the contact the visitor left (not saved yet), or on record.
        var customer = c.CustomerId is { } id ? db.Customers.Local.FirstOrDefault(x => x.Id == id) ?? await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (customer is null && c.Channel != TicketChannel.Chat)
        {
            // WeChat, Weibo, the app: the channel files it under the user's channel identity and replies there.
            return new BotReply([.. first, l["Bot.OffHoursViaChannel"]], reason);
        }
        if (customer is null)
        {
            c.BotStage = "await_contact";
            c.BotChoices = reason;
            c.BotFailures = 0;
            return new BotReply([.. first, l["Bot.OffHoursNeedContact"]]);
        }
        if (Channels.Chat.ChatService.UnprovenClaim(c))
        {
            var proof = await ProveFirstAsync(c, PendingOffHours + reason, new ExtractedFacts(null, null, null, null, null), now, ct);
            return proof with { Messages = [.. first, .. proof.Messages] };
        }
        var ticket = await FileConversationAsync(c, customer, reason, now, ct);
        var messages = new List<string>(first) { l["Bot.OffHoursFiled", ticket.Number] };
        if (customer.PhoneHash is null) return new BotReply([.. messages, l["Bot.OffHoursNoPhone"]], reason) { OnComplaint = true };
        var slots = CallbackSlots(now);
        c.BotStage = "await_slot";
        c.BotChoices = string.Join("\n", slots.Select(s => s.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture)));
        c.BotFailures = 0;
        messages.Add(l["Bot.OfferCallback", customer.PhoneMasked!] + "\n" + string.Join("\n", slots.Select((s, i) => $"{i + 1}. {When(s)}")));
        return new BotReply(messages);
    }

    /// <summary>Times in service hours, at least half an hour after people are back, on the half hour.</summary>
    private List<DateTime> CallbackSlots(DateTime now)
    {
        var calendar = LineCalendar;
        var slots = new List<DateTime>();
        foreach (var offset in CallbackOffsets)
        {
            var due = calendar.Add(now, offset);
            var local = calendar.ToLocal(due);
            var over = TimeSpan.FromTicks(local.TimeOfDay.Ticks % TimeSpan.FromMinutes(30).Ticks);
            if (over > TimeSpan.Zero) due += TimeSpan.FromMinutes(30) - over;
            if (!calendar.IsOpen(due)) due = calendar.Add(due, TimeSpan.Zero);
            if (!slots.Contains(due)) slots.Add(due);
        }
        return slots;
    }

    private static bool HasContact(string clear, DateTime now) =>
        Entities.Extract(clear, DateOnly.FromDateTime(now)).Phone is not null || Email().IsMatch(clear);

    /// <summary>The visitor left a phone or e-mail for the complaint: the customer is found or added, then the hand-off goes on.</summary>
    private async Task<BotReply> TakeContactAsync(Conversation c, string clear, string lower, DateTime now, CancellationToken ct)
    {
        var phone = Entities.Extract(clear, DateOnly.FromDateTime(now)).Phone;
        var email = Email().Match(clear) is { Success: true } m ? m.Value.ToLowerInvariant() : null;
        if (phone is null && email is null)
        {
            if (No.Any(w => lower.Trim('。', '.', '!', '！', ' ') == w) || ++c.BotFailures >= 2)
            {
                c.BotStage = null;
                c.BotChoices = null;
                c.BotFailures = 0;
                return new BotReply([l["Bot.NoContactNoComplaint", When(BackAt(now))]]);
            }
            return new BotReply([l["Bot.NeedContactAgain"]]);
        }
        var found = await directory.FindAsync(phone, email, ct);
        var customer = found ?? directory.Add(c.VisitorName, phone, null, email, Customers.CustomerKind.Consumer, locale: c.Locale);
        c.ClaimsExistingCustomer = found is not null && c.VerifiedBy != "session";
        c.CustomerId = customer.Id;
        c.ContactMasked = phone is not null ? PersonalData.Mask(PersonalDataKind.Phone, phone) : PersonalData.MaskEmail(email!);
        var reason = c.BotChoices ?? "asked";
        c.BotStage = null;
        c.BotChoices = null;
        return await OffHoursAsync(c, reason, now, ct);
    }

    /// <summary>The customer picks one of the offered call-back times, declines, or says more (which goes onto the complaint).</summary>
    private async Task<BotReply> PickCallbackAsync(Conversation c, string text, string lower, DateTime now, CancellationToken ct)
    {
        var slots = Choices(c).Select(s => DateTime.ParseExact(s, "yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)).ToList();
        var ticket = c.TicketId is { } id ? await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct) : null;
        var customer = c.CustomerId is { } cid ? await db.Customers.FirstOrDefaultAsync(x => x.Id == cid, ct) : null;
        if (ticket is null || customer is null)
        {
            c.BotStage = null;
            c.BotChoices = null;
            return new BotReply([l["Bot.NotUnderstood"]]);
        }
        var done = new BotReply([], "off_hours") { OnComplaint = true };
        if (NumberedChoice.Pick(text, slots.Select((s, i) => (i + 1).ToString(CultureInfo.InvariantCulture)).ToList()) is { } picked
            && slots[picked] > now)
        {
            c.BotStage = null;
            c.BotChoices = null;
            ScheduleCallback.Add(db, ticket, slots[picked], l["Bot.CallbackNote"], Actor.System, now);
            return done with { Messages = [l["Bot.CallbackBooked", When(slots[picked]), customer.PhoneMasked!], l["Bot.OffHoursAfter", ticket.Number]] };
        }
        if (No.Any(w => lower.Trim('。', '.', '!', '！', ' ') == w) || c.BotFailures >= 1)
        {
            if (!No.Any(w => lower.Trim('。', '.', '!', '！', ' ') == w)) AddFromCustomer(c, ticket, text);
            c.BotStage = null;
            c.BotChoices = null;
            return done with { Messages = [l["Bot.NoCallback", ticket.Number]] };
        }
        // Whatever else the customer says now is about the complaint: it goes there, and the choice stays open once more.
        AddFromCustomer(c, ticket, text);
        c.BotFailures++;
        return new BotReply([l["Bot.AddedToComplaint", ticket.Number], l["Bot.PickCallbackAgain"]]);
    }

    private void AddFromCustomer(Conversation c, Ticket ticket, string text) =>
        AddTicketMessage.Add(db, ticket, text, MessageVisibility.Public, new Actor(null, c.VisitorName, new HashSet<string> { Roles.Customer }, c.CustomerId), clock)
            .Channel = c.Channel;

    /// <summary>
    /// The complaint made from this conversation: the customer's problem (not the words that asked for a person) as
    /// its subject, what was said as its description, the assistant's note for the agent, and how the customer was verified.
    /// </summary>
    private async Task<Ticket> FileConversationAsync(Conversation c, Customers.Customer customer, string reason, DateTime now, CancellationToken ct)
    {
        var note = c.HandOffNote + "；" + l["Bot.Note.OffHours"];
        if (c.TicketId is { } existing && await db.Tickets.FirstOrDefaultAsync(t => t.Id == existing && t.Status != TicketStatus.Closed, ct) is { } open)
        {
            AddTicketMessage.Add(db, open, note, MessageVisibility.Internal, Actor.System, clock);
            return open;
        }
        var said = (await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == c.Id).OrderBy(m => m.Id).ToListAsync(ct))
            .Concat(db.ChatMessages.Local.Where(m => m.ConversationId == c.Id && m.Id == 0))
            .Where(m => !m.FromSystem).ToList();
        var subject = SocialAssistant.ProblemOf(said.Where(m => m.FromCustomer).Select(m => m.Body).ToList()) ?? l["Bot.OffHoursSubject"];
        var transcript = string.Join("\n", said.Select(m => $"{(m.FromCustomer ? c.VisitorName : m.SenderName)}: {m.Body}"));
        if (transcript.Length > TicketRules.DescriptionMax) transcript = PayDesk.Infrastructure.Http.ClippedText.Tail(transcript, TicketRules.DescriptionMax);
        var (category, priority) = Suggest(c.BotIntent ?? "", reason);
        var ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle, customer, new CreateTicket.Draft(
            c.Channel, subject, transcript.Length == 0 ? subject : transcript, category == TicketCategory.Other ? null : category,
            Priority: priority == TicketPriority.Normal ? null : priority, TransactionId: c.BotSerial), Actor.System, now, ct);
        if (c.VerifiedAt is { } verifiedAt) RecordVerification.Apply(db, ticket, MethodOf(c), Actor.System, verifiedAt, now);
        AddTicketMessage.Add(db, ticket, note, MessageVisibility.Internal, Actor.System, clock);
        c.TicketId = ticket.Id;
        return ticket;
    }
}
