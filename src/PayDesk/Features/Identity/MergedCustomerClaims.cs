using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>
/// A customer's cookie or bearer token carries the customer record it was issued for. When staff merge
/// that record into another, the login moves to the surviving record but the token does not; the
/// customer claim is therefore read from the login on every request, so the session follows the merge.
/// </summary>
internal sealed class MergedCustomerClaims(AppDbContext db) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirst(PayDeskClaims.CustomerId) is not { } claim
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return principal;
        var current = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.CustomerId).FirstOrDefaultAsync();
        if (current?.ToString() == claim.Value) return principal;

        var moved = principal.Clone();
        foreach (var identity in moved.Identities)
        {
            foreach (var stale in identity.FindAll(PayDeskClaims.CustomerId).ToList()) identity.RemoveClaim(stale);
        }
        if (current is { } customerId) ((ClaimsIdentity)moved.Identity!).AddClaim(new Claim(PayDeskClaims.CustomerId, customerId.ToString()));
        return moved;
    }
}
