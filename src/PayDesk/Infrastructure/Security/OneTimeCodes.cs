using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Infrastructure.Security;

/// <summary>What a one-time code proves; a code is only ever checked for the purpose it was issued for.</summary>
public enum OneTimeCodePurpose
{
    /// <summary>A customer signs in with a code sent to their phone.</summary>
    PhoneSignIn,

    /// <summary>An agent verifies the complainant of a complaint (核实身份).</summary>
    ComplaintVerification,

    /// <summary>The assistant verifies a chat or social visitor before account talk.</summary>
    AssistantVerification,
}

/// <summary>
/// A one-time code as the server remembers it: only a keyed hash of the code, its expiry, how often it
/// was tried and whether it was used. Nothing the client sends can reset these (issue 15: the phone
/// sign-in used to keep its attempt count in the visitor's own cookie).
/// </summary>
internal sealed class OneTimeCode
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public OneTimeCodePurpose Purpose { get; init; }

    /// <summary>Whom the code is for: a keyed hash of a phone number, or a challenge/conversation id.</summary>
    public required string Subject { get; init; }
    public required string CodeHash { get; init; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }

    /// <summary>Set when the code was used, superseded by a newer one, or tried too often: it is dead.</summary>
    public DateTime? ClosedAt { get; set; }
}

internal sealed class OneTimeCodeConfiguration : IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(EntityTypeBuilder<OneTimeCode> b)
    {
        b.ToTable("one_time_codes");
        b.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Subject).HasMaxLength(80);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.HasIndex(c => new { c.Purpose, c.Subject, c.CreatedAt });
        b.HasIndex(c => c.ExpiresAt);
    }
}

internal sealed class OneTimeCodeOptions
{
    public int LifetimeMinutes { get; set; } = 5;

    /// <summary>Wrong or right, a code may be tried this many times; then it is dead whatever the client sends.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>At most this many codes for one subject (phone, complaint) in any hour: SMS cost and bombing.</summary>
    public int MaxPerSubjectPerHour { get; set; } = 5;
}

/// <summary>The outcome of checking a code.</summary>
internal enum CodeCheck
{
    Accepted,
    Wrong,

    /// <summary>No live code: never issued, expired, used, superseded or tried too often.</summary>
    Dead,
}

internal readonly record struct CodeCheckResult(CodeCheck Outcome, int AttemptsLeft);

/// <summary>
/// Issues and checks one-time codes for every purpose. The attempt is counted in the database
/// before the code is compared, with a conditional update, so parallel guesses cannot exceed the limit.
/// </summary>
internal sealed class OneTimeCodes(AppDbContext db, PersonalDataProtector protector, TimeProvider clock, IOptions<OneTimeCodeOptions> options)
{
    public OneTimeCodeOptions Options => options.Value;

    /// <summary>
    /// A new six-digit code for the subject (older live ones are closed), added to the context for the
    /// caller's save — or null when the subject had its hourly share of codes already.
    /// </summary>
    public async Task<string?> IssueAsync(OneTimeCodePurpose purpose, string subject, CancellationToken ct, Guid? id = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hourAgo = now.AddHours(-1);
        var recent = await db.OneTimeCodes.CountAsync(c => c.Purpose == purpose && c.Subject == subject && c.CreatedAt > hourAgo, ct);
        if (recent >= Options.MaxPerSubjectPerHour) return null;
        await db.OneTimeCodes.Where(c => c.Purpose == purpose && c.Subject == subject && c.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, now), ct);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var codeId = id ?? Guid.CreateVersion7();
        db.OneTimeCodes.Add(new OneTimeCode
        {
            Id = codeId, Purpose = purpose, Subject = subject, CreatedAt = now, ExpiresAt = now.AddMinutes(Options.LifetimeMinutes),
            CodeHash = protector.HashSecret(codeId.ToString("N"), code),
        });
        return code;
    }

    /// <summary>Checks a code against the subject's live code; counts the try first.</summary>
    public async Task<CodeCheckResult> CheckAsync(OneTimeCodePurpose purpose, string subject, string? code, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var max = Options.MaxAttempts;
        // Only the newest code counts: should two sends race, an older code never takes over when the newest dies.
        var live = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.Purpose == purpose && c.Subject == subject)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(c => new { c.Id, c.CodeHash, c.ClosedAt, c.ExpiresAt })
            .FirstOrDefaultAsync(ct);
        if (live is null || live.ClosedAt is not null || live.ExpiresAt <= now) return new CodeCheckResult(CodeCheck.Dead, 0);

        // Count the try before looking at the code: of parallel guesses at most `max` get past this line.
        var counted = await db.OneTimeCodes
            .Where(c => c.Id == live.Id && c.ClosedAt == null && c.Attempts < max)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), ct);
        if (counted == 0) return new CodeCheckResult(CodeCheck.Dead, 0);
        var attempts = await db.OneTimeCodes.Where(c => c.Id == live.Id).Select(c => c.Attempts).FirstAsync(ct);

        var shaped = code is { Length: 6 } && code.All(char.IsAsciiDigit);
        var given = Convert.FromHexString(protector.HashSecret(live.Id.ToString("N"), shaped ? code! : "------"));
        if (shaped && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(live.CodeHash), given))
        {
            // Single use: only one of two parallel right answers closes the code.
            var closed = await db.OneTimeCodes.Where(c => c.Id == live.Id && c.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, now), ct);
            return closed == 1 ? new CodeCheckResult(CodeCheck.Accepted, 0) : new CodeCheckResult(CodeCheck.Dead, 0);
        }
        var left = Math.Max(max - attempts, 0);
        if (left == 0)
        {
            await db.OneTimeCodes.Where(c => c.Id == live.Id && c.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, now), ct);
        }
        return new CodeCheckResult(CodeCheck.Wrong, left);
    }

    /// <summary>Removes codes that expired more than a day ago (they prove nothing any more).</summary>
    public Task<int> PurgeAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        return db.OneTimeCodes.Where(c => c.ExpiresAt < before).ExecuteDeleteAsync(ct);
    }
}
