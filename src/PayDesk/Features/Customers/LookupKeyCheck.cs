using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

/// <summary>
/// Whether the look-up key (the HMAC key that finds a customer by phone or ID number without storing it in clear) is the
/// one the stored customers were hashed with. Checked before the server serves and by `paydesk doctor`; creates nothing.
/// </summary>
internal static class LookupKeyCheck
{
    /// <summary>
    /// A SQLite database whose customers were hashed under a look-up key that is no longer in the data folder (restored
    /// without its keys folder): a new key would be made silently and every known customer filed again as a new one.
    /// Null when all is well; otherwise what to do.
    /// </summary>
    public static async Task<string?> MissingAsync(StorageOptions storage, AppDbContext db, CancellationToken ct)
    {
        var file = PersonalDataProtector.LookupKeyFile(storage);
        if (storage.UsePostgres || File.Exists(file)) return null;
        var hashed = await db.Customers.CountAsync(c => c.PhoneHash != null || c.IdNumberHash != null, ct);
        return hashed == 0 ? null
            : $"{file} is missing, but {hashed} customer(s) in the database were stored with it: put back " +
              "the keys folder saved with this database (a new key would file every known customer again as a new one).";
    }

    /// <summary>True when the installation's look-up key reproduces a stored customer's phone hash (or there is none to compare).</summary>
    public static async Task<bool> MatchesAsync(PersonalDataProtector protector, AppDbContext db, CancellationToken ct)
    {
        var sample = await db.Customers.AsNoTracking().Where(c => c.PhoneCipher != null && c.PhoneHash != null)
            .Select(c => new { c.PhoneCipher, c.PhoneHash }).FirstOrDefaultAsync(ct);
        return sample is null || protector.Hash(PersonalDataKind.Phone, protector.Unprotect(sample.PhoneCipher!)) == sample.PhoneHash;
    }
}
