using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Signed, expiring links that let a customer accept or reject a proposed solution from a notice
/// without signing in. The token names the ticket and the proposal time, so a newer proposal
/// makes older links useless.
/// </summary>
internal sealed class ConfirmationLinks(IDataProtectionProvider provider, Settings.PublicAddress address, IOptions<LifecycleOptions> lifecycle)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("PayDesk.SolutionConfirmation.v1").ToTimeLimitedDataProtector();

    public string UrlFor(Guid ticketId, DateTime proposedAt) =>
        address.Link($"/confirm/{TokenFor(ticketId, proposedAt)}");

    public string TokenFor(Guid ticketId, DateTime proposedAt) =>
        _protector.Protect($"{ticketId:N}|{proposedAt.Ticks}", TimeSpan.FromDays(lifecycle.Value.ConfirmationTimeoutDays));

    public (Guid TicketId, DateTime ProposedAt)? Read(string token)
    {
        try
        {
            var parts = _protector.Unprotect(token).Split('|');
            return (Guid.Parse(parts[0]), new DateTime(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
