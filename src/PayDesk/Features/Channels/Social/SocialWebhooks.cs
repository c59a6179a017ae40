using System.Globalization;
using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels.Social;

/// <summary>
/// Social and in-app messages: a signed generic webhook for any source we map, and the WeChat
/// official-account protocol (公众号消息接口, plaintext mode) with its passive reply.
/// </summary>
internal static class SocialWebhooks
{
    /// <summary>Sources the generic webhook accepts and the channel each one is.</summary>
    private static readonly Dictionary<string, TicketChannel> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["weibo"] = TicketChannel.Weibo,
        ["app"] = TicketChannel.App,
    };

    /// <summary>
    /// One message; <c>type</c> is text (default), link (title, url, text read as text), image (<c>mediaUrl</c>, fetched only
    /// from <c>Channels:Social:MediaHosts</c>) or location (latitude, longitude, label).
    /// </summary>
    public sealed record SocialMessage(string? MessageId, string? UserId, string? UserName, string? Text, string? Phone, string? AccountId,
        string? Type = null, string? MediaUrl = null, double? Latitude = null, double? Longitude = null, string? Label = null, string? Title = null,
        string? Url = null);

    public static RouteGroupBuilder MapSocial(this RouteGroupBuilder api)
    {
        var social = api.MapGroup("/channels").WithTags("Channels").AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(RateLimits.Webhook).AddEndpointFilter(WebhookReplayGuard.ReleaseOnFailureAsync);
        social.MapPost("/social/{source}", ReceiveAsync).WithName("ReceiveSocialMessage")
            .WithSummary("A message from a social network or the app (sources: weibo, app); HMAC-signed.");
        social.MapGet("/wechat", VerifyWeChatAsync).WithName("WeChatServerCheck").WithSummary("WeChat's server-address check (echostr).");
        social.MapPost("/wechat", ReceiveWeChatAsync).WithName("ReceiveWeChatMessage")
            .WithSummary("A WeChat official-account message (XML, signature over token/timestamp/nonce); answered with a passive reply.");
        return api;
    }

    /// <summary>The assistant answers first; what it hands over (or what it cannot take) goes onto a complaint, with its note for the agent.</summary>
    internal static async Task<InboundResult> AnswerOrAcceptAsync(InboundMessage message, ChannelIntake intake, Assistant.SocialAssistant assistant,
        Infrastructure.Data.AppDbContext db, CancellationToken ct)
    {
        var answer = await assistant.TryAnswerAsync(message, ct);
        // The assistant's links carry the public address (Settings.PublicAddress), never this request's host.
        var replies = answer?.Replies.ToList();
        if (answer is { HandedOff: false }) return new InboundResult(InboundOutcome.Answered, null, null, null, null, null, replies);
        if (answer?.ContinuesTicketId is { } continues) message.KnownTicketId = continues;
        if (answer is { Subject: { } problem, Transcript: { } transcript })
        {
            // The complaint is about what the customer told the assistant, not the words that asked for a person.
            message.Subject = await SubjectAsync(db, answer.ConversationId, problem, ct);
            message.Body = PayDesk.Infrastructure.Http.ClippedText.Tail(transcript, Complaints.TicketRules.DescriptionMax);
        }
        var result = await intake.AcceptAsync(message, ct);
        if (answer?.ConversationId is { } conversationId && result.TicketId is { } filed)
        {
            // Later messages of this user continue the complaint (and reach its agent) until it is closed.
            var customerId = await db.Tickets.Where(t => t.Id == filed).Select(t => t.CustomerId).FirstAsync(ct);
            await db.Conversations.Where(c => c.Id == conversationId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.TicketId, filed).SetProperty(c => c.CustomerId, customerId), ct);
            // Pictures and clips the user sent the assistant before asking for a person are part of the complaint too.
            await db.Attachments.Where(a => a.ConversationId == conversationId && a.TicketId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.TicketId, filed), ct);
        }
        if (answer is { HandedOff: true, Note: { } note } && result.TicketId is { } ticketId && result.Outcome != InboundOutcome.Duplicate)
        {
            var ticket = await db.Tickets.FirstAsync(t => t.Id == ticketId, ct);
            db.TicketMessages.Add(Complaints.AddTicketMessage.Add(db, ticket, note, Complaints.MessageVisibility.Internal, Actor.System, TimeProvider.System));
            await db.SaveChangesAsync(ct);
        }
        return result with { Replies = replies };
    }

    /// <summary>
    /// Pictures, clips and locations are kept in the conversation as "[图片]"-style lines; the subject is what the customer
    /// wrote about the problem, so those lines are passed over when the assistant's pick was one of them.
    /// </summary>
    private static async Task<string> SubjectAsync(Infrastructure.Data.AppDbContext db, Guid? conversationId, string problem, CancellationToken ct)
    {
        if (conversationId is not { } id || !problem.StartsWith('[')) return problem;
        var said = await db.ChatMessages.Where(m => m.ConversationId == id && m.FromCustomer && !m.FromSystem).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync(ct);
        return Assistant.SocialAssistant.ProblemOf(said.Where(b => !b.StartsWith('[')).ToList()) ?? problem;
    }

    private static async Task<IResult> ReceiveAsync(
        string source, HttpRequest request, ChannelIntake intake, Assistant.SocialAssistant assistant, Infrastructure.Data.AppDbContext db,
        SocialMessageKinds kinds, IOptionsMonitor<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!Sources.TryGetValue(source, out var channel))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = [$"One of {string.Join(", ", Sources.Keys)}."] });
        }
        var (body, problem) = await WebhookSignature.ReadVerifiedAsync(request, "social", options.CurrentValue.SocialSecret, clock, options.CurrentValue.MaxSkewSeconds, ct);
        if (problem is not null) return problem;
        if (!Sms.WebhookJson.TryRead<SocialMessage>(body, out var m, out var bad)) return bad!;
        var problems = SocialMessageKinds.Validate(m!);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var from = new InboundSender(m!.UserName, Phone: m.Phone, AccountId: m.AccountId, ExternalUserId: m.UserId);
        if (await kinds.KeepAsync(channel, from, m, ct) is { } kept) return TypedResults.Ok(kept);
        var result = await AnswerOrAcceptAsync(new InboundMessage
        {
            Channel = channel,
            ExternalId = m.MessageId!,
            From = from,
            Body = SocialMessageKinds.TextOf(m),
            ContinuesRecentComplaint = true,
        }, intake, assistant, db, ct);
        return TypedResults.Ok(result);
    }

    /// <summary>WeChat signs with SHA-1 over the lexically sorted token, timestamp and nonce.</summary>
    public static bool WeChatSignatureValid(string token, string? signature, string? timestamp, string? nonce)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce)) return false;
        var parts = new[] { token, timestamp, nonce };
        Array.Sort(parts, StringComparer.Ordinal);
        var expected = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    private enum WeChatCheck
    {
        Valid,
        Invalid,
        Stale,
        Replayed,
    }

    /// <summary>
    /// A genuine, fresh and first delivery: the signature matches, the timestamp is within the allowed
    /// skew (a captured signature never goes stale otherwise — it does not cover the body) and the
    /// nonce has not been seen by any instance within that window.
    /// </summary>
    private static async Task<WeChatCheck> CheckWeChatAsync(
        HttpContext http, string token, string? signature, string? timestamp, string? nonce, WebhookReplayGuard guard, CancellationToken ct)
    {
        if (nonce is { Length: > 64 } || !WeChatSignatureValid(token, signature, timestamp, nonce)) return WeChatCheck.Invalid;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return WeChatCheck.Invalid;
        if (!guard.IsFresh(seconds)) return WeChatCheck.Stale;
        return await guard.TryClaimAsync(http, "wechat", nonce!, seconds, ct) ? WeChatCheck.Valid : WeChatCheck.Replayed;
    }

    private static IResult Refused(WeChatCheck check) => check == WeChatCheck.Replayed
        ? WebhookReplayGuard.Replayed()
        : TypedResults.Problem(check == WeChatCheck.Stale ? "Stale WeChat signature." : "Invalid WeChat signature.", statusCode: StatusCodes.Status401Unauthorized);

    private static async Task<IResult> VerifyWeChatAsync(
        string? signature, string? timestamp, string? nonce, string? echostr, HttpContext http, WebhookReplayGuard guard, IOptionsMonitor<WeChatOptions> options,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.CurrentValue.Token)) return TypedResults.NotFound();
        if (echostr is null) return TypedResults.Problem("Invalid WeChat signature.", statusCode: StatusCodes.Status401Unauthorized);
        var check = await CheckWeChatAsync(http, options.CurrentValue.Token, signature, timestamp, nonce, guard, ct);
        return check == WeChatCheck.Valid ? TypedResults.Text(echostr) : Refused(check);
    }

    private static async Task<IResult> ReceiveWeChatAsync(
        string? signature, string? timestamp, string? nonce, HttpRequest request, ChannelIntake intake, AnswerWeChatMessage answer,
        WebhookReplayGuard guard, IOptionsMonitor<WeChatOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.CurrentValue.Token)) return TypedResults.NotFound();
        var check = await CheckWeChatAsync(request.HttpContext, options.CurrentValue.Token, signature, timestamp, nonce, guard, ct);
        // A second delivery with the same nonce is not processed. It is answered "success" (WeChat's "nothing
        // to say") rather than an error: if it is WeChat's own retry of a slow first delivery, an error would make
        // WeChat tell the user the account is out of service, while the first delivery is still being handled.
        if (check == WeChatCheck.Replayed) return TypedResults.Text("success");
        if (check != WeChatCheck.Valid) return Refused(check);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var raw = buffer.ToArray();

        XElement xml;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(raw), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            xml = XElement.Load(reader);
        }
        catch (XmlException ex)
        {
            // WeChat would retry and then tell the user the account is unavailable; keep it and say success.
            await intake.QuarantineRawAsync(TicketChannel.WeChat, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)), raw, "unparseable", ex.Message, ct);
            return TypedResults.Text("success");
        }
        if (WeChatInbound.Read(xml) is not { } message)
        {
            await intake.QuarantineRawAsync(TicketChannel.WeChat, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)), raw, "no_sender",
                "FromUserName, ToUserName and MsgType are required.", ct);
            return TypedResults.Text("success");
        }
        var reply = await answer.RespondAsync(message, raw, ct);
        return reply is null ? TypedResults.Text("success") : Reply(message.OpenId, message.Account, reply, clock);
    }

    /// <summary>The passive reply: WeChat shows it to the user as the account's answer.</summary>
    private static IResult Reply(string openId, string account, string text, TimeProvider clock)
    {
        var reply = new XElement("xml",
            new XElement("ToUserName", new XCData(openId)),
            new XElement("FromUserName", new XCData(account)),
            new XElement("CreateTime", clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new XElement("MsgType", new XCData("text")),
            new XElement("Content", new XCData(text)));
        return TypedResults.Text(reply.ToString(SaveOptions.DisableFormatting), "application/xml", Encoding.UTF8);
    }
}
