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
internal sealed record BotReply(IReadOnlyList<string> Messages, string? HandOff = null)
{
    /// <summary>
    /// Outside service hours the assistant filed the complaint itself (with the conversation on it): nobody is
    /// waiting in the chat queue; what the customer says next belongs on that complaint (the conversation's TicketId).
    /// </summary>
    public bool OnComplaint { get; init; }
}

/// <summary>
/// The assistant in a chat (智能客服), around the clock: answers general questions from the help centre without
/// asking who the customer is; runs the guided flows that touch the account (transaction or refund status, frozen
/// account and unfreeze, filing a complaint) only for a verified customer — a one-time code to the bound phone, asked
/// once per conversation, or the portal session of a signed-in customer — and then lists the customer's own refunds
/// or transactions to pick from. It hands over to a person when asked, when it does not understand twice, or on
/// anger or fraud; outside service hours the hand-off files a complaint with the conversation and offers call-back
/// times. Every figure it states comes from the payment system; it never invents amounts, dates or outcomes.
/// </summary>
internal sealed partial class AssistantBrain(
    AppDbContext db, AssistantModel model, ArticleRetrieval articles, IPaymentSystem payments, Notifier notifier, OneTimeCodes codes,
    TicketNumberAllocator numbers, Complaints.LifecycleServices lifecycle, IOptions<AssistantOptions> options, GroundedPhrasing phrasing,
    Sla.CalendarRegistry calendars, Sla.SlaPolicyStore policy, Customers.CustomerDirectory directory, Settings.PublicAddress address,
    IStringLocalizer<SharedResource> l, TimeProvider clock, IEnumerable<IAssistantNotices> notices)
{
    public const string BotName = "PayDesk 助手";
    private static readonly string[] AccountIntents = ["refund_status", "transaction_lookup", "payment_failed_debited", "duplicate_debit"];
    private static readonly string[] FrozenIntents = ["account_frozen", "unfreeze_request"];
    private static readonly string[] PersonalIntents = [.. AccountIntents, .. FrozenIntents];
    private static readonly string[] FraudWords =
        ["盗刷", "被盗", "不是我本人", "不是本人", "诈骗", "骗子", "没授权", "未授权", "未经授权", "陌生扣款", "unauthori", "fraud", "stolen", "scam",
         "didn't make", "did not make", "didn't authori", "did not authori"];
    private static readonly string[] AngerWords =
        ["投诉你们", "垃圾", "太差", "气死", "什么破", "！！", "!!", "升级处理", "ridiculous", "useless", "terrible", "angry", "worst", "escalat", "fix this now"];

    /// <summary>The assistant's anger detector: the words and marks that hand a customer to a person at once (also read by the automatic quality review).</summary>
    internal static bool SoundsAngry(string text)
    {
        var lower = text.ToLowerInvariant();
        return AngerWords.Any(lower.Contains);
    }

    private static readonly string[] Closing = ["谢谢", "多谢", "再见", "拜拜", "thank", "bye"];
    private static readonly string[] Yes = ["是", "好", "好的", "申请", "需要", "对", "确认", "yes", "ok", "okay", "sure", "please", "y"];

    /// <summary>Words that ask for a person outright; the intent model alone must be sure (<see cref="SureItAskedForAPerson"/>).</summary>
    private static readonly string[] PersonWords =
        ["人工", "真人", "转接", "客服人员", "agent", "human", "real person", "representative", "operator", "live person", "talk to a person", "speak to a person"];

    /// <summary>
    /// The intent model's "human_agent" without any of <see cref="PersonWords"/> hands over only at this confidence;
    /// below it the customer is asked to rephrase (an image, a location or an unknown message type is not a request for a person).
    /// </summary>
    public const double SureItAskedForAPerson = 0.6;

    /// <param name="clear">The message as written, before personal numbers were masked (a phone number left for a call-back).</param>
    public async Task<BotReply> RespondAsync(Conversation c, string text, CancellationToken ct, string? clear = null)
    {
        var culture = CultureInfo.CurrentUICulture;
        // The answer comes in the language of the message ("ok" or "1" keeps the conversation's).
        if (ReplyLanguage.Of(text) is { } language) c.Locale = language;
        CultureInfo.CurrentUICulture = new CultureInfo(c.Locale is "en" ? "en" : "zh-CN");
        try
        {
            return await RespondInCultureAsync(c, text.Trim(), (clear ?? text).Trim(), ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>A request for a person: explicit words, or the intent model sure of it.</summary>
    public static bool AsksForPerson(string text, string intent, double confidence)
    {
        var lower = text.ToLowerInvariant();
        var said = PersonWords.Any(lower.Contains);
        var core = new string(lower.Where(char.IsLetterOrDigit).ToArray());
        return intent == "human_agent" && (said || confidence >= SureItAskedForAPerson) || said && core.Length <= 8;
    }

    private async Task<BotReply> RespondInCultureAsync(Conversation c, string text, string clear, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var facts = Entities.Extract(text, ServiceTime.DateOf(now));
        if (facts.TransactionSerial is { } serial) c.BotSerial = serial;
        var (intent, confidence, _) = await model.ClassifyAsync(text, ct);
        var lower = text.ToLowerInvariant();

        // The phone or e-mail asked for to file a complaint outside service hours: whatever the model makes of it.
        if (c.BotStage == "await_contact" && HasContact(clear, now)) return await TakeContactAsync(c, clear, lower, now, ct);
        if (FraudWords.Any(lower.Contains)) return await HandOffAsync(c, intent, confidence, facts, "fraud", l["Bot.HandOffFraud"], now, ct);
        if (AsksForPerson(text, intent, confidence)) return await HandOffAsync(c, intent, confidence, facts, "asked", l["Bot.HandOffAsked"], now, ct);
        // An upset customer gets a person at once: a bot that keeps answering makes it worse.
        if (SoundsAngry(text)) return await HandOffAsync(c, intent, confidence, facts, "anger", l["Bot.HandOffAnger"], now, ct);

        switch (c.BotStage)
        {
            case "await_contact":
                return await TakeContactAsync(c, clear, lower, now, ct);
            case "await_slot":
                return await PickCallbackAsync(c, text, lower, now, ct);
            case "await_code" when new string(text.Where(char.IsAsciiDigit).ToArray()).Length == 6 && facts.TransactionSerial is null:
                return await CheckCodeAsync(c, text, facts, now, ct);
            case "await_pick" when NumberedChoice.Pick(text, Choices(c)) is { } picked:
                c.BotSerial = Choices(c)[picked];
                c.BotStage = null;
                c.BotChoices = null;
                return await ContinueAsync(c, c.BotIntent!, facts, now, ct);
            case "await_pick" or "await_serial" when facts.TransactionSerial is not null:
                c.BotStage = null;
                c.BotChoices = null;
                return await ContinueAsync(c, c.BotIntent!, facts, now, ct);
            case "await_serial":
                return await FailedAsync(c, intent, confidence, facts, l["Bot.AskSerialAgain"], now, ct);
            case "await_unfreeze" when Yes.Contains(lower.Trim('。', '.', '!', '！')):
                c.BotStage = null;
                return await FileAsync(c, TicketCategory.AccountFrozen, l["Bot.UnfreezeSubject"], l["Bot.UnfreezeDescription"], facts, now, ct);
        }

        // An open incident or a notice on what the customer asks about is the answer (故障公告 with the promised fix time).
        if (c.BotStage is null && await NoticeAsync(c, text, ct) is { } notice)
        {
            c.BotFailures = 0;
            return new BotReply([notice, l["Bot.DidThatHelp"]]);
        }
        if (confidence < options.Value.LowConfidence && Closing.Any(lower.Contains))
        {
            c.BotFailures = 0;
            return new BotReply([lower.Contains("bye") || lower.Contains("再见") || lower.Contains("拜拜") ? l["Bot.Goodbye"] : l["Bot.Thanks"]]);
        }
        // "human_agent" that did not pass AsksForPerson is a message the assistant did not understand, not a request.
        if (confidence < options.Value.LowConfidence || intent is "out_of_scope" or "human_agent")
        {
            return await FailedAsync(c, intent, confidence, facts, intent == "out_of_scope" ? l["Bot.OutOfScope"] : l["Bot.NotUnderstood"], now, ct);
        }
        c.BotFailures = 0;
        c.BotIntent = intent;
        return intent switch
        {
            "greeting" => new BotReply([l["Bot.Greeting"]]),
            "thanks" => new BotReply([l["Bot.Thanks"]]),
            "goodbye" => new BotReply([l["Bot.Goodbye"]]),
            "schedule_callback" or "file_complaint" when Channels.Chat.ChatService.UnprovenClaim(c) =>
                await ProveFirstAsync(c, (intent == "file_complaint" ? PendingFile : PendingCallback) + text, facts, now, ct),
            "schedule_callback" => await ScheduleCallbackAsync(c, text, facts, now, ct),
            "file_complaint" => await FileAsync(c, TicketCategory.Other, Subject(text), text, facts, now, ct),
            _ when PersonalIntents.Contains(intent) => QuestionScope.Classify(text, facts, intent, PersonalIntents) == QuestionKind.General
                ? await AnswerFromArticlesAsync(c, text, now, ct, offerLookup: true)
                : await ContinueAsync(c, intent, facts, now, ct),
            _ => await AnswerFromArticlesAsync(c, text, now, ct),
        };
    }

    private async Task<string?> NoticeAsync(Conversation c, string text, CancellationToken ct)
    {
        async Task<string?> Zone(CancellationToken token) => c.CustomerId is { } id
            ? await db.Customers.AsNoTracking().Where(x => x.Id == id).Select(x => x.TimeZone).FirstOrDefaultAsync(token)
            : null;
        foreach (var source in notices)
        {
            if (await source.MatchAsync(text, Zone, ct) is { } notice) return notice;
        }
        return null;
    }

    private async Task<BotReply> FailedAsync(Conversation c, string intent, double confidence, ExtractedFacts facts, string message, DateTime now, CancellationToken ct)
    {
        c.BotFailures++;
        return c.BotFailures >= 2
            ? await HandOffAsync(c, intent, confidence, facts, "not_understood", l["Bot.HandOffNotUnderstood"], now, ct)
            : new BotReply([message]);
    }

    private async Task<BotReply> AnswerFromArticlesAsync(Conversation c, string text, DateTime now, CancellationToken ct, bool offerLookup = false)
    {
        // Only live public articles come back (ArticleRetrieval checks the hits by meaning, which come from a cached list).
        var hits = await articles.FindAsync(text, c.Locale, 2, ct);
        if (hits.Count == 0) return await FailedAsync(c, c.BotIntent ?? "", 0, new ExtractedFacts(null, null, null, null, null), l["Bot.NotUnderstood"], now, ct);
        var top = hits[0];
        var article = await db.Articles.AsNoTracking().FirstAsync(a => a.Id == top.Id, ct);
        var plain = ArticleMarkdown.ToPlainText(article.PublishedBody ?? "");
        // Customers read this on WeChat or a third-party page: the link must be the public address, never the host's own.
        var link = address.Link($"/help/articles/{Uri.EscapeDataString(top.Slug)}?culture={top.Locale}");
        var after = offerLookup ? l["Bot.OfferLookup"] : l["Bot.DidThatHelp"];
        if (phrasing.Enabled && await phrasing.PhraseAsync(text, top.Title, plain, c.Locale, ct) is { } phrased)
        {
            return new BotReply([$"{phrased}\n{link}", after]);
        }
        return new BotReply([$"{top.Title}\n{ArticleMarkdown.Gist(plain)}\n{link}", after]);
    }

    /// <summary>
    /// To a person: in service hours the chat joins the human queue with a note for the agent; outside them the
    /// complaint is filed with the conversation and the customer is told when people are back (<see cref="OffHoursAsync"/>).
    /// </summary>
    private async Task<BotReply> HandOffAsync(
        Conversation c, string intent, double confidence, ExtractedFacts facts, string reason, string message, DateTime now, CancellationToken ct)
    {
        var (category, priority) = Suggest(intent, reason);
        // "名称：值" with the language's own colon and separator (a Chinese note read "识别意图: 转人工 (100%)").
        string Pair(string name, string value) => l["Bot.Note.Pair", name, value];
        var parts = new List<string>
        {
            Pair(l["Bot.Note.Reason"], l[$"Bot.Reason.{reason}"]),
            Pair(l["Bot.Note.Intent"], l["Bot.Note.IntentConfidence", IntentNames.Display(l, intent), Math.Round(confidence * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%"]),
            Pair(l["Bot.Note.Suggested"], $"{l[$"Category.{category}"]} / {l[$"Priority.{priority}"]}"),
        };
        var serial = c.BotSerial ?? facts.TransactionSerial;
        if (serial is not null) parts.Add(Pair(l["Portal.TransactionId"], serial));
        if (facts.Amount is { } amount) parts.Add(Pair(l["Portal.Amount"], amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        if (facts.Date is { } date) parts.Add(Pair(l["Portal.OccurredAt"], date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        if (facts.Merchant is { } merchant) parts.Add(Pair(l["Bot.Note.Merchant"], merchant));
        if (c.VerifiedAt is not null) parts.Add(c.VerifiedBy == "session" ? l["Bot.Note.VerifiedSession"] : l["Bot.Note.Verified"]);
        c.HandOffNote = string.Join(l["Bot.Note.Separator"].Value, parts);
        c.BotStage = null;
        c.BotChoices = null;
        c.BotIntent ??= intent;
        // reason is one of the fixed words above (fraud, asked, anger, not_understood…), never the visitor's text.
        Infrastructure.Observability.PayDeskTelemetry.AssistantHandOffs.Add(1, new KeyValuePair<string, object?>("reason", reason));
        if (LineCalendar.IsOpen(now)) return new BotReply([message], reason);
        return await OffHoursAsync(c, reason, now, ct);
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
        return PayDesk.Infrastructure.Http.ClippedText.FirstLine(text, 60);
    }

    private static IReadOnlyList<string> Choices(Conversation c) =>
        c.BotChoices?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
