using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
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
    private readonly IDataProtector _protector;
    private readonly IDataProtector _secrets;
    private readonly byte[] _lookupKey;

    public PersonalDataProtector(IDataProtectionProvider provider, StorageOptions storage)
    {
        _protector = provider.CreateProtector("PayDesk.PersonalData.v1");
        _secrets = provider.CreateProtector("PayDesk.Secrets.v1");
        _lookupKey = LoadOrCreateLookupKey(Path.Combine(Path.GetFullPath(storage.DataDir), "keys", "lookup.key"));
    }

    public ProtectedValue Protect(PersonalDataKind kind, string normalized) =>
        new(_protector.Protect(normalized), Hash(kind, normalized), PersonalData.Mask(kind, normalized));

    public string Unprotect(string cipher) => _protector.Unprotect(cipher);

    /// <summary>Short-lived secrets (one-time codes waiting in the outbox) under their own purpose.</summary>
    public string ProtectSecret(string secret) => _secrets.Protect(secret);

    public string UnprotectSecret(string cipher) => _secrets.Unprotect(cipher);

    /// <summary>A keyed hash of a one-time code bound to its challenge, so stored hashes cannot be looked up in a table.</summary>
    public string HashSecret(string scope, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes($"secret:{scope}:{secret}")));

    public string Hash(PersonalDataKind kind, string normalized)
    {
        var input = Encoding.UTF8.GetBytes($"{kind}:{normalized}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, input));
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
