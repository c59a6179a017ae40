using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

/// <summary>
/// The phrase lists as stored. A new installation starts with <see cref="PhraseListDefaults"/>, written once (a counter
/// marks it, so a supervisor who empties a list keeps it empty).
/// </summary>
internal static class PhraseListStore
{
    private const string Marker = "quality:phrases-seeded";

    public static async Task<List<PhraseListEntry>> ListAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        await EnsureDefaultsAsync(db, now, ct);
        return await db.Set<PhraseListEntry>().AsNoTracking().OrderBy(p => p.Kind).ThenBy(p => p.Id).ToListAsync(ct);
    }

    public static async Task EnsureDefaultsAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        if (await db.Counters.AnyAsync(c => c.Name == Marker, ct)) return;
        var marker = new Counter { Name = Marker, Value = 1 };
        db.Counters.Add(marker);
        var seeded = PhraseListDefaults.Entries
            .Select(e => new PhraseListEntry { Kind = e.Kind, Text = e.Text, Note = e.Note, UpdatedAt = now, UpdatedBy = "PayDesk" }).ToList();
        db.Set<PhraseListEntry>().AddRange(seeded);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded them at the same moment.
        }
        // Forget only what was seeded here: the caller's context may track its own work (Training ends a session after
        // reading the lists), which clearing the whole tracker would silently throw away.
        db.Entry(marker).State = EntityState.Detached;
        foreach (var entry in seeded) db.Entry(entry).State = EntityState.Detached;
    }
}

/// <summary>Builds the rules with the current phrase lists, the shared jieba segmenter and the assistant's anger detector.</summary>
internal sealed class AutomaticReviewRulesFactory(AppDbContext db, TimeProvider clock)
{
    public async Task<AutomaticReviewRules> CreateAsync(CancellationToken ct)
    {
        var entries = await PhraseListStore.ListAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        return Create(entries.Select(e => (e.Kind, e.Text)));
    }

    public static AutomaticReviewRules Create(IEnumerable<(PhraseListKind Kind, string Text)> entries) =>
        new(new PhraseListMatcher(entries, Search.TextSegmenter.Shared.WordSpans), Assistant.AssistantBrain.SoundsAngry);
}
