using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

public enum InteractionKind
{
    Complaint,
    Message,
    Call,
    Chat,
}

/// <param name="Unproven">A chat whose visitor gave this customer's contact and never proved it with a one-time code: it may be
/// someone else's (Conversation.ClaimsExistingCustomer).</param>
public sealed record Interaction(DateTime At, InteractionKind Kind, TicketChannel Channel, string Title, Guid? TicketId, string? TicketNumber, Guid ReferenceId,
    bool Unproven = false);

/// <summary>
/// One customer, one timeline (SPEC §1): complaints, messages on any channel, calls and chats,
/// newest first, so whoever picks up knows the history of the problem.
/// </summary>
internal static class CustomerTimeline
{
    public static RouteGroupBuilder MapCustomerTimeline(this RouteGroupBuilder api)
    {
        api.MapGet("/customers/{id:guid}/timeline", HandleAsync).WithTags("Customers").RequireAuthorization(Policies.Staff)
            .WithName("CustomerTimeline").WithSummary("Everything the customer did with us on every channel, newest first, paged.");
        api.MapPost("/customers/{id:guid}/merge", Customers.MergeCustomers.HandleAsync).WithTags("Customers").RequireAuthorization(Policies.Supervisor)
            .WithName("MergeCustomers").WithSummary("Merge this customer into another (the same person); audited with a reason.");
        return api;
    }

    private static async Task<Results<Ok<Paged<Interaction>>, NotFound, ValidationProblem>> HandleAsync(
        Guid id, int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct)) return TypedResults.NotFound();
        return TypedResults.Ok(await QueryAsync(db, id, paging, ct));
    }

    /// <summary>What an entry says, in the reader's language: a call's outcome, a chat's state, else its own text.</summary>
    public static string Describe(Interaction i, IStringLocalizer<SharedResource> l) => i.Kind switch
    {
        InteractionKind.Call => l[$"CallState.{i.Title}"],
        InteractionKind.Chat => i.Unproven ? $"{l[$"ConversationStatus.{i.Title}"]} · {l["Interactions.Unproven"]}" : l[$"ConversationStatus.{i.Title}"],
        InteractionKind.Complaint or InteractionKind.Message => i.Title,
    };

    public static async Task<Paged<Interaction>> QueryAsync(AppDbContext db, Guid customerId, PageRequest paging, CancellationToken ct)
    {
        // Each source gives at most the rows the requested page could need, then they are merged by time.
        var need = paging.Skip + paging.PageSize;
        var tickets = db.Tickets.AsNoTracking().Where(t => t.CustomerId == customerId);
        var complaints = await tickets.OrderByDescending(t => t.CreatedAt).Take(need)
            .Select(t => new Interaction(t.CreatedAt, InteractionKind.Complaint, t.Channel, t.Subject, t.Id, t.Number, t.Id)).ToListAsync(ct);
        var messages = await db.TicketMessages.AsNoTracking()
            .Where(m => m.Channel != null && tickets.Any(t => t.Id == m.TicketId))
            .OrderByDescending(m => m.CreatedAt).Take(need)
            .Join(db.Tickets, m => m.TicketId, t => t.Id, (m, t) => new Interaction(m.CreatedAt, InteractionKind.Message, m.Channel!.Value,
                m.Body.Length > 120 ? m.Body.Substring(0, 120) : m.Body, t.Id, t.Number, m.Id))
            .ToListAsync(ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.CustomerId == customerId).OrderByDescending(c => c.StartedAt).Take(need)
            .GroupJoin(db.Tickets, c => c.TicketId, t => t.Id, (c, ts) => new { c, ts })
            .SelectMany(x => x.ts.DefaultIfEmpty(), (x, t) => new Interaction(x.c.StartedAt, InteractionKind.Call, TicketChannel.Phone,
                x.c.State.ToString(), x.c.TicketId, t == null ? null : t.Number, x.c.Id))
            .ToListAsync(ct);
        var chats = await db.Conversations.AsNoTracking().Where(c => c.CustomerId == customerId).OrderByDescending(c => c.StartedAt).Take(need)
            .GroupJoin(db.Tickets, c => c.TicketId, t => t.Id, (c, ts) => new { c, ts })
            .SelectMany(x => x.ts.DefaultIfEmpty(), (x, t) => new Interaction(x.c.StartedAt, InteractionKind.Chat, TicketChannel.Chat,
                x.c.Status.ToString(), x.c.TicketId, t == null ? null : t.Number, x.c.Id, x.c.ClaimsExistingCustomer && x.c.VerifiedAt == null))
            .ToListAsync(ct);

        var total = await tickets.CountAsync(ct)
            + await db.TicketMessages.CountAsync(m => m.Channel != null && tickets.Any(t => t.Id == m.TicketId), ct)
            + await db.Calls.CountAsync(c => c.CustomerId == customerId, ct)
            + await db.Conversations.CountAsync(c => c.CustomerId == customerId, ct);
        var items = complaints.Concat(messages).Concat(calls).Concat(chats)
            .OrderByDescending(i => i.At).Skip(paging.Skip).Take(paging.PageSize).ToList();
        return new Paged<Interaction>(items, paging.Page, paging.PageSize, total);
    }
}
