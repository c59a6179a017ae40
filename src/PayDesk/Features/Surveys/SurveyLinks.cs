using Microsoft.AspNetCore.DataProtection;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Surveys;

/// <summary>Signed, expiring survey links that work without signing in; the answer, not the link, makes them single-use.</summary>
internal sealed class SurveyLinks(IDataProtectionProvider provider, Settings.PublicAddress address)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("PayDesk.Survey.v1").ToTimeLimitedDataProtector();

    public string UrlFor(Survey survey) => address.Link($"/survey/{TokenFor(survey)}");

    public string TokenFor(Survey survey) => _protector.Protect(survey.Id.ToString("N"), new DateTimeOffset(survey.ExpiresAt, TimeSpan.Zero));

    public Guid? Read(string token)
    {
        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
