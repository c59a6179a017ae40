using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Quality;

/// <summary>The automatic review over the API: the lowest scores of a period (for sampling), one complaint's or chat's review.</summary>
internal static class AutomaticReviewRequests
{
    public static async Task<Results<Ok<IReadOnlyList<AutomaticReviewSummary>>, ValidationProblem>> LowestAsync(
        string? from, string? to, string? agent, int? count, IAutomaticReviewResults results, TimeProvider clock, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var today = Complaints.ServiceTime.DateOf(clock.GetUtcNow().UtcDateTime);
        var end = errors.OptionalDate("to", to) ?? today;
        var start = errors.OptionalDate("from", from) ?? end.AddDays(-6);
        if (start > end) errors.AddKey("to", "Validation.RangeOrder");
        Guid? agentId = null;
        if (!string.IsNullOrWhiteSpace(agent))
        {
            if (Guid.TryParse(agent, out var id)) agentId = id;
            else errors.AddKey("agent", "Quality.Scorecard.BadAgent");
        }
        var n = count ?? 20;
        if (n is < 1 or > AutomaticReviewResults.MaxCount) errors.AddKey("count", "Validation.PageSize", AutomaticReviewResults.MaxCount);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await results.LowestScoringAsync(QualityWeek.StartUtc(start), QualityWeek.StartUtc(end.AddDays(1)), agentId, n, ct));
    }

    public static async Task<Results<Ok<AutomaticReviewSummary>, NotFound, ValidationProblem>> OneAsync(
        string subject, Guid id, IAutomaticReviewResults results, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var kind = EnumText.Parse<ReviewSubject>(subject, "subject", errors);
        if (kind is null || errors.Any)
        {
            if (!errors.Any) errors.AddKey("subject", "Validation.Required");
            return errors.ToProblem();
        }
        return await results.ForAsync(kind.Value, id, ct) is { } review ? TypedResults.Ok(review) : TypedResults.NotFound();
    }
}
