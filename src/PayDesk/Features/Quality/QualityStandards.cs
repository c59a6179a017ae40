using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Quality;

/// <summary>One rubric item as other features read it; <see cref="MaxValue"/> is 2 for pass/partial/fail (pass 2, partial 1, fail 0).</summary>
internal sealed record RubricItemDefinition(string Key, string Name, string? NameEn, string? Guidance, decimal Weight, ItemScale Scale, int MaxValue, bool Fatal);

/// <summary>The standard rubric as it stands now (its newest version).</summary>
internal sealed record StandardRubric(Guid? Id, string Name, int Version, IReadOnlyList<RubricItemDefinition> Items);

/// <summary>
/// Quality's read contract for other features (Training scores simulated sessions with it): the standard rubric and
/// the phrase lists as the automatic review matches them (jieba word boundaries), so nobody keeps a copy of either.
/// </summary>
internal interface IQualityStandards
{
    /// <summary>The current version of the oldest rubric family (the one a new installation starts with); the shipped default when there is none.</summary>
    Task<StandardRubric> RubricAsync(CancellationToken ct);

    /// <summary>The forbidden and required phrase lists, as the automatic review finds them in agents' messages.</summary>
    Task<PhraseListMatcher> PhrasesAsync(CancellationToken ct);
}

internal sealed class QualityStandards(AppDbContext db, TimeProvider clock) : IQualityStandards
{
    public async Task<StandardRubric> RubricAsync(CancellationToken ct)
    {
        var rubric = await db.Set<QualityRubric>().AsNoTracking().Include(r => r.Items).Where(r => r.IsCurrent)
            .OrderBy(r => r.FamilyId).FirstOrDefaultAsync(ct);
        if (rubric is null)
        {
            return new StandardRubric(null, DefaultRubric.Name, 0, DefaultRubric.Items.Select(i =>
                new RubricItemDefinition(i.Key!, i.Name!, i.NameEn, i.Guidance, i.Weight, i.Scale, i.Scale == ItemScale.PassPartialFail ? QualityScoring.Pass : i.MaxPoints, i.Fatal)).ToList());
        }
        return new StandardRubric(rubric.Id, rubric.Name, rubric.Version, rubric.Items.OrderBy(i => i.Order).Select(i =>
            new RubricItemDefinition(i.Key, i.Name, i.NameEn, i.Guidance, i.Weight, i.Scale, new QualityScoring.Item(i.Weight, i.Scale, i.MaxPoints, i.Fatal).Max, i.Fatal)).ToList());
    }

    public async Task<PhraseListMatcher> PhrasesAsync(CancellationToken ct)
    {
        var entries = await PhraseListStore.ListAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        return new PhraseListMatcher(entries.Select(e => (e.Kind, e.Text)), Search.TextSegmenter.Shared.WordSpans);
    }
}
