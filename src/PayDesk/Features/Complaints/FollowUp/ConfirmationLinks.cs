using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Complaints;

internal sealed class PublicUrlOptions
{
    /// <summary>Where customers reach PayDesk, for links in SMS and e-mail.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}

/// <summary>
/// Signed, expiring links that let a customer accept or reject a proposed solution from a notice
/// without signing in. The token names the ticket and the proposal time, so a newer proposal
/// makes older links useless.
/// </summary>
internal sealed class ConfirmationLinks(IDataProtectionProvider provider, IOptions<PublicUrlOptions> urls, IOptions<LifecycleOptions> lifecycle)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("PayDesk.SolutionConfirmation.v1").ToTimeLimitedDataProtector();

    public string UrlFor(Guid ticketId, DateTime proposedAt) =>
        $"{urls.Value.PublicBaseUrl.TrimEnd('/')}/confirm/{TokenFor(ticketId, proposedAt)}";

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
