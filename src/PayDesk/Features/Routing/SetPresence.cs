using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Routing;

/// <summary>An agent goes online, away or offline; nothing is routed to an agent who is not online.</summary>
internal static class SetPresence
{
    public sealed record PresenceRequest(Presence? Presence);

    public static async Task<Results<Ok<GetAgentProfile.ProfileResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        PresenceRequest request, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Presence is null or Presence.Busy || !Enum.IsDefined(request.Presence.Value)) errors.AddKey("presence", "Request.InvalidEnum", "online, away, offline");
        if (errors.Any) return errors.ToProblem();
        var profile = await db.AgentProfiles.FirstOrDefaultAsync(a => a.UserId == actors.Current.UserId, ct);
        if (profile is null) return TypedResults.Problem(l["Routing.NoProfile"], statusCode: StatusCodes.Status409Conflict, title: l["Routing.Title"]);
        profile.Presence = request.Presence!.Value;
        profile.PresenceSince = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GetAgentProfile.ProfileResponse.From(profile));
    }
}
