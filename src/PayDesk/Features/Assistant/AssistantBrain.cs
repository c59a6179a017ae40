using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Knowledge;
using PayDesk.Features.Notifications;
using PayDesk.Features.Payments;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Assistant;

/// <summary>What the assistant says back, and whether it hands the chat to a person (and why).</summary>
internal sealed record BotReply(IReadOnlyList<string> Messages, string? HandOff = null);

/// <summary>
/// The assistant in a chat (智能客服): answers common questions from the knowledge base, runs the
/// guided flows that touch the account (transaction or refund status, frozen account and unfreeze,
/// filing a complaint) only after the visitor proves with a one-time code sent to the bound phone,
/// and hands over to a person when asked, when it does not understand twice, or on anger or fraud.
/// Every figure it states comes from the payment system; it never invents amounts, dates or outcomes.
/// </summary>
internal sealed class AssistantBrain(
    AppDbContext db, AssistantModel model, SearchArticles search, IPaymentSystem payments, Notifier notifier, OneTimeCodes codes,
    TicketNumberAllocator numbers, Complaints.LifecycleServices lifecycle, IOptions<AssistantOptions> options, GroundedPhrasing phrasing,
    Sla.CalendarRegistry calendars, Sla.SlaPolicyStore policy,
    IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const string BotName = "PayDesk 助手";
    private static readonly string[] AccountIntents = ["refund_status", "transaction_lookup", "payment_failed_debited", "duplicate_debit"];
    private static readonly string[] FrozenIntents = ["account_frozen", "unfreeze_request"];
    private static readonly string[] FraudWords =
        ["盗刷", "被盗", "不是我本人", "不是本人", "诈骗", "骗子", "没授权", "未授权", "未经授权", "陌生扣款", "unauthori", "fraud", "stolen", "scam",
         "didn't make", "did not make", "didn't authori", "did not authori"];
    private static readonly string[] AngerWords =
        ["投诉你们", "垃圾", "太差", "气死", "什么破", "！！", "!!", "升级处理", "ridiculous", "useless", "terrible", "angry", "worst", "escalat", "fix this now"];
    private static readonly string[] Closing = ["谢谢", "多谢", "再见", "拜拜", "thank", "bye"];
    private static readonly string[] Yes = ["是", "好", "好的", "申请", "需要", "对", "确认", "yes", "ok", "okay", "sure", "please", "y"];

    public async Task<BotReply> RespondAsync(Conversation c, string text, CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(c.Locale is "en" ? "en" : "zh-CN");
        try
        {
            return await RespondInCultureAsync(c, text.Trim(), ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private async Task<BotReply> RespondInCultureAsync(Conversation c, string text, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var facts = Entities.Extract(text, DateOnly.FromDateTime(now.AddHours(8)));
        if (facts.TransactionSerial is { } serial) c.BotSerial = serial;
        var (intent, confidence) = model.Intents.Classify(text);
        var lower = text.ToLowerInvariant();

        if (FraudWords.Any(lower.Contains)) return HandOff(c, intent, confidence, facts, "fraud", l["Bot.HandOffFraud"]);
        if (intent == "human_agent" && confidence >= 0.2) return HandOff(c, intent, confidence, facts, "asked", l["Bot.HandOffAsked"]);
        // An upset customer gets a person at once: a bot that keeps answering makes it worse.
        if (AngerWords.Any(lower.Contains)) return HandOff(c, intent, confidence, facts, "anger", l["Bot.HandOffAnger"]);

        switch (c.BotStage)
        {
            case "await_code":
                return await CheckCodeAsync(c, text, facts, now, ct);
            case "await_serial" when c.BotSerial is not null:
                c.BotStage = null;
                return await ContinueAsync(c, c.BotIntent!, facts, now, ct);
            case "await_serial":
                return Failed(c, intent, confidence, facts, l["Bot.AskSerialAgain"]);
            case "await_unfreeze" when Yes.Contains(lower.Trim('。', '.', '!', '！')):
                c.BotStage = null;
                return await FileAsync(c, TicketCategory.AccountFrozen, l["Bot.UnfreezeSubject"], l["Bot.UnfreezeDescription"], facts, now, ct);
        }

        if (confidence < options.Value.LowConfidence && Closing.Any(lower.Contains))
        {
            c.BotFailures = 0;
            return new BotReply([lower.Contains("bye") || lower.Contains("再见") || lower.Contains("拜拜") ? l["Bot.Goodbye"] : l["Bot.Thanks"]]);
        }
        if (confidence < options.Value.LowConfidence || intent == "out_of_scope")
        {
            return Failed(c, intent, confidence, facts, intent == "out_of_scope" ? l["Bot.OutOfScope"] : l["Bot.NotUnderstood"]);
        }
        c.BotFailures = 0;
        c.BotIntent = intent;
        return intent switch
        {
            "greeting" => new BotReply([l["Bot.Greeting"]]),
            "thanks" => new BotReply([l["Bot.Thanks"]]),
            "goodbye" => new BotReply([l["Bot.Goodbye"]]),
            "schedule_callback" => await ScheduleCallbackAsync(c, text, facts, now, ct),
            "file_complaint" => await FileAsync(c, TicketCategory.Other, Subject(text), text, facts, now, ct),
            _ when AccountIntents.Contains(intent) || FrozenIntents.Contains(intent) => await ContinueAsync(c, intent, facts, now, ct),
            _ => await AnswerFromArticlesAsync(c, text, ct),
        };
    }

    private BotReply Failed(Conversation c, string intent, double confidence, ExtractedFacts facts, string message)
    {
        c.BotFailures++;
        return c.BotFailures >= 2
            ? HandOff(c, intent, confidence, facts, "not_understood", l["Bot.HandOffNotUnderstood"])
            : new BotReply([message]);
    }

    /// <summary>Account flows: verify first, then the transaction number, then the answer from the payment system.</summary>
    private async Task<BotReply> ContinueAsync(Conversation c, string intent, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        c.BotIntent = intent;
        if (c.VerifiedAt is null) return await StartVerificationAsync(c, now, facts, ct);
        var customer = await db.Customers.FirstAsync(x => x.Id == c.CustomerId, ct);
        if (FrozenIntents.Contains(intent))
        {
            var status = customer.AccountId is null ? null : await payments.GetAccountStatusAsync(customer.AccountId, ct);
            if (status is null) return HandOff(c, intent, 1, facts, "no_account", l["Bot.NoAccount"]);
            if (!status.Frozen) return new BotReply([l["Bot.NotFrozen"]]);
            c.BotStage = "await_unfreeze";
            return new BotReply([l["Bot.FrozenBecause", status.FrozenReason ?? l["Bot.ReasonUnknown"]], l["Bot.OfferUnfreeze"]]);
        }
        if (c.BotSerial is null)
        {
            c.BotStage = "await_serial";
            return new BotReply([l["Bot.AskSerial"]]);
        }
        var transaction = await payments.FindTransactionAsync(c.BotSerial, ct);
        // Only the verified customer's own transactions are described; anything else is "not found".
        if (transaction is null || transaction.AccountId != customer.AccountId)
        {
            c.BotSerial = null;
            c.BotStage = "await_serial";
            return Failed(c, intent, 1, facts, l["Bot.SerialNotFound"]);
        }
        c.BotStage = null;
        var messages = new List<string>
        {
            l["Bot.Transaction", transaction.Serial, transaction.Merchant, transaction.Amount.ToString("0.00", CultureInfo.InvariantCulture), transaction.Currency,
                l[$"PaymentStatus.{transaction.Status}"].Value,
                transaction.OccurredAt.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)],
        };
        messages.Add(transaction.Refund switch
        {
            RefundState.None => l["Bot.NoRefund"],
            RefundState.Pending => l["Bot.RefundPending", (transaction.RefundAmount ?? transaction.Amount).ToString("0.00", CultureInfo.InvariantCulture),
                transaction.RefundExpectedBy?.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"],
            RefundState.Completed => l["Bot.RefundDone", (transaction.RefundAmount ?? transaction.Amount).ToString("0.00", CultureInfo.InvariantCulture)],
            RefundState.Rejected => l["Bot.RefundRejected"],
        });
        messages.Add(l["Bot.AnythingElse"]);
        return new BotReply(messages);
    }

    private async Task<BotReply> StartVerificationAsync(Conversation c, DateTime now, ExtractedFacts facts, CancellationToken ct)
    {
        var customer = c.CustomerId is { } id ? await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (customer?.PhoneHash is null)
        {
            c.BotStage = null;
            return new BotReply([l["Bot.NeedSignIn"]]);
        }
        var code = await codes.IssueAsync(OneTimeCodePurpose.AssistantVerification, CodeSubject(c), ct);
        if (code is null)
        {
            c.BotStage = null;
            return new BotReply([l["Verification.TooMany"]]);
        }
        c.BotStage = "await_code";
        await notifier.QueueAsync(customer, DefaultTemplates.VerificationCode, new Dictionary<string, string?>(), Actor.System, ct,
            [NotificationChannel.Sms], secret: code);
        return new BotReply([l["Bot.CodeSent", customer.PhoneMasked!]]);
    }

    // Codes are counted per customer, not per chat: a new chat with someone's phone must not buy five more guesses.
    private static string CodeSubject(Conversation c) => "customer:" + c.CustomerId?.ToString("N");

    private async Task<BotReply> CheckCodeAsync(Conversation c, string text, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        var code = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (code.Length != 6) return new BotReply([l["Bot.EnterCode"]]);
        // Attempts, expiry and single use are counted on the server, per conversation (one_time_codes).
        var check = await codes.CheckAsync(OneTimeCodePurpose.AssistantVerification, CodeSubject(c), code, ct);
        if (check.Outcome == CodeCheck.Dead)
        {
            c.BotStage = null;
            return new BotReply([l["Bot.CodeExpired"]]);
        }
        if (check.Outcome == CodeCheck.Wrong)
        {
            if (check.AttemptsLeft <= 0) return HandOff(c, c.BotIntent ?? "", 1, facts, "verification_failed", l["Bot.CodeLocked"]);
            return new BotReply([l["Bot.WrongCode", check.AttemptsLeft]]);
        }
        c.VerifiedAt = now;
        c.BotStage = null;
        var next = await ContinueAsync(c, c.BotIntent!, facts, now, ct);
        return next with { Messages = [l["Bot.Verified"], .. next.Messages] };
    }

    private async Task<BotReply> FileAsync(Conversation c, TicketCategory category, string subject, string description, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        var customer = c.CustomerId is { } id ? await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (customer is null) return new BotReply([l["Bot.NeedContact"]]);
        var ticket = await CreateTicket.OpenAsync(db, numbers, lifecycle.Observers, customer, new CreateTicket.Draft(
            TicketChannel.Chat, subject, description, category, Amount: facts.Amount, Currency: facts.Amount is null ? null : "CNY",
            TransactionId: c.BotSerial, OccurredAt: facts.Date?.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc)), Actor.System, now, ct);
        if (c.VerifiedAt is { } verifiedAt)
        {
            RecordVerification.Apply(db, ticket, Complaints.VerificationMethod.SmsCode, Actor.System, verifiedAt, now);
        }
        c.TicketId ??= ticket.Id;
        return new BotReply([l["Bot.Filed", ticket.Number]]);
    }

    /// <summary>回电: a complaint with a callback in the next half hour of service time, to the bound phone.</summary>
    private async Task<BotReply> ScheduleCallbackAsync(Conversation c, string text, ExtractedFacts facts, DateTime now, CancellationToken ct)
    {
        var customer = c.CustomerId is { } id ? await db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (customer?.PhoneHash is null) return HandOff(c, "schedule_callback", 1, facts, "callback", l["Bot.HandOffCallback"]);
        var filed = await FileAsync(c, TicketCategory.Consultation, l["Bot.CallbackSubject"], text, facts, now, ct);
        var calendar = calendars.Get(policy.Current.LineCalendar);
        var due = calendar.Add(now, TimeSpan.FromMinutes(30));
        db.Callbacks.Add(new Complaints.Callback
        {
            TicketId = c.TicketId!.Value, DueAt = due, Note = l["Bot.CallbackNote"], Status = Complaints.CallbackStatus.Scheduled, CreatedAt = now,
        });
        return new BotReply([.. filed.Messages, l["Bot.CallbackBooked", calendar.ToLocal(due).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), customer.PhoneMasked!]]);
    }

    private async Task<BotReply> AnswerFromArticlesAsync(Conversation c, string text, CancellationToken ct)
    {
        var hits = await search.ArticlesAsync(text, includeInternal: false, c.Locale, null, 2, ct);
        if (hits.Count == 0) return Failed(c, c.BotIntent ?? "", 0, new ExtractedFacts(null, null, null, null, null), l["Bot.NotUnderstood"]);
        var top = hits[0];
        var article = await db.Articles.AsNoTracking().FirstAsync(a => a.Id == top.Id, ct);
        var plain = ArticleMarkdown.ToPlainText(article.PublishedBody ?? "");
        var link = $"/help/articles/{top.Slug}?culture={top.Locale}";
        if (phrasing.Enabled && await phrasing.PhraseAsync(text, top.Title, plain, c.Locale, ct) is { } phrased)
        {
            return new BotReply([$"{phrased}\n{link}", l["Bot.DidThatHelp"]]);
        }
        return new BotReply([$"{top.Title}\n{ArticleMarkdown.Gist(plain)}\n{link}", l["Bot.DidThatHelp"]]);
    }

    private BotReply HandOff(Conversation c, string intent, double confidence, ExtractedFacts facts, string reason, string message)
    {
        var (category, priority) = Suggest(intent, reason);
        var parts = new List<string>
        {
            $"{l["Bot.Note.Reason"]}: {l[$"Bot.Reason.{reason}"]}",
            $"{l["Bot.Note.Intent"]}: {intent} ({confidence:P0})",
            $"{l["Bot.Note.Suggested"]}: {l[$"Category.{category}"]} / {l[$"Priority.{priority}"]}",
        };
        var serial = c.BotSerial ?? facts.TransactionSerial;
        if (serial is not null) parts.Add($"{l["Portal.TransactionId"]}: {serial}");
        if (facts.Amount is { } amount) parts.Add($"{l["Portal.Amount"]}: {amount:0.00}");
        if (facts.Date is { } date) parts.Add($"{l["Portal.OccurredAt"]}: {date:yyyy-MM-dd}");
        if (facts.Merchant is { } merchant) parts.Add($"{l["Bot.Note.Merchant"]}: {merchant}");
        if (c.VerifiedAt is not null) parts.Add(l["Bot.Note.Verified"]);
        c.HandOffNote = string.Join("；", parts);
        c.BotStage = null;
        return new BotReply([message], reason);
    }

    /// <summary>The category and priority the agent would likely choose, from the intent and why the bot stepped back.</summary>
    public static (TicketCategory Category, TicketPriority Priority) Suggest(string intent, string reason)
    {
        if (reason == "fraud") return (TicketCategory.AccountSecurity, TicketPriority.Urgent);
        var category = intent switch
        {
            "refund_status" => TicketCategory.Refund,
            "duplicate_debit" or "payment_failed_debited" or "transaction_lookup" => TicketCategory.Funds,
            "account_frozen" or "unfreeze_request" => TicketCategory.AccountFrozen,
            "password_reset" or "verification_code_not_received" => TicketCategory.AccountSecurity,
            "settlement_delay" => TicketCategory.ServiceDelay,
            "dispute_chargeback" => TicketCategory.Funds,
            "card_binding" or "limits" or "fees" => TicketCategory.Consultation,
            _ => TicketCategory.Other,
        };
        var priority = reason == "anger" || category is TicketCategory.Funds or TicketCategory.AccountFrozen ? TicketPriority.High : TicketPriority.Normal;
        return (category, priority);
    }

    private static string Subject(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
        return line.Length > 60 ? line[..60] + "…" : line;
    }
}
