using System.Security.Claims;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Identity;

/// <summary>A principal made again for the same sign-in keeps its session id, and one from before session ids stays without.</summary>
public sealed class SessionIdTests
{
    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));

    [Fact]
    public void A_refreshed_principal_keeps_the_session_id_it_had()
    {
        var before = Principal(new Claim(PayDeskClaims.Session, "aaaa"));
        var after = Principal(SignedInSessions.NewClaim());
        SignedInSessions.CarryOver(before, after);
        Assert.Equal("aaaa", Assert.Single(after.FindAll(PayDeskClaims.Session)).Value);
    }

    [Fact]
    public void A_session_from_before_session_ids_is_not_given_a_new_one_at_each_refresh()
    {
        // Given one, signing it out would end only that new id, and a copy of the original token would live on.
        var before = Principal(new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()));
        var after = Principal(SignedInSessions.NewClaim());
        SignedInSessions.CarryOver(before, after);
        Assert.Empty(after.FindAll(PayDeskClaims.Session));
        Assert.Null(SignedInSessions.Of(after));
    }

    [Fact]
    public void Every_sign_in_gets_its_own_id()
    {
        Assert.NotEqual(SignedInSessions.NewClaim().Value, SignedInSessions.NewClaim().Value);
        Assert.Equal(32, SignedInSessions.NewClaim().Value.Length);
    }
}
