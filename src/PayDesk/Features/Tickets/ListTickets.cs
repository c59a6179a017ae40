using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Tickets;

/// <summary>The inbox query: filters and paging, newest first. Serves the API and the web inbox.</summary>
internal static class ListTickets
{
    public sealed record Filter(
        TicketStatus? Status = null, TicketCategory? Category = null, TicketChannel? Channel = null,
        string? Owner = null, string? Text = null, Guid? CustomerId = null);

    public static async Task<Results<Ok<Paged<TicketSummary>>, ValidationProblem>> HandleAsync(
        AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l,
        string? status, string? category, string? channel, string? owner, string? q,
        Guid? customerId, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var filter = new Filter(
            EnumText.Parse<TicketStatus>(status, "status", errors),
            EnumText.Parse<TicketCategory>(category, "category", errors),
            EnumText.Parse<TicketChannel>(channel, "channel", errors),
            owner, q, customerId);
        if (owner is not null && owner is not ("me" or "unassigned") && !Guid.TryParse(owner, out _))
        {
            errors.AddKey("owner", "Ticket.OwnerFilter");
        }
        errors.MaxLength("q", q, 200);
        if (errors.Any) return errors.ToProblem();
        var result = await QueryAsync(db, actors.Current, filter, paging, ct);
        return TypedResults.Ok(result);
    }

    public static async Task<Paged<TicketSummary>> QueryAsync(
        AppDbContext db, Actor actor, Filter filter, PageRequest paging, CancellationToken ct)
    {
        var query = db.Tickets.AsNoTracking().VisibleTo(actor);
        if (filter.Status is { } s) query = query.Where(t => t.Status == s);
        if (filter.Category is { } c) query = query.Where(t => t.Category == c);
        if (filter.Channel is { } ch) query = query.Where(t => t.Channel == ch);
        if (filter.CustomerId is { } cid) query = query.Where(t => t.CustomerId == cid);
        switch (filter.Owner)
        {
            case "me":
                query = query.Where(t => t.OwnerId == actor.UserId);
                break;
            case "unassigned":
                query = query.Where(t => t.OwnerId == null);
                break;
            case { } o when Guid.TryParse(o, out var ownerId):
                query = query.Where(t => t.OwnerId == ownerId);
                break;
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            // Plain substring match for now; the knowledge-search issue brings the full-text index.
            var text = filter.Text.Trim();
            var upper = text.ToUpperInvariant();
            query = query.Where(t => t.Number == upper || t.TransactionId == text || t.Subject.Contains(text) || t.Description.Contains(text));
        }

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(t => new TicketSummary(
                t.Id, t.Number, t.Channel, t.CustomerId, t.Customer!.Name, t.Subject, t.Category, t.Priority, t.Status,
                t.Amount == null ? null : new Money(t.Amount.Value, t.Currency!), t.OwnerId, t.Team, t.CreatedAt, t.UpdatedAt))
            .ToListAsync(ct);
        return new Paged<TicketSummary>(items, paging.Page, paging.PageSize, total);
    }
}
