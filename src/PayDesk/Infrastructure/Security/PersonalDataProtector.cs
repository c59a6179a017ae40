using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Infrastructure.Security;

/// <summary>An encrypted personal value: ciphertext, a keyed hash for exact look-ups, and its masked form.</summary>
internal readonly record struct ProtectedValue(string Cipher, string Hash, string Masked);

/// <summary>
/// Encrypts phone, ID and card numbers at rest with ASP.NET Data Protection (keys under the
/// data folder, rotated by the key ring) and hashes them with HMAC-SHA256 under a separate
/// look-up key, so a customer can be found by phone without storing the phone in clear.
/// </summary>
internal sealed class PersonalDataProtector
{
    private const string LookupSetting = "pii.lookup-key";

    private readonly IDataProtector _protector;
    private readonly IDataProtector _secrets;
    private readonly Lazy<byte[]> _lookup;

    public PersonalDataProtector(IDataProtectionProvider provider, StorageOptions storage, IServiceScopeFactory scopes)
    {
        _protector = provider.CreateProtector("PayDesk.PersonalData.v1");
        _secrets = provider.CreateProtector("PayDesk.Secrets.v1");
        var file = LookupKeyFile(storage);
        // Loaded on first use, after migrations; shared through the database when instances share PostgreSQL.
        _lookup = new Lazy<byte[]>(() => storage.UsePostgres
            ? LoadOrCreateSharedLookupKey(scopes, provider.CreateProtector("PayDesk.LookupKey.v1"), file)
            : LoadOrCreateLookupKey(file));
    }

    private byte[] LookupKey => _lookup.Value;

    /// <summary>Where a SQLite installation keeps its look-up key.</summary>
    public static string LookupKeyFile(StorageOptions storage) => Path.Combine(Path.GetFullPath(storage.DataDir), "keys", "lookup.key");

    public ProtectedValue Protect(PersonalDataKind kind, string normalized) =>
        new(_protector.Protect(normalized), Hash(kind, normalized), PersonalData.Mask(kind, normalized));

    public string Unprotect(string cipher) => _protector.Unprotect(cipher);

    /// <summary>Raw messages kept for an administrator (quarantine): encrypted like any personal value.</summary>
    public byte[] ProtectBytes(byte[] plain) => _protector.Protect(plain);

    /// <summary>The raw bytes again; rows written before encryption came in are returned as they are.</summary>
    public byte[] UnprotectBytes(byte[] stored)
    {
        try
        {
            return _protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return stored;
        }
    }

    /// <summary>Free text as someone wrote it, before its personal numbers were masked.</summary>
    public string ProtectText(string text) => _protector.Protect(text);

    /// <summary>Short-lived secrets (one-time codes waiting in the outbox) under their own purpose.</summary>
    public string ProtectSecret(string secret) => _secrets.Protect(secret);

    public string UnprotectSecret(string cipher) => _secrets.Unprotect(cipher);

    /// <summary>A keyed hash of a one-time code bound to its challenge, so stored hashes cannot be looked up in a table.</summary>
    public string HashSecret(string scope, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(LookupKey, Encoding.UTF8.GetBytes($"secret:{scope}:{secret}")));

    public string Hash(PersonalDataKind kind, string normalized)
    {
        var input = Encoding.UTF8.GetBytes($"{kind}:{normalized}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(LookupKey, input));
    }

    /// <summary>
    /// The look-up key in app_settings, encrypted under the shared key ring. The first instance
    /// writes it (taking over a local key file if it had one); the others read the same one.
    /// </summary>
    private static byte[] LoadOrCreateSharedLookupKey(IServiceScopeFactory scopes, IDataProtector protector, string file)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = db.AppSettings.AsNoTracking().FirstOrDefault(s => s.Key == LookupSetting);
            if (stored is not null) return protector.Unprotect(Convert.FromBase64String(stored.Value));
            var key = File.Exists(file) ? LoadOrCreateLookupKey(file) : RandomNumberGenerator.GetBytes(32);
            db.AppSettings.Add(new AppSetting { Key = LookupSetting, Value = Convert.ToBase64String(protector.Protect(key)), UpdatedAt = DateTime.UtcNow, UpdatedBy = "system" });
            try
            {
                db.SaveChanges();
                return key;
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // Another instance wrote it first: use theirs.
                db.ChangeTracker.Clear();
            }
        }
        throw new InvalidOperationException("Could not load or store the personal-data look-up key.");
    }

    private static byte[] LoadOrCreateLookupKey(string path)
    {
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (existing.Length != 32) throw new InvalidOperationException($"The look-up key at {path} is not 32 bytes.");
            return existing;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first: use theirs, or hashes would disagree.
            return LoadOrCreateLookupKey(path);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return key;
    }
}
