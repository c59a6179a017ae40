using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Assistant;

/// <summary>The account flows: who the customer is (once per conversation), their own transactions to pick from, the payment system's answer.</summary>
internal sealed partial class AssistantBrain
{
    /// <summary>How far back the customer's own refunds and transactions are listed.</summary>
    public static readonly TimeSpan ListWindow = TimeSpan.FromDays(90);
    private const int ListMax = 5;

    /// <summary>
    /// Account flows: verify first, then the customer's own transactions to pick from, then the answer from the payment
    /// system. When the payment system does not answer, a person takes over (the question stays answered, not retried).
    /// </summary>
    private async Task<BotReply> ContinueAsync(Conversation c, string intent, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        try
        {
            return await ContinueWithPaymentsAsync(c, intent, facts, now, ct);
        }
        catch (PaymentSystemUnavailableException)
        {
            return await HandOffAsync(c, intent, 1, facts, "payments_down", l["Bot.HandOffPaymentsDown"], now, ct);
        }
    }

    private async Task<BotReply> ContinueWithPaymentsAsync(Conversation c, string intent, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        c.BotIntent = intent;
        if (c.VerifiedAt is null) return await StartVerificationAsync(c, now, facts, ct);
        var customer = await db.Customers.FirstAsync(x => x.Id == c.CustomerId, ct);
        if (FrozenIntents.Contains(intent))
        {
            var status = customer.AccountId is null ? null : await payments.GetAccountStatusAsync(customer.AccountId, ct);
            if (status is null) return await HandOffAsync(c, intent, 1, facts, "no_account", l["Bot.NoAccount"], now, ct);
            if (!status.Frozen) return new BotReply([l["Bot.NotFrozen"]]);
            c.BotStage = "await_unfreeze";
            return new BotReply([l["Bot.FrozenBecause", status.FrozenReason ?? l["Bot.ReasonUnknown"]], l["Bot.OfferUnfreeze"]]);
        }
        if (c.BotSerial is null) return await ListOwnAsync(c, customer, intent, now, ct);
        var transaction = await payments.FindTransactionAsync(c.BotSerial, ct);
        // Only the verified customer's own transactions are described; anything else is "not found".
        if (transaction is null || transaction.AccountId != customer.AccountId)
        {
            c.BotSerial = null;
            c.BotStage = "await_serial";
            return await FailedAsync(c, intent, 1, facts, l["Bot.SerialNotFound"], now, ct);
        }
        c.BotStage = null;
        return new BotReply([.. Describe(transaction, customer, now), l["Bot.AnythingElse"]]);
    }

    /// <summary>
    /// Instead of asking for a serial: the customer's own refunds (for a refund question) or recent transactions from
    /// the payment system, numbered, serials masked, amounts with their currency, times in the customer's zone.
    /// </summary>
    private async Task<BotReply> ListOwnAsync(Conversation c, Customers.Customer customer, string intent, DateTime now, CancellationToken ct)
    {
        var refunds = intent == "refund_status";
        IReadOnlyList<PaymentTransaction> recent = customer.AccountId is null ? [] : await payments.SearchAsync(customer.AccountId, now - ListWindow, now, ct);
        var candidates = (refunds
                ? recent.Where(t => t.Refund != RefundState.None).OrderBy(t => t.Refund == RefundState.Pending ? 0 : 1).ThenByDescending(t => t.OccurredAt)
                : recent.OrderByDescending(t => t.OccurredAt))
            .Take(ListMax).ToList();
        if (candidates.Count == 0)
        {
            c.BotStage = "await_serial";
            return new BotReply([l[refunds ? "Bot.NoRefundsListed" : "Bot.NoTransactionsListed", (int)ListWindow.TotalDays], l["Bot.AskSerial"]]);
        }
        if (candidates.Count == 1)
        {
            c.BotSerial = candidates[0].Serial;
            c.BotStage = null;
            return new BotReply([l[refunds ? "Bot.OneRefund" : "Bot.OneTransaction"], .. Describe(candidates[0], customer, now), l["Bot.AnythingElse"]]);
        }
        c.BotStage = "await_pick";
        c.BotChoices = string.Join("\n", candidates.Select(t => t.Serial));
        var zone = ZoneOf(customer);
        var lines = candidates.Select((t, i) => l["Bot.ListItem", i + 1, MaskSerial(t.Serial), t.Merchant, Money.Show(t.Amount, t.Currency),
            Local(t.OccurredAt, zone), refunds ? l[$"Bot.RefundState.{t.Refund}"].Value : l[$"PaymentStatus.{t.Status}"].Value].Value);
        return new BotReply([$"{l[refunds ? "Bot.PickRefund" : "Bot.PickTransaction"]}\n{string.Join("\n", lines)}"]);
    }

