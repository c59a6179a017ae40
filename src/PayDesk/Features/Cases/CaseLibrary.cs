using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Cases;

/// <summary>
/// A published case as other features may read it (Training builds simulated customers from these): the facts,
/// the problem, its cause, how it was resolved, the customer's words and the tags. Only published cases —
/// scrubbed and checked — are ever handed out; drafts and the source complaint stay inside the library.
/// </summary>
internal sealed record PublishedCase(Guid Id, string Title, string Problem, string Cause, string Resolution, string CustomerWords, string Lessons,
    TicketCategory Category, RootCause? RootCause, TicketChannel Channel, IReadOnlyList<string> Tags, IReadOnlyList<string> Articles, DateTime PublishedAt);

/// <summary>The case library's read contract for other features.</summary>
internal interface ICaseLibrary
{
    /// <summary>One published case, or null (unknown or still a draft).</summary>
    Task<PublishedCase?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Published cases, newest first, optionally of one category.</summary>
    Task<IReadOnlyList<PublishedCase>> ListAsync(TicketCategory? category, int limit, CancellationToken ct);
}

internal sealed class CaseLibrary(AppDbContext db) : ICaseLibrary
{
    public async Task<PublishedCase?> GetAsync(Guid id, CancellationToken ct)
    {
        var c = await db.Set<ServiceCase>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.Status == CaseStatus.Published, ct);
        return c is null ? null : From(c);
    }

    public async Task<IReadOnlyList<PublishedCase>> ListAsync(TicketCategory? category, int limit, CancellationToken ct)
    {
        var query = db.Set<ServiceCase>().AsNoTracking().Where(c => c.Status == CaseStatus.Published);
        if (category is { } cat) query = query.Where(c => c.Category == cat);
        var items = await query.OrderByDescending(c => c.PublishedAt).Take(Math.Clamp(limit, 1, 200)).ToListAsync(ct);
        return items.Select(From).ToList();
    }

    private static PublishedCase From(ServiceCase c) => new(c.Id, c.Title, c.Problem, c.Cause, c.Actions, c.CustomerWords, c.Lessons, c.Category, c.RootCause,
        c.Channel, c.TagList, c.ArticleList, c.PublishedAt ?? c.UpdatedAt);
}
