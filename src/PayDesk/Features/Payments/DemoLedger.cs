using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Payments;

/// <summary>A transaction in the built-in demo ledger (stands in for the payment company's core system).</summary>
internal sealed class LedgerTransaction
{
    public required string Serial { get; init; }
    public required string AccountId { get; init; }
    public required string Merchant { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
    public PaymentStatus Status { get; set; }
    public DateTime OccurredAt { get; init; }
    public string? CardMasked { get; init; }
    public RefundState Refund { get; set; }
    public decimal? RefundAmount { get; set; }
    public DateTime? RefundExpectedBy { get; set; }

    public PaymentTransaction ToModel() =>
        new(Serial, AccountId, Merchant, Amount, Currency, Status, OccurredAt, CardMasked, Refund, RefundAmount, RefundExpectedBy);
}

internal sealed class LedgerAccount
{
    public required string AccountId { get; init; }
    public bool Frozen { get; set; }
    public string? FrozenReason { get; set; }
    public DateTime? FrozenAt { get; set; }
}

internal sealed class LedgerTransactionConfiguration : IEntityTypeConfiguration<LedgerTransaction>
{
    public void Configure(EntityTypeBuilder<LedgerTransaction> b)
    {
        b.ToTable("demo_ledger_transactions");
        b.HasKey(t => t.Serial);
        b.Property(t => t.Serial).HasMaxLength(64);
        b.Property(t => t.AccountId).HasMaxLength(32);
        b.Property(t => t.Merchant).HasMaxLength(100);
        b.Property(t => t.Currency).HasMaxLength(3);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Refund).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.CardMasked).HasMaxLength(32);
        b.HasIndex(t => new { t.AccountId, t.OccurredAt });
    }
}

internal sealed class LedgerAccountConfiguration : IEntityTypeConfiguration<LedgerAccount>
{
    public void Configure(EntityTypeBuilder<LedgerAccount> b)
    {
        b.ToTable("demo_ledger_accounts");
        b.HasKey(a => a.AccountId);
        b.Property(a => a.AccountId).HasMaxLength(32);
        b.Property(a => a.FrozenReason).HasMaxLength(200);
    }
}

/// <summary>The default payment system: realistic transactions kept in PayDesk's own database.</summary>
internal sealed class DemoLedger(AppDbContext db) : IPaymentSystem
{
    public async Task<PaymentTransaction?> FindTransactionAsync(string serial, CancellationToken ct) =>
        (await db.LedgerTransactions.AsNoTracking().FirstOrDefaultAsync(t => t.Serial == serial, ct))?.ToModel();

    public async Task<IReadOnlyList<PaymentTransaction>> SearchAsync(string accountId, DateTime fromUtc, DateTime toUtc, CancellationToken ct) =>
        (await db.LedgerTransactions.AsNoTracking()
            .Where(t => t.AccountId == accountId && t.OccurredAt >= fromUtc && t.OccurredAt <= toUtc)
            .OrderBy(t => t.OccurredAt).Take(200).ToListAsync(ct))
        .Select(t => t.ToModel()).ToList();

    public async Task<AccountStatus?> GetAccountStatusAsync(string accountId, CancellationToken ct) =>
        await db.LedgerAccounts.AsNoTracking().Where(a => a.AccountId == accountId)
            .Select(a => new AccountStatus(a.AccountId, a.Frozen, a.FrozenReason, a.FrozenAt)).FirstOrDefaultAsync(ct);
}
