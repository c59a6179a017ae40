using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>The inbox query: filters and paging, newest first. Serves the API and the web inbox.</summary>
internal static class ListTickets
{
    public sealed record Filter(
        TicketStatus? Status = null, TicketCategory? Category = null, TicketChannel? Channel = null,
        string? Owner = null, string? Text = null, Guid? CustomerId = null, string? View = null, string? Sort = null);

    /// <summary>The inbox's orders: newest first (the default), oldest first, soonest service-level due first, most urgent priority first.</summary>
    public static readonly string[] Sorts = ["created", "oldest", "sla", "priority"];

    /// <summary>The inbox's saved views: mine, my team's, unassigned, at risk of breaching, call-backs due today.</summary>
    public static readonly string[] Views = ["mine", "team", "unassigned", "at_risk", "callbacks"];

    public static async Task<Results<Ok<Paged<TicketSummary>>, ValidationProblem>> HandleAsync(
        AppDbContext db, ActorAccessor actors, IComplaintRiskSource risk, IAgentTeams teams, PersonalDataProtector personal, IStringLocalizer<SharedResource> l,
        string? status, string? category, string? channel, string? owner, string? q,
        Guid? customerId, string? view, int? page, int? pageSize, CancellationToken ct, string? sort = null)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        var filter = new Filter(
            EnumText.Parse<TicketStatus>(status, "status", errors),
            EnumText.Parse<TicketCategory>(category, "category", errors),
            EnumText.Parse<TicketChannel>(channel, "channel", errors),
            owner, q, customerId, view, sort);
        if (view is not null && !Views.Contains(view)) errors.AddKey("view", "Request.InvalidEnum", string.Join(", ", Views));
        if (sort is not null && !Sorts.Contains(sort)) errors.AddKey("sort", "Request.InvalidEnum", string.Join(", ", Sorts));
        if (owner is not null && owner is not ("me" or "unassigned") && !Guid.TryParse(owner, out _))
        {
            errors.AddKey("owner", "Ticket.OwnerFilter");
        }
        errors.MaxLength("q", q, 200);
        if (errors.Any) return errors.ToProblem();
        var result = await QueryAsync(db, actors.Current, filter, paging, ct, risk: risk, teams: teams, personal: personal);
        return TypedResults.Ok(result);
    }

    /// <summary>The inbox page's query string as a filter (unknown values are ignored, as on the page).</summary>
    internal static Filter FromQuery(string? status, string? category, string? channel, string? owner, string? q, string? view, string? sort = null) => new(
        Enum.TryParse<TicketStatus>(status, out var s) ? s : null,
        Enum.TryParse<TicketCategory>(category, out var c) ? c : null,
        Enum.TryParse<TicketChannel>(channel, out var ch) ? ch : null,
        owner is "me" or "unassigned" || Guid.TryParse(owner, out _) ? owner : null,
        string.IsNullOrWhiteSpace(q) ? null : q, View: Views.Contains(view) ? view : null, Sort: Sorts.Contains(sort) ? sort : null);

    public static async Task<Paged<TicketSummary>> QueryAsync(
        AppDbContext db, Actor actor, Filter filter, PageRequest paging, CancellationToken ct, DateTime? now = null, IComplaintRiskSource? risk = null, IAgentTeams? teams = null,
        PersonalDataProtector? personal = null)
    {
        var at = now ?? DateTime.UtcNow;
        var query = db.Tickets.AsNoTracking().VisibleTo(actor);
        switch (filter.View)
        {
            case "mine":
                query = query.Where(t => t.OwnerId == actor.UserId && t.Status != TicketStatus.Closed);
                break;
            case "team":
                var team = teams is null ? null : await teams.TeamOfAsync(actor.UserId, ct);
                query = query.Where(t => t.Team == team && t.Status != TicketStatus.Closed);
                break;
            case "unassigned":
                query = query.Where(t => t.OwnerId == null && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved);
                break;
            case "at_risk":
                // Without a clock keeper (a bare host) nothing is at risk.
                var risky = risk?.AtRiskOrBreached(at) ?? Enumerable.Empty<Guid>().AsQueryable();
                query = query.Where(t => risky.Contains(t.Id));
                break;
            case "callbacks":
                var endOfDay = at.Date.AddDays(1);
                var due = db.Callbacks.Where(c => c.Status == Complaints.CallbackStatus.Scheduled && c.DueAt < endOfDay).Select(c => c.TicketId);
                query = query.Where(t => due.Contains(t.Id));
                break;
        }
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
            var text = filter.Text.Trim();
            var upper = text.ToUpperInvariant();
            var tokens = Search.TextSegmenter.Shared.QueryTokens(text);
            // Staff also find a caller's complaints by their phone number, e-mail or name (a walk searched 13812345678 and
            // 陆风华 and found nothing: numbers are masked in the text and names are not in it).
            var customers = actor.IsStaff ? await CustomersCalledAsync(db, text, personal, ct) : [];
            // …and a colleague's complaints by the colleague's name (王芳: the one in the owner column).
            List<Guid?> owners = actor.IsStaff && text.Length is >= 2 and <= 100
                ? await db.Users.AsNoTracking().Where(u => u.DisplayName == text).OrderBy(u => u.Id).Select(u => (Guid?)u.Id).Take(20).ToListAsync(ct)
                : [];
            if (actor.IsStaff && tokens.Count > 0)
            {
                // Staff search the full-text index (subject, description and every message, internal notes included).
                var ids = await SearchComplaints.MatchingIdsAsync(db, tokens, ct);
                query = query.Where(t => ids.Contains(t.Id) || t.Number == upper || t.TransactionId == text || customers.Contains(t.CustomerId)
                    || owners.Contains(t.OwnerId));
            }
            else
            {
                // Customers search their own complaints by what they can see (never by staff's internal notes).
                query = query.Where(t => t.Number == upper || t.TransactionId == text || t.Subject.Contains(text) || t.Description.Contains(text)
                    || customers.Contains(t.CustomerId));
            }
        }

        var total = await query.CountAsync(ct);
        var items = await Ordered(query, filter.Sort, risk)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(t => new TicketSummary(
                t.Id, t.Number, t.Channel, t.CustomerId, t.Customer!.Name, t.Subject, t.Category, t.Priority, t.Status,
                t.Amount == null ? null : new Money(t.Amount.Value, t.Currency!), t.OwnerId, t.Team, t.CreatedAt, t.UpdatedAt))
            .ToListAsync(ct);
        return new Paged<TicketSummary>(items, paging.Page, paging.PageSize, total);
    }

    // Sorted in the database so paging follows the order (issue 18); a complaint without a running clock sorts last by due time.
    private static IOrderedQueryable<Ticket> Ordered(IQueryable<Ticket> query, string? sort, IComplaintRiskSource? risk)
    {
        switch (sort)
        {
            case "sla" when risk is not null:
                var due = risk.RunningDue();
                return query
                    .OrderBy(t => due.Where(d => d.TicketId == t.Id).Min(d => (DateTime?)d.DueAt) == null)
                    .ThenBy(t => due.Where(d => d.TicketId == t.Id).Min(d => (DateTime?)d.DueAt))
                    .ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);
            case "oldest":
                return query.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id);
            case "priority":
                return query
                    .OrderBy(t => t.Priority == TicketPriority.Urgent ? 0 : t.Priority == TicketPriority.High ? 1 : t.Priority == TicketPriority.Normal ? 2 : 3)
                    .ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);
            default:
                return query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);
        }
    }

    /// <summary>The customers a search names: by phone number (its keyed hash), e-mail, or exact name; at most 50.</summary>
    private static async Task<List<Guid>> CustomersCalledAsync(AppDbContext db, string text, PersonalDataProtector? personal, CancellationToken ct)
    {
        if (personal is not null && PersonalData.NormalizePhone(text) is { } phone)
        {
            var hash = personal.Hash(PersonalDataKind.Phone, phone);
            return await db.Customers.AsNoTracking().Where(c => c.PhoneHash == hash).OrderBy(c => c.Id).Select(c => c.Id).Take(50).ToListAsync(ct);
        }
        if (Customers.CustomerDirectory.NormalizeEmail(text) is { } email)
        {
            return await db.Customers.AsNoTracking().Where(c => c.Email == email).OrderBy(c => c.Id).Select(c => c.Id).Take(50).ToListAsync(ct);
        }
        return text.Length is >= 2 and <= 100
            ? await db.Customers.AsNoTracking().Where(c => c.Name == text).OrderBy(c => c.Id).Select(c => c.Id).Take(50).ToListAsync(ct)
            : [];
    }
}
