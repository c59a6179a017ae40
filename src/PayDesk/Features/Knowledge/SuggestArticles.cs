using Microsoft.AspNetCore.Http.HttpResults;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>Articles that may answer a complaint, for the agent working it.</summary>
internal static class SuggestArticles
{
    public static async Task<Results<Ok<IReadOnlyList<ArticleHit>>, NotFound>> HandleAsync(
        string id, AppDbContext db, ActorAccessor actors, SearchArticles search, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ForAsync(search, ticket, ct));
    }

    /// <summary>The subject says what the complaint is about; the description only fills up the list (long texts drift).</summary>
    public static async Task<IReadOnlyList<ArticleHit>> ForAsync(SearchArticles search, Ticket ticket, CancellationToken ct)
    {
        var locale = ticket.Customer?.Locale ?? "zh-CN";
        var hits = (await search.ArticlesAsync(ticket.Subject, includeInternal: true, locale, null, 5, ct)).ToList();
        if (hits.Count < 5)
        {
            var more = await search.ArticlesAsync($"{ticket.Subject} {ticket.Description}"[..Math.Min(200, ticket.Subject.Length + ticket.Description.Length + 1)],
                includeInternal: true, locale, null, 5, ct);
            hits.AddRange(more.Where(m => hits.All(h => h.Id != m.Id)).Take(5 - hits.Count));
        }
        return hits;
    }
}
