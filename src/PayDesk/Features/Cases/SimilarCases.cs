using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Cases;

/// <summary>The published cases most like a complaint, for the agent working it (the panel beside the complaint, and the API).</summary>
internal sealed class SimilarCases(AppDbContext db, SearchCases search)
{
    public const int Shown = 3;

    public static async Task<Results<Ok<IReadOnlyList<CaseSummary>>, NotFound>> HandleAsync(string complaint, SimilarCases similar, CancellationToken ct) =>
        await similar.ForComplaintAsync(complaint, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    /// <summary>By the complaint's id or number; null when there is no such complaint.</summary>
    public async Task<IReadOnlyList<CaseSummary>?> ForComplaintAsync(string complaint, CancellationToken ct)
    {
        var key = complaint.Trim();
        var query = db.Tickets.AsNoTracking();
        var ticket = Guid.TryParse(key, out var id)
            ? await query.Where(t => t.Id == id).Select(t => new { t.Id, t.Subject, t.Description, t.Category }).FirstOrDefaultAsync(ct)
            : await query.Where(t => t.Number == key.ToUpperInvariant()).Select(t => new { t.Id, t.Subject, t.Description, t.Category }).FirstOrDefaultAsync(ct);
        if (ticket is null) return null;
        return await search.SimilarAsync(ticket.Subject + " " + ticket.Description, ticket.Category, ticket.Id, Shown, ct);
    }
}
