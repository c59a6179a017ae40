using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>
/// The case library's list: filtered by tag, category, channel and (for supervisors) status, paged; with a
/// query, found by the full-text index (jieba words, best match first), without one, newest first.
/// </summary>
internal sealed class SearchCases(AppDbContext db, ActorAccessor actors)
{
    /// <summary>How many full-text hits a query considers before the filters and the page apply.</summary>
    private const int HitLimit = 500;

    public sealed record CaseFilter(string? Q, string? Tag, TicketCategory? Category, TicketChannel? Channel, CaseStatus? Status);

    public static async Task<Results<Ok<Paged<CaseSummary>>, ValidationProblem>> HandleAsync(
        string? q, string? tag, string? category, string? channel, string? status, int? page, int? pageSize, SearchCases search, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        errors.MaxLength("q", q, 200);
        errors.MaxLength("tag", tag, 64);
        var filter = new CaseFilter(q, tag, EnumText.Parse<TicketCategory>(category, "category", errors), EnumText.Parse<TicketChannel>(channel, "channel", errors),
            EnumText.Parse<CaseStatus>(status, "status", errors));
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await search.ListAsync(filter, paging, ct));
    }

    public async Task<Paged<CaseSummary>> ListAsync(CaseFilter filter, PageRequest paging, CancellationToken ct)
    {
        var query = CaseViews.Visible(db, actors.Current);
        if (filter.Status is { } s) query = query.Where(c => c.Status == s);
        if (filter.Category is { } cat) query = query.Where(c => c.Category == cat);
        if (filter.Channel is { } ch) query = query.Where(c => c.Channel == ch);
        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var tag = "," + filter.Tag.Trim() + ",";
            query = query.Where(c => ("," + c.Tags + ",").Contains(tag));
        }
        if (string.IsNullOrWhiteSpace(filter.Q))
        {
            var total = await query.CountAsync(ct);
            var items = await query.OrderByDescending(c => c.PublishedAt ?? c.UpdatedAt).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
            return new Paged<CaseSummary>(items.Select(c => CaseViews.Summary(c)).ToList(), paging.Page, paging.PageSize, total);
        }

        // Drafts are not in the index (not yet checked): a query finds published cases only.
        var tokens = TextSegmenter.Shared.QueryTokens(filter.Q);
        var hits = await Hits(tokens, filter.Category, HitLimit, ct);
        if (hits.Count == 0 && filter.Q.Trim().Length <= SearchText.ShortQuery) hits = await Hits(tokens, filter.Category, HitLimit, ct, prefix: true);
        var order = hits.Select((h, i) => (Id: Guid.Parse(h.DocKey), i)).ToDictionary(h => h.Id, h => h.i);
        var ids = order.Keys.ToList();
        var found = await query.Where(c => ids.Contains(c.Id) && c.Status == CaseStatus.Published).ToListAsync(ct);
        var ranked = found.OrderBy(c => order[c.Id]).ToList();
        var page = ranked.Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => CaseViews.Summary(c, SearchText.Snippet(string.Join(" ", c.Problem, c.CustomerWords, c.Cause, c.Actions, c.Lessons, string.Join(" ", c.TagList)), tokens))).ToList();
        return new Paged<CaseSummary>(page, paging.Page, paging.PageSize, ranked.Count);
    }

    private async Task<List<SearchHit>> Hits(IReadOnlyList<string> tokens, TicketCategory? category, int limit, CancellationToken ct, bool prefix = false)
    {
        if (tokens.Count == 0) return [];
        var query = new SearchQuery(SearchFamily.Articles, tokens.Take(32).ToList(), All: false, Prefix: prefix, [ServiceCase.SearchVisibility], null,
            category?.ToString(), limit);
        return await SearchIndex.QueryAsync(db.Database, query, ct);
    }

    /// <summary>
    /// Published cases like a complaint: its subject and description as a query (words OR-ed, best first), cases of
    /// its category before others; with no words in common, the newest cases of its category.
    /// </summary>
    public async Task<IReadOnlyList<CaseSummary>> SimilarAsync(string text, TicketCategory category, Guid? exceptTicket, int count, CancellationToken ct)
    {
        var tokens = TextSegmenter.Shared.QueryTokens(text);
        var hits = await Hits(tokens, null, 50, ct);
        var order = hits.Select((h, i) => (Id: Guid.Parse(h.DocKey), i)).GroupBy(h => h.Id).ToDictionary(g => g.Key, g => g.First().i);
        var ids = order.Keys.ToList();
        var published = db.Set<ServiceCase>().AsNoTracking().Where(c => c.Status == CaseStatus.Published && c.TicketId != exceptTicket);
        var found = await published.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var ranked = found.OrderBy(c => c.Category == category ? 0 : 1).ThenBy(c => order[c.Id]).Take(count).ToList();
        if (ranked.Count < count)
        {
            var have = ranked.Select(c => c.Id).ToList();
            ranked.AddRange(await published.Where(c => c.Category == category && !have.Contains(c.Id))
                .OrderByDescending(c => c.PublishedAt).Take(count - ranked.Count).ToListAsync(ct));
        }
        return ranked.Select(c => CaseViews.Summary(c, SearchText.Snippet(c.Problem, tokens, 80))).ToList();
    }
}
