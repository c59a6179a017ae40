using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Identity;

/// <summary>Adds the display name and, for customers, the customer id to the sign-in principal.</summary>
internal sealed class PayDeskClaimsFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PayDeskClaims.DisplayName, user.DisplayName));
        if (user.CustomerId is { } customerId)
        {
            identity.AddClaim(new Claim(PayDeskClaims.CustomerId, customerId.ToString()));
        }
        return identity;
    }
}
