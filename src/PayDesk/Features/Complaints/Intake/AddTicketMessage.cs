using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>A public reply (the customer sees it) or an internal note (staff only).</summary>
internal static class AddTicketMessage
{
    public const int BodyMax = 20_000;

    /// <param name="Notify">Staff replies only: the channels to tell the customer on (email, sms, in_app, social); default follows the complaint.</param>
    public sealed record Request(string? Body, MessageVisibility? Visibility, IReadOnlyList<Notifications.NotificationChannel>? Notify = null);

    public static async Task<Results<Created<MessageResponse>, NotFound, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, Request request, AppDbContext db, ActorAccessor actors, Complaints.LifecycleServices lifecycle,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        errors.Required("body", request.Body);
        errors.MaxLength("body", request.Body, BodyMax);
        var visibility = request.Visibility ?? MessageVisibility.Public;
        if (visibility == MessageVisibility.Internal && !actor.IsStaff) errors.AddKey("visibility", "Ticket.InternalStaffOnly");
        if (ticket.Status == TicketStatus.Closed && !actor.IsStaff) errors.AddKey("body", "Ticket.ClosedNoReply");
        CheckChannels(errors, request.Notify, ticket, actor, visibility);
        if (errors.Any) return errors.ToProblem();
        if (visibility == MessageVisibility.Public && actor.IsStaff && await GuardMoneyClaims.RefusedAsync(db, ticket.Id, request.Body, ct))
        {
            return GuardMoneyClaims.Problem(l);
        }

        var message = await PostAsync(db, lifecycle, ticket, request.Body!, visibility, actor, ct, request.Notify?.Distinct().ToArray());
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", MessageResponse.From(message));
    }

    /// <summary>A chosen channel must exist for this customer: SMS needs a phone, e-mail an address.</summary>
    public static void CheckChannels(ValidationErrors errors, IReadOnlyList<Notifications.NotificationChannel>? notify, Ticket ticket, Actor actor, MessageVisibility visibility)
    {
        if (notify is null) return;
        if (!actor.IsStaff || visibility != MessageVisibility.Public) errors.AddKey("notify", "Reply.NotifyStaffPublic");
        var customer = ticket.Customer!;
        if (notify.Contains(Notifications.NotificationChannel.Sms) && customer.PhoneHash is null) errors.AddKey("notify", "Verification.NoPhone");
        if (notify.Contains(Notifications.NotificationChannel.Email) && customer.Email is null) errors.AddKey("notify", "Verification.NoEmail");
    }

    /// <summary>
    /// Appends a message to a tracked ticket, personal numbers masked (the original kept encrypted);
    /// the caller adds it to <paramref name="db"/>'s unit of work if the ticket is not tracked there, and saves.
    /// </summary>
    public static TicketMessage Add(AppDbContext db, Ticket ticket, string body, MessageVisibility visibility, Actor actor, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var message = new TicketMessage
        {
            Id = id,
            TicketId = ticket.Id,
            Visibility = visibility,
            Body = Infrastructure.Security.PersonalText.Keep(db, Infrastructure.Security.PersonalText.TicketMessage, id.ToString(), "body", body.Trim(), now),
            AuthorId = actor.UserId,
            AuthorName = actor.Name,
            FromCustomer = actor.IsCustomer,
            CreatedAt = now,
        };
        ticket.Messages.Add(message);
        ticket.UpdatedAt = now;
        return message;
    }

    /// <summary>
    /// Appends a message and its timeline entry; a public staff reply also tells the customer
    /// (in-app and e-mail; SMS is kept for status changes). The caller saves.
    /// </summary>
    public static async Task<TicketMessage> PostAsync(
        AppDbContext db, Complaints.LifecycleServices lifecycle, Ticket ticket, string body, MessageVisibility visibility, Actor actor,
        CancellationToken ct, Notifications.NotificationChannel[]? notify = null)
    {
        var notifier = lifecycle.Notifier;
        if (ticket.Customer is null && db.Entry(ticket).State != Microsoft.EntityFrameworkCore.EntityState.Detached)
        {
            await db.Entry(ticket).Reference(t => t.Customer).LoadAsync(ct);
        }
        var message = Post(db, ticket, body, visibility, actor, lifecycle.Clock);
        if (actor.IsCustomer && ticket.Status == TicketStatus.AwaitingCustomer)
        {
            // The customer answered what we were waiting for: work (and the service-level clocks) resume.
            await Complaints.TransitionTicket.ApplyUnsavedAsync(db, ticket, new Complaints.TransitionInput(Complaints.TicketTrigger.Resume), Actor.System, lifecycle, ct);
        }
        if (actor.IsStaff && visibility == MessageVisibility.Public)
        {
            await lifecycle.Observers.StaffRepliedAsync(ticket, message.CreatedAt, ct);
        }
        if (actor.IsStaff && visibility == MessageVisibility.Public && ticket.Customer is { } customer)
        {
            // A complaint that came by e-mail is answered by e-mail: the whole reply goes, not a teaser.
            var excerpt = ticket.Channel == TicketChannel.Email || notify?.Contains(Notifications.NotificationChannel.Email) == true || message.Body.Length <= 200
                ? message.Body : PayDesk.Infrastructure.Http.ClippedText.Head(message.Body, 200) + "…";
            var channels = notify is { Length: > 0 } ? notify : notifier.ReplyChannels(customer, ticket);
            await notifier.QueueAsync(customer, ticket, Notifications.DefaultTemplates.Progress,
                Notifications.Notifier.ValuesFor(ticket, customer, excerpt), actor, ct, channels);
        }
        return message;
    }

    private static TicketMessage Post(AppDbContext db, Ticket ticket, string body, MessageVisibility visibility, Actor actor, TimeProvider clock)
    {
        var message = Add(db, ticket, body, visibility, actor, clock);
        db.TicketMessages.Add(message);
        Complaints.Timeline.Record(db, ticket, Complaints.TicketEventKind.Message, actor, message.CreatedAt,
            customerVisible: visibility == MessageVisibility.Public,
            data: new System.Text.Json.Nodes.JsonObject { ["messageId"] = message.Id.ToString(), ["visibility"] = EnumText.Name(visibility) });
        return message;
    }
}
