using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Complaints;

public sealed record TicketHit(Guid Id, string Number, string Subject, TicketStatus Status, TicketCategory Category, DateTime CreatedAt, string Snippet, double Score);

/// <summary>
/// Staff search over complaints in the full-text index: subject, description and every message,
/// internal notes included; one hit per complaint. Words must all match, then any; a short query with
/// nothing found matches prefixes.
/// </summary>
internal sealed class SearchComplaints(AppDbContext db)
{
    private static readonly string[] Staff = [TicketSearch.StaffVisibility];

    /// <summary>GET /search/tickets: the query checked, then <see cref="TicketsAsync"/>.</summary>
    public static async Task<Results<Ok<IReadOnlyList<TicketHit>>, ValidationProblem>> HandleAsync(
        string? q, int? limit, SearchComplaints search, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.Required("q", q);
        errors.MaxLength("q", q, 200);
        if (limit is < 1 or > 100) errors.AddKey("limit", "Validation.PageSize", 100);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await search.TicketsAsync(q, limit ?? 25, ct));
    }

    public async Task<IReadOnlyList<TicketHit>> TicketsAsync(string? text, int limit, CancellationToken ct)
    {
        var tokens = TextSegmenter.Shared.QueryTokens(text);
        if (tokens.Count == 0) return [];
        var query = new SearchQuery(SearchFamily.Tickets, tokens, All: tokens.Count > 1, Prefix: false, Staff, null, null, limit * 4);
        var hits = await SearchIndex.QueryAsync(db.Database, query, ct);
        if (hits.Count < limit && tokens.Count > 1) hits = hits.Concat(await SearchIndex.QueryAsync(db.Database, query with { All = false }, ct)).ToList();
        if (hits.Count == 0 && text!.Trim().Length <= SearchText.ShortQuery) hits = await SearchIndex.QueryAsync(db.Database, query with { Prefix = true }, ct);
        var best = hits.GroupBy(h => h.ParentKey).Select(g => g.First()).Take(limit).ToList();
        if (best.Count == 0) return [];

        var ticketIds = best.Select(h => Guid.Parse(h.ParentKey)).ToList();
        var messageIds = best.Where(h => h.DocType == TicketSearch.MessageDoc).Select(h => Guid.Parse(h.DocKey)).ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Number, t.Subject, t.Status, t.Category, t.CreatedAt, t.Description }).ToDictionaryAsync(t => t.Id, ct);
        var messages = await db.TicketMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Body, ct);
        return best.Where(h => tickets.ContainsKey(Guid.Parse(h.ParentKey))).Select(h =>
        {
            var t = tickets[Guid.Parse(h.ParentKey)];
            var source = h.DocType == TicketSearch.MessageDoc && messages.TryGetValue(Guid.Parse(h.DocKey), out var body) ? body : t.Description;
            return new TicketHit(t.Id, t.Number, t.Subject, t.Status, t.Category, t.CreatedAt, SearchText.Snippet(source, tokens), h.Score);
        }).ToList();
    }

    /// <summary>
    /// The complaints whose subject, description or any message holds all the query's words (at most
    /// 2,000 documents): what the staff complaint list filters by.
    /// </summary>
    public static async Task<List<Guid>> MatchingIdsAsync(AppDbContext db, IReadOnlyList<string> tokens, CancellationToken ct)
    {
        var hits = await SearchIndex.QueryAsync(db.Database, new SearchQuery(SearchFamily.Tickets, tokens, All: true, Prefix: false, Staff, null, null, 2000), ct);
        return hits.Select(h => Guid.Parse(h.ParentKey)).Distinct().ToList();
    }
}
