using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Surveys;

internal sealed class SurveyOptions
{
    /// <summary>How long a survey link works.</summary>
    public int ValidDays { get; set; } = 14;

    /// <summary>A customer is asked the NPS question at most this often.</summary>
    public int NpsIntervalDays { get; set; } = 90;

    /// <summary>Customers with a complaint resolved this recently are asked the NPS question.</summary>
    public int NpsRecentDays { get; set; } = 30;

    /// <summary>Chats and calls are surveyed when they ended within this window (older ones are left alone).</summary>
    public int ContactWindowHours { get; set; } = 24;
}

/// <summary>Signed, expiring survey links that work without signing in; the answer, not the link, makes them single-use.</summary>
internal sealed class SurveyLinks(IDataProtectionProvider provider, IOptions<PublicUrlOptions> urls)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("PayDesk.Survey.v1").ToTimeLimitedDataProtector();

    public string UrlFor(Survey survey) => $"{urls.Value.PublicBaseUrl.TrimEnd('/')}/survey/{TokenFor(survey)}";

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
