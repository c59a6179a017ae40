using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>
/// Failed sign-ins for one identifier (an e-mail or phone, known or not — the row is keyed by a keyed
/// hash of what was typed, so unknown identifiers behave exactly like known ones). Decision 0012.
/// </summary>
internal sealed class SignInThrottle
{
    public required string Key { get; init; }
    public int Failures { get; set; }
    public DateTime WindowStart { get; set; }

    /// <summary>Until then, clients that never signed in to this identifier are turned away; trusted devices are not.</summary>
    public DateTime? BlockedUntil { get; set; }
}

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> b)
    {
        b.ToTable("sign_in_throttles");
        b.HasKey(t => t.Key);
        b.Property(t => t.Key).HasMaxLength(64);
    }
}

/// <summary>
/// Per-identifier back-off with device cookies (OWASP "slow down online guessing attacks with device
/// cookies"): a storm of wrong passwords makes untrusted clients wait for that identifier, while a
/// browser or app that signed in before keeps working. Per-client limits are the rate limiter's job.
/// </summary>
internal sealed class SignInGuard(AppDbContext db, PersonalDataProtector protector, IDataProtectionProvider dataProtection,
    Microsoft.AspNetCore.Identity.ILookupNormalizer normalizer, TimeProvider clock, IOptions<SignInOptions> options)
{
    public const string DeviceCookie = "pd_device";
    private const int MaxRemembered = 10;

    private IDataProtector Devices => dataProtection.CreateProtector("PayDesk.TrustedDevice.v1");

    public SignInOptions Options => options.Value;

    /// <summary>
    /// The identifier's key, normalised exactly as Identity looks accounts up (so look-alike spellings that reach
    /// the same account — "ſ" for "s" — share one counter).
    /// </summary>
    public string KeyFor(string kind, string identifier) =>
        protector.HashSecret("signin:" + kind, normalizer.NormalizeEmail(identifier.Trim()) ?? "");

    /// <summary>How long an untrusted client must wait before trying this identifier again, or null.</summary>
    public async Task<TimeSpan?> WaitAsync(string key, HttpContext? http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.SignInThrottles.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key, ct);
        if (row?.BlockedUntil is not { } until || until <= now) return null;
        return IsTrusted(http, key) ? null : until - now;
    }

    /// <summary>
    /// Counts a failure for the identifier — but at most <see cref="SignInOptions.FailuresPerClient"/> from any one
    /// client address, so a single attacker cannot push the identifier into back-off for its owner.
    /// Both counters are incremented in the database (no lost updates under parallel tries).
    /// </summary>
    public async Task RecordFailureAsync(string key, HttpContext? http, CancellationToken ct)
    {
        var fromThisClient = await IncrementAsync(ClientPairKey(key, http), ct);
        if (fromThisClient <= Options.FailuresPerClient) await IncrementAsync(key, ct);
    }

    /// <summary>The counter of one client's failures for one identifier.</summary>
    private string ClientPairKey(string key, HttpContext? http) =>
        protector.HashSecret("signin-client", key + "|" + (http is null ? "local" : Infrastructure.Http.RateLimits.ClientKey(http)));

    private async Task<int> IncrementAsync(string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = Options;
        var windowStart = now.AddMinutes(-o.AccountWindowMinutes);
        var blockUntil = now.AddMinutes(o.AccountBackoffMinutes);
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO sign_in_throttles ("Key", "Failures", "WindowStart") VALUES ({key}, {0}, {now}) ON CONFLICT DO NOTHING""", ct);
        // A window that is over starts again (an active back-off stays until it ends).
        await db.SignInThrottles.Where(t => t.Key == key && t.WindowStart < windowStart)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, 0).SetProperty(t => t.WindowStart, now), ct);
        await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Failures, t => t.Failures + 1)
            .SetProperty(t => t.BlockedUntil, t => t.Failures + 1 >= o.AccountFailureLimit ? blockUntil : t.BlockedUntil), ct);
        return await db.SignInThrottles.Where(t => t.Key == key).Select(t => t.Failures).FirstAsync(ct);
    }

    /// <summary>A correct sign-in clears the identifier's failures and trusts this device for it.</summary>
    public async Task RecordSuccessAsync(string key, HttpContext? http, CancellationToken ct)
    {
        var pair = ClientPairKey(key, http);
        await db.SignInThrottles.Where(t => t.Key == key || t.Key == pair).ExecuteDeleteAsync(ct);
        if (http is null || http.Response.HasStarted) return;
        var keys = TrustedKeys(http).Where(k => k != key).Prepend(key).Take(MaxRemembered).ToList();
        http.Response.Cookies.Append(DeviceCookie, Devices.Protect(JsonSerializer.Serialize(keys)), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, IsEssential = true,
            MaxAge = TimeSpan.FromDays(Options.TrustedDeviceDays), Path = "/",
        });
    }

    private bool IsTrusted(HttpContext? http, string key) => http is not null && TrustedKeys(http).Contains(key);

    private List<string> TrustedKeys(HttpContext http)
    {
        if (http.Request.Cookies[DeviceCookie] is not { Length: > 0 and < 4096 } cookie) return [];
        try
        {
            return JsonSerializer.Deserialize<List<string>>(Devices.Unprotect(cookie)) ?? [];
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return [];
        }
    }
}

/// <summary>Hourly: forgets expired one-time codes and failure counts whose window and back-off are over.</summary>
internal sealed class SignInHousekeeping(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SignInOptions> options, ILogger<SignInHousekeeping> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromHours(1), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var codes = await scope.ServiceProvider.GetRequiredService<OneTimeCodes>().PurgeAsync(ct);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var windowStart = now.AddMinutes(-options.Value.AccountWindowMinutes);
        var throttles = await db.SignInThrottles
            .Where(t => t.WindowStart < windowStart && (t.BlockedUntil == null || t.BlockedUntil < now))
            .ExecuteDeleteAsync(ct);
        var endedBefore = now - SignedInSessions.Remembered;
        var sessions = await db.EndedSessions.Where(s => s.EndedAt < endedBefore).ExecuteDeleteAsync(ct);
        if (codes + throttles + sessions > 0)
        {
            logger.LogInformation("Forgot {Codes} expired codes, {Throttles} sign-in failure counts and {Sessions} sessions signed out of long ago", codes, throttles, sessions);
        }
    }
}
