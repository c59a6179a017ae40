using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Infrastructure.Security;

/// <summary>
/// The words someone wrote, as they wrote them, when masking changed them: encrypted with the
/// personal-data key ring and shown only through an audited reveal (decision 0003).
/// </summary>
internal sealed class PersonalTextOriginal
{
    public long Id { get; init; }

    /// <summary>The kind of row the text belongs to: Ticket, TicketMessage, ChatMessage.</summary>
    public required string OwnerType { get; init; }

    /// <summary>That row's key (a chat message's is conversation:client-message-id, known before it is saved).</summary>
    public required string OwnerKey { get; init; }
    public required string Field { get; init; }

    /// <summary>Set by <see cref="PersonalTextInterceptor"/> as the row is saved.</summary>
    public string Cipher { get; set; } = "";
    public DateTime CreatedAt { get; init; }

    /// <summary>The clear text, in memory only until it is encrypted.</summary>
    internal string? Clear { get; set; }
}

internal sealed class PersonalTextOriginalConfiguration : IEntityTypeConfiguration<PersonalTextOriginal>
{
    public void Configure(EntityTypeBuilder<PersonalTextOriginal> b)
    {
        b.ToTable("personal_text_originals");
        b.Ignore(o => o.Clear);
        b.Property(o => o.OwnerType).HasMaxLength(32);
        b.Property(o => o.OwnerKey).HasMaxLength(120);
        b.Property(o => o.Field).HasMaxLength(32);
        b.HasIndex(o => new { o.OwnerType, o.OwnerKey });
    }
}

/// <summary>Masks personal numbers in free text on its way in, keeping the original encrypted beside it.</summary>
internal static class PersonalText
{
    public const string Ticket = "Ticket";
    public const string TicketMessage = "TicketMessage";
    public const string ChatMessage = "ChatMessage";

    /// <summary>
    /// The text to store, index, log, audit and send: personal numbers masked. When anything was
    /// masked the original joins the unit of work (encrypted on save); the caller saves.
    /// </summary>
    public static string Keep(AppDbContext db, string ownerType, string ownerKey, string field, string text, DateTime now)
    {
        var masked = PersonalNumbers.Mask(text);
        if (!masked.Changed) return text;
        db.Set<PersonalTextOriginal>().Add(new PersonalTextOriginal
        {
            OwnerType = ownerType, OwnerKey = ownerKey, Field = field, Clear = text, CreatedAt = now,
        });
        return masked.Text;
    }

    public static string ChatKey(Guid conversationId, string clientMessageId) => $"{conversationId:N}:{clientMessageId}";

    /// <summary>The newest original of one field, decrypted, or null when it was never masked.</summary>
    public static async Task<string?> OriginalAsync(AppDbContext db, PersonalDataProtector protector, string ownerType, string ownerKey, string field, CancellationToken ct)
    {
        var cipher = await db.Set<PersonalTextOriginal>().AsNoTracking()
            .Where(o => o.OwnerType == ownerType && o.OwnerKey == ownerKey && o.Field == field)
            .OrderByDescending(o => o.Id).Select(o => o.Cipher).FirstOrDefaultAsync(ct);
        return string.IsNullOrEmpty(cipher) ? null : protector.Unprotect(cipher);
    }
}

/// <summary>Encrypts the originals <see cref="PersonalText.Keep"/> added, as they are saved, so clear text never reaches the database.</summary>
internal sealed class PersonalTextInterceptor(PersonalDataProtector protector) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Encrypt(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Encrypt(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Encrypt(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<PersonalTextOriginal>())
        {
            if (entry.State != EntityState.Added || entry.Entity.Clear is not { } clear) continue;
            entry.Property(o => o.Cipher).CurrentValue = protector.ProtectText(clear);
            entry.Entity.Clear = null;
        }
    }
}
