using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Knowledge;

/// <summary>
/// Indexes what was stored before the index existed (a database from an earlier version), once,
/// in batches, at start-up. After that every save keeps the index current by itself.
/// </summary>
internal static class SearchBackfill
{
    private const string Key = "search.index.version";
    private const string Version = "1";
    private const int Batch = 500;

    public static async Task EnsureAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.AppSettings.AnyAsync(s => s.Key == Key && s.Value == Version, ct)) return;
        var total = 0;

        var articles = await db.Articles.AsNoTracking().Where(a => a.PublishedTitle != null && a.Status != ArticleStatus.Archived).ToListAsync(ct);
        if (articles.Count > 0) total += await ApplyAsync(db, articles.Select(SearchIndexer.ArticleChange).ToList(), ct);
        for (var after = Guid.Empty; ;)
        {
            var tickets = await db.Tickets.AsNoTracking().Where(t => t.Id.CompareTo(after) > 0).OrderBy(t => t.Id).Take(Batch)
                .Select(t => new { t.Id, t.Subject, t.Number, t.TransactionId, t.Description, t.Category }).ToListAsync(ct);
            if (tickets.Count == 0) break;
            after = tickets[^1].Id;
            total += await ApplyAsync(db, tickets.Select(t => SearchIndexer.TicketChange(t.Id, t.Subject, t.Number, t.TransactionId, t.Description, t.Category)).ToList(), ct);
            if (total % 5000 < Batch) console.WriteLine($"search index: {total} documents …");
        }
        for (var after = Guid.Empty; ;)
        {
            var messages = await db.TicketMessages.AsNoTracking().Where(m => m.Id.CompareTo(after) > 0).OrderBy(m => m.Id).Take(Batch)
                .Select(m => new { m.Id, m.TicketId, m.Body }).ToListAsync(ct);
            if (messages.Count == 0) break;
            after = messages[^1].Id;
            total += await ApplyAsync(db, messages.Select(m => SearchIndexer.MessageChange(m.Id, m.TicketId, m.Body)).ToList(), ct);
        }
        db.AppSettings.Add(new AppSetting { Key = Key, Value = Version, UpdatedAt = DateTime.UtcNow, UpdatedBy = "system" });
        await db.SaveChangesAsync(ct);
        if (total > 0) console.WriteLine($"search index: {total} documents indexed.");
    }

    private static async Task<int> ApplyAsync(AppDbContext db, IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        await db.ApplySearchAsync(changes, ct);
        await tx.CommitAsync(ct);
        return changes.Count;
    }
}
