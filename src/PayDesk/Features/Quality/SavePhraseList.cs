using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

/// <summary>Supervisors replace the forbidden and required phrase lists; the next automatic review round uses them.</summary>
internal static class SavePhraseList
{
    public const int MaxEntries = 200;

    public sealed record Entry(string? Text, string? Note);

    public sealed record Request(List<Entry>? Forbidden, List<Entry>? Required);

    public sealed record Lists(IReadOnlyList<Entry> Forbidden, IReadOnlyList<Entry> Required)
    {
        public static Lists From(IEnumerable<PhraseListEntry> entries)
        {
            var all = entries.ToList();
            return new(all.Where(e => e.Kind == PhraseListKind.Forbidden).Select(e => new Entry(e.Text, e.Note)).ToList(),
                all.Where(e => e.Kind == PhraseListKind.Required).Select(e => new Entry(e.Text, e.Note)).ToList());
        }
    }

    public static async Task<Ok<Lists>> GetAsync(AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(Lists.From(await PhraseListStore.ListAsync(db, clock.GetUtcNow().UtcDateTime, ct)));

    public static async Task<Results<Ok<Lists>, ValidationProblem>> HandleAsync(
        Request request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var result = await SaveAsync(db, request, actors.Current, clock.GetUtcNow().UtcDateTime, errors, ct);
        return result is null ? errors.ToProblem() : TypedResults.Ok(result);
    }

    /// <summary>Validates and saves; null (and <paramref name="errors"/> filled) when the lists are not acceptable.</summary>
    public static async Task<Lists?> SaveAsync(AppDbContext db, Request request, Actor actor, DateTime now, ValidationErrors errors, CancellationToken ct)
    {
        var wanted = new List<(PhraseListKind Kind, string Text, string? Note)>();
        foreach (var (kind, field, entries) in new[] { (PhraseListKind.Forbidden, "forbidden", request.Forbidden), (PhraseListKind.Required, "required", request.Required) })
        {
            if (entries is null) continue;
            if (entries.Count > MaxEntries) errors.AddKey(field, "Quality.Phrases.TooMany", MaxEntries);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < entries.Count; i++)
            {
                var text = entries[i]?.Text?.Trim();
                var key = $"{field}[{i}].text";
                if (!errors.Required(key, text)) continue;
                if (text!.Length > PhraseListEntry.TextMax) { errors.AddKey(key, "Validation.MaxLength", PhraseListEntry.TextMax); continue; }
                if (PhraseListEntry.Alternatives(text!).Count == 0) { errors.AddKey(key, "Validation.Required"); continue; }
                if (!seen.Add(text!)) { errors.AddKey(key, "Quality.Phrases.Duplicate", text!); continue; }
                var note = entries[i]?.Note?.Trim();
                errors.MaxLength($"{field}[{i}].note", note, PhraseListEntry.NoteMax);
                wanted.Add((kind, text!, string.IsNullOrEmpty(note) ? null : note));
            }
        }
        if (errors.Any) return null;

        await PhraseListStore.EnsureDefaultsAsync(db, now, ct);
        var set = db.Set<PhraseListEntry>();
        var kinds = new List<PhraseListKind>();
        if (request.Forbidden is not null) kinds.Add(PhraseListKind.Forbidden);
        if (request.Required is not null) kinds.Add(PhraseListKind.Required);
        var current = await set.Where(p => kinds.Contains(p.Kind)).ToListAsync(ct);
        // Entries kept as they were keep their row; the rest are replaced.
        foreach (var old in current.Where(c => !wanted.Any(w => w.Kind == c.Kind && w.Text == c.Text))) set.Remove(old);
        foreach (var (kind, text, note) in wanted)
        {
            var row = current.FirstOrDefault(c => c.Kind == kind && c.Text == text);
            if (row is null) set.Add(new PhraseListEntry { Kind = kind, Text = text, Note = note, UpdatedAt = now, UpdatedBy = actor.Name });
            else if (row.Note != note) { row.Note = note; row.UpdatedAt = now; row.UpdatedBy = actor.Name; }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return Lists.From(await set.AsNoTracking().OrderBy(p => p.Kind).ThenBy(p => p.Id).ToListAsync(ct));
    }
}
