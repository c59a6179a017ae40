using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Routing;

/// <summary>
/// Presence follows the person, not only the switch: an agent who signs out or whose account is deactivated is offline,
/// so routing does not keep giving complaints and chats to someone who is no longer there while their clocks run.
/// </summary>
internal static class AgentPresence
{
    /// <summary>Sets the agent offline (no change when they have no profile or are offline already); saves.</summary>
    public static async Task GoOfflineAsync(AppDbContext db, Guid userId, DateTime nowUtc, CancellationToken ct)
    {
        // A page's long-lived context may hold the profile as it was read minutes ago: read it as it is now.
        if (db.AgentProfiles.Local.FirstOrDefault(p => p.UserId == userId) is { } stale) await db.Entry(stale).ReloadAsync(ct);
        var profile = await db.AgentProfiles.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null || profile.Presence == Presence.Offline) return;
        profile.Presence = Presence.Offline;
        profile.PresenceSince = nowUtc;
        await db.SaveChangesAsync(ct);
    }
}
