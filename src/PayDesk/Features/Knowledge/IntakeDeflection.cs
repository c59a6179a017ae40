using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

/// <summary>The help centre's answers on the new-complaint form, and the deflection they earned.</summary>
internal sealed class IntakeDeflection(SearchArticles search, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : IIntakeDeflection
{
    public async Task<IReadOnlyList<SuggestedAnswer>> SuggestAsync(string query, string locale, int limit, CancellationToken ct) =>
        (await search.ArticlesAsync(PayDesk.Infrastructure.Http.ClippedText.Head(query, 200), false, locale, null, limit, ct))
            .Select(a => new SuggestedAnswer(a.Slug, a.Locale, a.Title, a.Snippet)).ToList();

    public Task RecordAsync(string query, IReadOnlyList<string> suggested, bool solved, Guid? ticketId, CancellationToken ct) =>
        RecordDeflection.HandleAsync(new RecordDeflection.DeflectionRequest(PayDesk.Infrastructure.Http.ClippedText.Head(query, 500), suggested, null,
            solved ? DeflectionOutcome.Solved : DeflectionOutcome.WentAhead, ticketId), db, actors, clock, l, ct);
}
