using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>Adds the display name and, for customers, the customer id to the sign-in principal.</summary>
internal sealed class PayDeskClaimsFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, IOptions<SignInOptions> signIn)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PayDeskClaims.DisplayName, user.DisplayName));
        // Each principal made here starts a session of its own; re-made ones for the same sign-in keep theirs (CarryOver).
        identity.AddClaim(SignedInSessions.NewClaim());
        if (user.CustomerId is { } customerId)
        {
            identity.AddClaim(new Claim(PayDeskClaims.CustomerId, customerId.ToString()));
        }
        if (user.MustChangePassword) identity.AddClaim(new Claim(PayDeskClaims.MustChangePassword, "true"));
        if (signIn.Value.RequireTwoFactorForPrivilegedRoles && !user.TwoFactorEnabled
            && identity.FindAll(identity.RoleClaimType).Any(r => Roles.Privileged.Contains(r.Value)))
        {
            identity.AddClaim(new Claim(PayDeskClaims.MustEnrolTwoFactor, "true"));
        }
        return identity;
    }
}
