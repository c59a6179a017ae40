using System.Text.Json.Nodes;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// 核实身份 recorded: the one place that marks a complaint's complainant as verified (the agent's code or ID
/// check, or the assistant's code before it filed the complaint) and writes the timeline entry the customer sees.
/// Runs in the caller's unit of work; the caller saves.
/// </summary>
internal static class RecordVerification
{
    /// <summary>A verification counts for <see cref="VerificationOptions.ValidForHours"/> after it happened.</summary>
    public static bool IsVerified(Ticket ticket, DateTime now, VerificationOptions options) =>
        ticket.VerifiedAt is { } at && now - at <= TimeSpan.FromHours(options.ValidForHours);

    /// <param name="verifiedAt">When the complainant proved who they are (earlier than <paramref name="now"/> when the assistant checked before filing).</param>
    public static TicketEvent Apply(AppDbContext db, Ticket ticket, VerificationMethod method, Actor actor, DateTime verifiedAt, DateTime now)
    {
        ticket.VerifiedAt = verifiedAt;
        ticket.VerificationMethod = method;
        ticket.UpdatedAt = now;
        return Timeline.Record(db, ticket, TicketEventKind.Verification, actor, now, customerVisible: true,
            data: new JsonObject { ["step"] = "verified", ["method"] = EnumText.Name(method) });
    }

    public static TicketEvent Apply(AppDbContext db, Ticket ticket, VerificationMethod method, Actor actor, DateTime now) =>
        Apply(db, ticket, method, actor, now, now);
}
