using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Sla;

/// <summary>Change the service-level targets; new complaints and re-targets use them, running clocks keep theirs.</summary>
internal static class SaveSlaPolicy
{
    public static async Task<Results<Ok<SlaOptions>, ValidationProblem>> HandleAsync(
        SlaOptions policy, AppDbContext db, SlaPolicyStore store, ActorAccessor actors, CalendarRegistry calendars, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        foreach (var field in policy.Problems()) errors.AddKey(field, "Sla.PolicyValue");
        if (!string.IsNullOrWhiteSpace(policy.LineCalendar) && !calendars.Exists(policy.LineCalendar)) errors.AddKey("lineCalendar", "Sla.PolicyValue");
        if (errors.Any) return errors.ToProblem();
        await store.SaveAsync(db, policy, actors.Current.Name, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(store.Current);
    }
}
