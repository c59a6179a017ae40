using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Audit;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

/// <summary>A consumer or merchant of the payment company. Phone and ID numbers are stored encrypted.</summary>
internal sealed class Customer : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public CustomerKind Kind { get; set; } = CustomerKind.Consumer;
    [Audit.AuditedMaskedEmail] public string? Email { get; set; }

    /// <summary>The customer's account number in the payment system (not secret; how transaction logs are found).</summary>
    public string? AccountId { get; set; }

    [NotAudited] public string? PhoneCipher { get; set; }
    [NotAudited] public string? PhoneHash { get; set; }
    public string? PhoneMasked { get; set; }

    [NotAudited] public string? IdNumberCipher { get; set; }
    [NotAudited] public string? IdNumberHash { get; set; }
    public string? IdNumberMasked { get; set; }

    /// <summary>Service region (e.g. east, south) for regional teams; empty when not known.</summary>
    public string? Region { get; set; }

    /// <summary>IANA time zone used when showing times to this customer.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public string Locale { get; set; } = "zh-CN";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<BankCard> Cards { get; init; } = [];

    public void SetPhone(ProtectedValue? value)
    {
        PhoneCipher = value?.Cipher;
        PhoneHash = value?.Hash;
        PhoneMasked = value?.Masked;
    }

    public void SetIdNumber(ProtectedValue? value)
    {
        IdNumberCipher = value?.Cipher;
        IdNumberHash = value?.Hash;
        IdNumberMasked = value?.Masked;
    }
}

public enum CustomerKind
{
    Consumer,
    Merchant,
}

/// <summary>A bank card bound to the customer's account; the full PAN is encrypted, only the mask is shown.</summary>
internal sealed class BankCard : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; set; }
    public required string BankName { get; set; }
    [NotAudited] public required string PanCipher { get; set; }
    [NotAudited] public required string PanHash { get; set; }
    public required string PanMasked { get; set; }
    public DateTime BoundAt { get; set; }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Email).HasMaxLength(254);
        b.Property(c => c.AccountId).HasMaxLength(32);
        b.HasIndex(c => c.AccountId);
        b.Property(c => c.PhoneHash).HasMaxLength(64);
        b.Property(c => c.PhoneMasked).HasMaxLength(32);
        b.Property(c => c.IdNumberHash).HasMaxLength(64);
        b.Property(c => c.IdNumberMasked).HasMaxLength(32);
        b.Property(c => c.TimeZone).HasMaxLength(64);
        b.Property(c => c.Region).HasMaxLength(64);
        b.Property(c => c.Locale).HasMaxLength(16);
        // One customer per phone and per e-mail: that is how intake on any channel finds them.
        b.HasIndex(c => c.PhoneHash).IsUnique();
        b.HasIndex(c => c.Email).IsUnique();
        b.HasIndex(c => c.IdNumberHash);
        b.HasIndex(c => c.Name);
        b.HasMany(c => c.Cards).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BankCardConfiguration : IEntityTypeConfiguration<BankCard>
{
    public void Configure(EntityTypeBuilder<BankCard> b)
    {
        b.ToTable("bank_cards");
        b.Property(c => c.BankName).HasMaxLength(64);
        b.Property(c => c.PanHash).HasMaxLength(64);
        b.Property(c => c.PanMasked).HasMaxLength(32);
        b.HasIndex(c => c.PanHash);
        b.HasIndex(c => new { c.CustomerId, c.PanHash }).IsUnique();
    }
}
