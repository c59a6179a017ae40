using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.FollowUps;

/// <summary>A supervisor changes the follow-up rules; they apply to resolutions from now on (visits already planned stay).</summary>
internal static class SaveFollowUpRules
{
    public sealed record Request(bool? Escalated, decimal? RefundAbove, string? RefundCurrency, int? CsatAtOrBelow, decimal? SampleShare,
        int? DelayWorkingDays, int? MaxAttempts, int? RetryWorkingDays);

    public static async Task<Results<Ok<FollowUpRulesDto>, ValidationProblem>> HandleAsync(
        Request request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Escalated is null) errors.AddKey("escalated", "Validation.Required");
        if (request.RefundAbove is < 0 or > 100_000_000m) errors.AddKey("refundAbove", "FollowUp.RefundAboveRange");
        var currency = request.RefundCurrency?.Trim().ToUpperInvariant();
        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)) errors.AddKey("refundCurrency", "FollowUp.Currency");
        if (request.CsatAtOrBelow is < 1 or > 5) errors.AddKey("csatAtOrBelow", "FollowUp.CsatRange");
        if (request.SampleShare is null or < 0 or > 1) errors.AddKey("sampleShare", "FollowUp.ShareRange");
        if (request.DelayWorkingDays is null or < 1 or > 30) errors.AddKey("delayWorkingDays", "FollowUp.DelayRange");
        if (request.MaxAttempts is null or < 1 or > 10) errors.AddKey("maxAttempts", "FollowUp.AttemptsRange");
        if (request.RetryWorkingDays is null or < 1 or > 10) errors.AddKey("retryWorkingDays", "FollowUp.RetryRange");
        if (errors.Any) return errors.ToProblem();

        var rules = await db.Set<FollowUpRuleSet>().FirstOrDefaultAsync(r => r.Id == FollowUpRuleSet.SingletonId, ct);
        if (rules is null) db.Set<FollowUpRuleSet>().Add(rules = FollowUpRuleSet.Defaults());
        rules.Escalated = request.Escalated!.Value;
        rules.RefundAbove = request.RefundAbove;
        rules.RefundCurrency = currency!;
        rules.CsatAtOrBelow = request.CsatAtOrBelow;
        rules.SampleShare = request.SampleShare!.Value;
        rules.DelayWorkingDays = request.DelayWorkingDays!.Value;
        rules.MaxAttempts = request.MaxAttempts!.Value;
        rules.RetryWorkingDays = request.RetryWorkingDays!.Value;
        rules.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        rules.UpdatedBy = actors.Current.Name;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GetFollowUpRules.From(rules));
    }
}
