using Microsoft.Extensions.Localization;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// The reply box on the agent's and the customer's complaint pages: a public reply or (staff) an internal note,
/// told to the customer on the channel the agent picks. Same rules as <see cref="AddTicketMessage"/>.
/// </summary>
internal static class SendReply
{
    /// <param name="Via">auto (follows the complaint's channel), email, sms, in_app or internal (a note only staff see).</param>
    public sealed record Request(Guid TicketId, string? Body, string? Via, bool AllowInternal);

    /// <summary>Sent, or an error to show; neither when the complaint is not visible to the actor.</summary>
    public sealed record Outcome(bool Sent, string? Error, Guid? MessageId = null);

    public static async Task<Outcome> HandleAsync(
        Request request, AppDbContext db, ActorAccessor actors, LifecycleServices lifecycle, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        if (string.IsNullOrWhiteSpace(request.Body)) return new(false, l["Validation.Required"]);
        if (request.Body.Length > AddTicketMessage.BodyMax) return new(false, l["Validation.MaxLength", AddTicketMessage.BodyMax]);
        var ticket = await db.FindVisibleAsync(request.TicketId.ToString(), actor, track: true, ct);
        if (ticket is null) return new(false, null);
        var staffChoice = request.AllowInternal && actor.IsStaff;
        var visibility = staffChoice && request.Via == "internal" ? MessageVisibility.Internal : MessageVisibility.Public;
        NotificationChannel[]? notify = staffChoice ? request.Via switch
        {
            "email" => [NotificationChannel.Email, NotificationChannel.InApp],
            "sms" => [NotificationChannel.Sms, NotificationChannel.InApp],
            "in_app" => [NotificationChannel.InApp],
            _ => null,
        } : null;
        var errors = new ValidationErrors(l);
        AddTicketMessage.CheckChannels(errors, notify, ticket, actor, visibility);
        if (errors.Any) return new(false, string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        if (visibility == MessageVisibility.Public && actor.IsStaff && await GuardMoneyClaims.RefusedAsync(db, ticket.Id, request.Body, ct))
        {
            return new(false, GuardMoneyClaims.Message(l));
        }
        var posted = await AddTicketMessage.PostAsync(db, lifecycle, ticket, request.Body, visibility, actor, ct, notify);
        await db.SaveChangesAsync(ct);
        return new(true, null, posted.Id);
    }
}