    private List<string> Describe(PaymentTransaction t, Customers.Customer customer, DateTime now)
    {
        var zone = ZoneOf(customer);
        var refund = t.RefundAmount ?? t.Amount;
        return
        [
            l["Bot.Transaction", MaskSerial(t.Serial), t.Merchant, Money.Show(t.Amount, t.Currency), l[$"PaymentStatus.{t.Status}"].Value, Local(t.OccurredAt, zone)],
            t.Refund switch
            {
                RefundState.None => l["Bot.NoRefund"],
                // A date already gone is not a promise: the customer is told it is late and how to reach a person (it said
                // "预计 2026-11-08 前到账" in December).
                RefundState.Pending when t.RefundExpectedBy is { } by && by < now =>
                    l["Bot.RefundOverdue", Money.Show(refund, t.Currency), Day(by, zone)],
                RefundState.Pending => l["Bot.RefundPending", Money.Show(refund, t.Currency),
                    t.RefundExpectedBy is { } by ? Day(by, zone) : "—"],
                RefundState.Completed => l["Bot.RefundDone", Money.Show(refund, t.Currency)],
                RefundState.Rejected => l["Bot.RefundRejected"],
            },
        ];
    }

    /// <summary>Enough of a serial to recognise it, not enough to quote it elsewhere: T2026****0001.</summary>
    public static string MaskSerial(string serial) => serial.Length > 9 ? serial[..5] + "****" + serial[^4..] : serial;

