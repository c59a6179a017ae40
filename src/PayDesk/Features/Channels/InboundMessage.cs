using PayDesk.Features.Customers;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels;

/// <summary>Who a channel says sent a message; any of it may be missing.</summary>
internal sealed record InboundSender(
    string? Name, string? Phone = null, string? Email = null, string? AccountId = null, string? ExternalUserId = null, Guid? CustomerId = null);

internal sealed record InboundFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// A message from any channel after its adapter has normalised it (receive → normalise); the
/// filter pipeline and <see cref="ChannelIntake"/> take it from here, whatever the channel.
/// </summary>
internal sealed class InboundMessage
{
    public required TicketChannel Channel { get; init; }

    /// <summary>The channel's own id for this message: Message-ID, MsgId, the gateway's id.</summary>
    public required string ExternalId { get; set; }

    /// <summary>
    /// A digest of who sent what (e-mail: sender, subject, text and files). Two different messages that reuse one
    /// Message-ID (it happens across senders and broken clients) are both kept; a redelivery of the same one is not.
    /// </summary>
    public string? ContentHash { get; init; }
    public required InboundSender From { get; init; }
    public string? Subject { get; set; }
    public required string Body { get; set; }

    /// <summary>Ids of earlier messages this one answers (e-mail In-Reply-To and References).</summary>
    public IReadOnlyList<string> References { get; init; } = [];
    public IReadOnlyList<InboundFile> Files { get; init; } = [];

    /// <summary>Set by the adapter for auto-replies and bounces, which are kept but never answered.</summary>
    public string? AutomaticReason { get; init; }

    /// <summary>
    /// Messaging channels (SMS, WeChat, app) have no threads: a message continues the customer's
    /// recent open complaint on the same channel instead of opening a new one.
    /// </summary>
    public bool ContinuesRecentComplaint { get; init; }

    /// <summary>The complaint the adapter already knows this message belongs to (a chat left on a complaint).</summary>
    public Guid? KnownTicketId { get; set; }

    /// <summary>
    /// Put through by an administrator who looked at it in the quarantine: the automatic-reply, empty-message and
    /// spam checks that held it do not apply a second time.
    /// </summary>
    public bool Released { get; init; }

    /// <summary>The source as received, kept when the message is quarantined.</summary>
    public byte[]? Raw { get; init; }
}

/// <summary>What a filter learned or decided about one message on its way to a complaint.</summary>
internal sealed class InboundContext(InboundMessage message, DateTime now)
{
    public InboundMessage Message => message;
    public DateTime Now => now;
    public Customer? Customer { get; set; }
    public Ticket? Ticket { get; set; }
    public string? QuarantineReason { get; private set; }
    public string? QuarantineDetail { get; private set; }
    public bool Stopped => QuarantineReason is not null;

    public void Quarantine(string reason, string? detail = null)
    {
        QuarantineReason = reason;
        QuarantineDetail = detail;
    }
}

/// <summary>One step of the inbound pipeline (Zammad's filter chain): runs in <see cref="Order"/>, may quarantine.</summary>
internal interface IInboundFilter
{
    int Order { get; }

    Task ApplyAsync(InboundContext context, CancellationToken ct);
}

public enum InboundOutcome
{
    Created,
    Appended,
    Duplicate,
    Quarantined,

    /// <summary>The assistant answered; nothing went onto a complaint.</summary>
    Answered,
}

public sealed record InboundResult(InboundOutcome Outcome, Guid? TicketId, string? TicketNumber, Guid? MessageId, Guid? QuarantineId, string? Reason,
    IReadOnlyList<string>? Replies = null);
