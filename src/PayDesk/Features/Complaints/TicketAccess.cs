using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Which tickets an actor may see: staff see all (team scoping arrives with routing);
/// a customer sees only their own. Anything else sees nothing.
/// </summary>
internal static class TicketAccess
{
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, Actor actor)
    {
        if (actor.IsStaff || actor.IsSystem) return tickets;
        if (actor.IsCustomer && actor.CustomerId is { } customerId) return tickets.Where(t => t.CustomerId == customerId);
        return tickets.Where(_ => false);
    }

    public static IEnumerable<TicketMessage> VisibleMessages(this Ticket ticket, Actor actor) =>
        actor.IsStaff || actor.IsSystem ? ticket.Messages : ticket.Messages.Where(m => m.Visibility == MessageVisibility.Public);

    /// <summary>Finds a ticket by its id or its number (PD-2026-000123), as the caller may see it.</summary>
    public static Task<Ticket?> FindVisibleAsync(this AppDbContext db, string idOrNumber, Actor actor, bool track, CancellationToken ct)
    {
        // Two collections (the customer's cards, the messages): one query per collection, not every message once per card.
        IQueryable<Ticket> query = db.Tickets.Include(t => t.Customer!).ThenInclude(c => c.Cards).Include(t => t.Messages).AsSplitQuery();
        if (!track) query = query.AsNoTracking();
        query = query.VisibleTo(actor);
        return Guid.TryParse(idOrNumber, out var id)
            ? query.FirstOrDefaultAsync(t => t.Id == id, ct)
            : query.FirstOrDefaultAsync(t => t.Number == idOrNumber.ToUpperInvariant(), ct);
    }
}