    private static string Day(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private TimeZoneInfo ZoneOf(Customers.Customer customer) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(customer.TimeZone, out var zone) ? zone : LineCalendar.Zone;

    private async Task<BotReply> StartVerificationAsync(Conversation c, DateTime now, ExtractedFacts facts, CancellationToken ct)
    {
        var customer = c.CustomerId is { } id ? await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (customer?.PhoneHash is null)
        {
            c.BotStage = null;
            return new BotReply([l["Bot.NeedSignIn"]]);
        }
        // Asked once per conversation: a code already on its way is not sent again.
        // The record's phone, masked, only to a visitor who typed that phone (or signed in): an e-mail must not reveal it.
        var to = c.ContactMasked == customer.PhoneMasked || c.VerifiedBy == "session" ? customer.PhoneMasked! : l["Bot.BoundPhone"].Value;
        if (c.BotStage == "await_code") return new BotReply([l["Bot.CodeAlreadySent", to]]);
        var code = await codes.IssueAsync(OneTimeCodePurpose.AssistantVerification, CodeSubject(c), ct);
        if (code is null)
        {
            c.BotStage = null;
            return new BotReply([l["Verification.TooMany"]]);
        }
        c.BotStage = "await_code";
        await notifier.QueueAsync(customer, DefaultTemplates.VerificationCode, new Dictionary<string, string?>(), Actor.System, ct,
            [NotificationChannel.Sms], secret: code);
        return new BotReply([l["Bot.CodeSent", to]]);
    }

    // Codes are counted per customer, not per chat: a new chat with someone's phone must not buy five more guesses.
    private static string CodeSubject(Conversation c) => "customer:" + c.CustomerId?.ToString("N");

    private async Task<BotReply> CheckCodeAsync(Conversation c, string text, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        var code = new string(text.Where(char.IsAsciiDigit).ToArray());
        // Attempts, expiry and single use are counted on the server, per conversation (one_time_codes).
        var check = await codes.CheckAsync(OneTimeCodePurpose.AssistantVerification, CodeSubject(c), code, ct);
        if (check.Outcome == CodeCheck.Dead)
        {
            c.BotStage = null;
            c.BotPending = null;
            return new BotReply([l["Bot.CodeExpired"]]);
        }
        if (check.Outcome == CodeCheck.Wrong)
        {
            if (check.AttemptsLeft <= 0)
            {
                c.BotPending = null;
                return await HandOffAsync(c, c.BotIntent ?? "", 1, facts, "verification_failed", l["Bot.CodeLocked"], now, ct);
            }
            return new BotReply([l["Bot.WrongCode", check.AttemptsLeft]]);
        }
        c.VerifiedAt = now;
        c.VerifiedBy = "sms_code";
        c.BotStage = null;
        var next = c.BotPending is { } pending ? await ResumeAsync(c, pending, now, ct) : await ContinueAsync(c, c.BotIntent!, facts, now, ct);
        return next with { Messages = [l["Bot.Verified"], .. next.Messages] };
    }

    // What waits in Conversation.BotPending for the one-time code: the action, then its words (or the hand-off's reason).
    private const string PendingFile = "file:";
    private const string PendingCallback = "callback:";
    private const string PendingOffHours = "offhours:";

    /// <summary>
    /// The contact the visitor gave is a customer's on record and unproven: the complaint, call-back or message left waits for
    /// the one-time code sent to the record's phone (anyone can type a phone number; its owner must not receive complaints
    /// filed in their name, or the company's text messages quoting a stranger's words).
    /// </summary>
    private async Task<BotReply> ProveFirstAsync(Conversation c, string pending, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        c.BotPending = PayDesk.Infrastructure.Http.ClippedText.Head(pending, Channels.Chat.ChatService.TextMax);
        var reply = await StartVerificationAsync(c, now, facts, ct);
        if (c.BotStage != "await_code") c.BotPending = null;
        return reply;
    }

    private async Task<BotReply> ResumeAsync(Conversation c, string pending, DateTime now, CancellationToken ct)
    {
        c.BotPending = null;
        if (pending.StartsWith(PendingOffHours, StringComparison.Ordinal)) return await OffHoursAsync(c, pending[PendingOffHours.Length..], now, ct);
        var callback = pending.StartsWith(PendingCallback, StringComparison.Ordinal);
        var text = callback ? pending[PendingCallback.Length..] : pending[PendingFile.Length..];
        var facts = Entities.Extract(text, ServiceTime.DateOf(now));
        return callback ? await ScheduleCallbackAsync(c, text, facts, now, ct) : await FileAsync(c, TicketCategory.Other, Subject(text), text, facts, now, ct);
    }

    private static VerificationMethod MethodOf(Conversation c) => c.VerifiedBy == "session" ? VerificationMethod.PortalSession : VerificationMethod.SmsCode;

    private async Task<BotReply> FileAsync(Conversation c, TicketCategory category, string subject, string description, ExtractedFacts facts, DateTime now, CancellationToken ct) =>
        await OpenAsync(c, category, subject, description, facts, now, ct) is { } ticket ? new BotReply([l["Bot.Filed", ticket.Number]]) : new BotReply([l["Bot.NeedContact"]]);

    private async Task<Ticket?> OpenAsync(Conversation c, TicketCategory category, string subject, string description, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        var customer = c.CustomerId is { } id ? await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (customer is null) return null;
        var ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle, customer, new CreateTicket.Draft(
            c.Channel, subject, description, category, Amount: facts.Amount, Currency: facts.Amount is null ? null : "CNY",
            TransactionId: c.BotSerial, OccurredAt: facts.Date?.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc)), Actor.System, now, ct);
        if (c.VerifiedAt is { } verifiedAt) RecordVerification.Apply(db, ticket, MethodOf(c), Actor.System, verifiedAt, now);
        c.TicketId ??= ticket.Id;
        return ticket;
    }

    /// <summary>回电: a complaint with a callback in the next half hour of service time, to the bound phone.</summary>
    private async Task<BotReply> ScheduleCallbackAsync(Conversation c, string text, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        var customer = c.CustomerId is { } id ? await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (customer?.PhoneHash is null) return await HandOffAsync(c, "schedule_callback", 1, facts, "callback", l["Bot.HandOffCallback"], now, ct);
        var ticket = (await OpenAsync(c, TicketCategory.Consultation, l["Bot.CallbackSubject"], text, facts, now, ct))!;
        var due = LineCalendar.Add(now, TimeSpan.FromMinutes(30));
        ScheduleCallback.Add(db, ticket, due, l["Bot.CallbackNote"], Actor.System, now);
        return new BotReply([l["Bot.Filed", ticket.Number], l["Bot.CallbackBooked", When(due), customer.PhoneMasked!]]);
    }
}
