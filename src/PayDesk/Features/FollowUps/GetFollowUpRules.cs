namespace PayDesk.Features.FollowUps;

/// <summary>The follow-up rules as the API and the rules page show and take them.</summary>
public sealed record FollowUpRulesDto(bool Escalated, decimal? RefundAbove, string RefundCurrency, int? CsatAtOrBelow, decimal SampleShare,
    int DelayWorkingDays, int MaxAttempts, int RetryWorkingDays, DateTime? UpdatedAt, string? UpdatedBy);

/// <summary>The rules in force (the defaults until a supervisor saves).</summary>
internal static class GetFollowUpRules
{
    public static async Task<FollowUpRulesDto> HandleAsync(FollowUpRuleStore store, CancellationToken ct) => From(await store.CurrentAsync(ct));

    public static FollowUpRulesDto From(FollowUpRuleSet r) => new(r.Escalated, r.RefundAbove, r.RefundCurrency, r.CsatAtOrBelow, r.SampleShare,
        r.DelayWorkingDays, r.MaxAttempts, r.RetryWorkingDays, r.UpdatedAt == default ? null : r.UpdatedAt, r.UpdatedBy);
}
