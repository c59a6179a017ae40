using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

public sealed record RubricItemView(string Key, string Name, string? NameEn, string? Guidance, decimal Weight, ItemScale Scale, int MaxPoints, bool Fatal);

public sealed record RubricView(Guid Id, Guid FamilyId, int Version, string Name, string? Description, bool IsCurrent,
    DateTime CreatedAt, string CreatedByName, IReadOnlyList<RubricItemView> Items);

/// <summary>The rubrics supervisors keep: the current version of each, or every version of one family.</summary>
internal static class ListRubrics
{
    public static async Task<IReadOnlyList<RubricView>> CurrentAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Set<QualityRubric>().AsNoTracking().Include(r => r.Items).Where(r => r.IsCurrent).OrderBy(r => r.Name).ThenBy(r => r.CreatedAt).ToListAsync(ct))
        .Select(View).ToList();

    public static async Task<IReadOnlyList<RubricView>> VersionsAsync(AppDbContext db, Guid familyId, CancellationToken ct) =>
        (await db.Set<QualityRubric>().AsNoTracking().Include(r => r.Items).Where(r => r.FamilyId == familyId).OrderByDescending(r => r.Version).ToListAsync(ct))
        .Select(View).ToList();

    /// <summary>One version by its id, or the current version of a family by the family's id.</summary>
    public static async Task<QualityOutcome<RubricView>> GetAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var rubric = await db.Set<QualityRubric>().AsNoTracking().Include(r => r.Items).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? await db.Set<QualityRubric>().AsNoTracking().Include(r => r.Items).Where(r => r.FamilyId == id).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        return rubric is null ? QualityOutcome<RubricView>.Fail(QualityFailure.NotFound, null, "Quality.NotFound") : QualityOutcome<RubricView>.Of(View(rubric));
    }

    internal static RubricView View(QualityRubric r) => new(r.Id, r.FamilyId, r.Version, r.Name, r.Description, r.IsCurrent, r.CreatedAt, r.CreatedByName,
        r.Items.OrderBy(i => i.Order).Select(i => new RubricItemView(i.Key, i.Name, i.NameEn, i.Guidance, i.Weight, i.Scale, i.MaxPoints, i.Fatal)).ToList());
}
