using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Routing;

/// <summary>An agent's team, skills, capacity and presence.</summary>
internal static class GetAgentProfile
{
    public sealed record ProfileResponse(Guid UserId, string Team, string Region, IReadOnlyDictionary<string, int> Skills, int ChatCapacity, int CallCapacity, int TicketCapacity, Presence Presence)
    {
        internal static ProfileResponse From(AgentProfile p) =>
            new(p.UserId, p.Team, p.Region, p.SkillMap(), p.ChatCapacity, p.CallCapacity, p.TicketCapacity, p.Presence);
    }

    public static async Task<Results<Ok<ProfileResponse>, NotFound>> HandleAsync(Guid userId, AppDbContext db, CancellationToken ct) =>
        await db.AgentProfiles.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId, ct) is { } profile
            ? TypedResults.Ok(ProfileResponse.From(profile)) : TypedResults.NotFound();

    /// <summary>The profiles of every agent who has one, by user.</summary>
    public static Task<Dictionary<Guid, AgentProfile>> AllAsync(AppDbContext db, CancellationToken ct) =>
        db.AgentProfiles.AsNoTracking().ToDictionaryAsync(p => p.UserId, ct);

    /// <summary>One agent's profile, or none.</summary>
    public static Task<AgentProfile?> FindAsync(AppDbContext db, Guid? userId, CancellationToken ct) =>
        userId is null ? Task.FromResult<AgentProfile?>(null) : db.AgentProfiles.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId, ct);
}
