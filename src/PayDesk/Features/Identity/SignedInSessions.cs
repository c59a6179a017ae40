using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>
/// A session someone signed out of. Every sign-in carries its own session id (<see cref="PayDeskClaims.Session"/>, in the
/// cookie or the bearer token and kept by its refreshes); signing out records that id here, so the other devices of the
/// same person stay signed in while a copy of the ended cookie or token is refused. Kept for <see cref="SignedInSessions.Remembered"/>,
/// longer than a refresh token or an idle cookie can live.
/// </summary>
internal sealed class EndedSession
{
    public required string Id { get; init; }
    public Guid UserId { get; init; }
    public DateTime EndedAt { get; init; }
}

internal sealed class EndedSessionConfiguration : IEntityTypeConfiguration<EndedSession>
{
    public void Configure(EntityTypeBuilder<EndedSession> b)
    {
        b.ToTable("ended_sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasMaxLength(32);
        b.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}

internal static class SignedInSessions
{
    /// <summary>How long an ended session is remembered: a refresh token lives 7 days, a cookie 10 hours after its last use.</summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromDays(8);

    /// <summary>A new session id (for a sign-in).</summary>
    public static Claim NewClaim() => new(PayDeskClaims.Session, Guid.NewGuid().ToString("N"));

    public static string? Of(ClaimsPrincipal? user) => user?.FindFirstValue(PayDeskClaims.Session);

    /// <summary>
    /// A principal made again for the same sign-in (a refreshed token, a cookie whose security stamp was checked) keeps the
    /// session id it had: otherwise a copy of an ended cookie would come back as a new session.
    /// </summary>
    public static void CarryOver(ClaimsPrincipal from, ClaimsPrincipal to)
    {
        if (to.Identity is not ClaimsIdentity identity) return;
        foreach (var old in identity.FindAll(PayDeskClaims.Session).ToList()) identity.RemoveClaim(old);
        // A session from before session ids stays without one (signing it out ends every session, as it always did):
        // given a new id at each refresh, a copy of its original token would have outlived the sign-out.
        if (Of(from) is { } sid) identity.AddClaim(new Claim(PayDeskClaims.Session, sid));
    }

    /// <summary>
    /// Signs out the session of <paramref name="user"/> only; a session from before session ids (none in its claims) ends
    /// with all the others, as it always did. The person goes offline for routing either way.
    /// </summary>
    public static async Task EndAsync(ClaimsPrincipal user, UserManager<AppUser> users, LiveSessions live, AppDbContext db, TimeProvider clock)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return;
        if (Of(user) is not { Length: > 0 and <= 32 } sid)
        {
            await AuthEndpoints.EndSessionsAsync(id, users, live, db, clock);
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.EndedSessions.AnyAsync(s => s.Id == sid))
        {
            db.EndedSessions.Add(new EndedSession { Id = sid, UserId = id, EndedAt = now });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // Signed out twice at once (two tabs): ended either way; anything else is an error.
                db.ChangeTracker.Clear();
                if (!await db.EndedSessions.AsNoTracking().AnyAsync(s => s.Id == sid)) throw;
            }
        }
        live.Changed(id);
        await Routing.AgentPresence.GoOfflineAsync(db, id, now, CancellationToken.None);
    }
}
