using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

public sealed record RubricItemInput(string? Key, string? Name, string? NameEn, string? Guidance, decimal Weight, ItemScale Scale, int MaxPoints, bool Fatal);

public sealed record RubricInput(string? Name, string? Description, List<RubricItemInput>? Items);

/// <summary>
/// A supervisor creates a rubric or saves a new version of one. The old version is kept as it was and retired, so
/// reviews already scored against it keep their items and totals; samples and reviews assigned afterwards use the new one.
/// </summary>
internal static partial class SaveRubric
{
    public const int MaxItems = 30;

    public static async Task<QualityOutcome<RubricView>> CreateAsync(AppDbContext db, Actor actor, TimeProvider clock, RubricInput input, CancellationToken ct)
    {
        if (Validate(input) is { } invalid) return invalid;
        var rubric = Build(Guid.CreateVersion7(), 1, input, clock.GetUtcNow().UtcDateTime, actor.UserId, actor.Name);
        db.Set<QualityRubric>().Add(rubric);
        await db.SaveChangesAsync(ct);
        return QualityOutcome<RubricView>.Of(ListRubrics.View(rubric));
    }

    /// <param name="id">The family's id or the id of any of its versions.</param>
    public static async Task<QualityOutcome<RubricView>> NewVersionAsync(AppDbContext db, Actor actor, TimeProvider clock, Guid id, RubricInput input, CancellationToken ct)
    {
        var family = await FamilyOfAsync(db, id, ct);
        if (family is null) return QualityOutcome<RubricView>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        if (Validate(input) is { } invalid) return invalid;
        var versions = await db.Set<QualityRubric>().Where(r => r.FamilyId == family).ToListAsync(ct);
        foreach (var old in versions) old.IsCurrent = false;
        var rubric = Build(family.Value, versions.Max(v => v.Version) + 1, input, clock.GetUtcNow().UtcDateTime, actor.UserId, actor.Name);
        db.Set<QualityRubric>().Add(rubric);
        await db.SaveChangesAsync(ct);
        return QualityOutcome<RubricView>.Of(ListRubrics.View(rubric));
    }

    /// <summary>Retires every version of a rubric (its reviews stay); nothing new is scored against it.</summary>
    public static async Task<QualityOutcome<RubricView>> ArchiveAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var family = await FamilyOfAsync(db, id, ct);
        if (family is null) return QualityOutcome<RubricView>.Fail(QualityFailure.NotFound, null, "Quality.NotFound");
        var versions = await db.Set<QualityRubric>().Include(r => r.Items).Where(r => r.FamilyId == family).ToListAsync(ct);
        foreach (var v in versions) v.IsCurrent = false;
        await db.SaveChangesAsync(ct);
        return QualityOutcome<RubricView>.Of(ListRubrics.View(versions.MaxBy(v => v.Version)!));
    }

    private static async Task<Guid?> FamilyOfAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<QualityRubric>().Where(r => r.Id == id || r.FamilyId == id).Select(r => (Guid?)r.FamilyId).FirstOrDefaultAsync(ct);

    public static QualityOutcome<RubricView>? Validate(RubricInput input)
    {
        static QualityOutcome<RubricView> Bad(string field, string key, params object[] args) => QualityOutcome<RubricView>.Fail(QualityFailure.Invalid, field, key, args);
        if (string.IsNullOrWhiteSpace(input.Name)) return Bad("name", "Validation.Required");
        if (input.Name.Trim().Length > 100) return Bad("name", "Quality.TooLong", 100);
        if (input.Description is { Length: > 1000 }) return Bad("description", "Quality.TooLong", 1000);
        if (input.Items is not { Count: > 0 }) return Bad("items", "Quality.Rubric.NoItems");
        if (input.Items.Count > MaxItems) return Bad("items", "Quality.Rubric.TooManyItems", MaxItems);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < input.Items.Count; i++)
        {
            var item = input.Items[i];
            var at = $"items[{i}]";
            if (item is null) return Bad(at, "Validation.Required");
            if (string.IsNullOrWhiteSpace(item.Name)) return Bad($"{at}.name", "Validation.Required");
            if (item.Name.Trim().Length > 100 || item.NameEn is { Length: > 100 }) return Bad($"{at}.name", "Quality.TooLong", 100);
            if (item.Guidance is { Length: > 500 }) return Bad($"{at}.guidance", "Quality.TooLong", 500);
            var key = KeyOf(item, i);
            if (!KeyPattern().IsMatch(key)) return Bad($"{at}.key", "Quality.Rubric.BadKey");
            if (!keys.Add(key)) return Bad($"{at}.key", "Quality.Rubric.DuplicateKey", key);
            if (item.Weight is <= 0 or > 100) return Bad($"{at}.weight", "Quality.Rubric.BadWeight");
            if (!Enum.IsDefined(item.Scale)) return Bad($"{at}.scale", "Quality.Rubric.BadScale");
            if (item.Scale == ItemScale.Points && item.MaxPoints is < 1 or > 100) return Bad($"{at}.maxPoints", "Quality.Rubric.BadMaxPoints");
        }
        return null;
    }

    /// <summary>A new item without a key gets one from its position; keys keep an item the same across versions.</summary>
    private static string KeyOf(RubricItemInput item, int index) => string.IsNullOrWhiteSpace(item.Key) ? $"item_{index + 1}" : item.Key.Trim();

    internal static QualityRubric Build(Guid familyId, int version, RubricInput input, DateTime now, Guid? by, string byName)
    {
        var id = Guid.CreateVersion7();
        return new QualityRubric
        {
            Id = id,
            FamilyId = familyId,
            Version = version,
            Name = input.Name!.Trim(),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            IsCurrent = true,
            CreatedAt = now,
            CreatedById = by,
            CreatedByName = byName,
            Items = input.Items!.Select((item, i) => new QualityRubricItem
            {
                RubricId = id,
                Order = i,
                Key = KeyOf(item, i),
                Name = item.Name!.Trim(),
                NameEn = string.IsNullOrWhiteSpace(item.NameEn) ? null : item.NameEn.Trim(),
                Guidance = string.IsNullOrWhiteSpace(item.Guidance) ? null : item.Guidance.Trim(),
                Weight = item.Weight,
                Scale = item.Scale,
                MaxPoints = item.Scale == ItemScale.PassPartialFail ? QualityScoring.Pass : item.MaxPoints,
                Fatal = item.Fatal,
            }).ToList(),
        };
    }

    [GeneratedRegex("^[a-z0-9_]{1,64}$")]
    private static partial Regex KeyPattern();
}
