using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// One transaction look-up kept on the complaint as evidence (issue 18): who looked, when, what they asked the payment
/// system and what it answered then. The answer is a snapshot — a refund that completes later does not rewrite what
/// the agent saw when they told the customer something. Card and account numbers are stored masked.
/// </summary>
internal sealed class LookupEvidence
{
    public Guid Id { get; init; }
    public Guid TicketId { get; init; }
    public DateTime At { get; init; }
    public Guid? ActorId { get; init; }
    public required string ActorName { get; init; }

    /// <summary>The searched window, UTC, both ends included.</summary>
    public DateTime FromUtc { get; init; }

    public DateTime ToUtc { get; init; }

    /// <summary>The serial asked for by name, if any.</summary>
    public string? Serial { get; init; }

    /// <summary>Only transactions of exactly this amount were asked for, if set.</summary>
    public decimal? Amount { get; init; }

    public string? Currency { get; init; }
    public int RowCount { get; init; }
    public int DuplicateCount { get; init; }

    /// <summary>The returned transactions as JSON (<see cref="EvidenceRow"/>s), masked.</summary>
    public required string Rows { get; init; }
}

/// <summary>One transaction as the payment system returned it, with card and account numbers masked.</summary>
public sealed record EvidenceRow(
    string Serial, DateTime OccurredAt, decimal Amount, string Currency, PaymentStatus Status, RefundState Refund,
    string Counterparty, string? Card, string Account)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The snapshot row of a transaction: nothing in it shows a whole card or account number.</summary>
    internal static EvidenceRow From(PaymentTransaction t) => new(
        t.Serial, t.OccurredAt, t.Amount, t.Currency, t.Status, t.Refund,
        PersonalNumbers.MaskText(t.Merchant) ?? "", t.CardMasked is { } card ? MaskCard(card) : null, MaskAccount(t.AccountId));

    /// <summary>
    /// A card as PCI DSS allows it to be shown: the issuer (first 6) and the last 4 at most. The payment system is meant
    /// to send it masked already; a whole number it sends anyway is masked here, never stored.
    /// </summary>
    public static string MaskCard(string card)
    {
        var digits = new string(card.Where(char.IsAsciiDigit).ToArray());
        if (card.Contains('*') && digits.Length <= 10) return card.Trim();
        return digits.Length >= 13 ? PersonalNumbers.MaskCard(digits) : Tail(digits);
    }

    /// <summary>An account number by its last four characters, as on a bank statement.</summary>
    public static string MaskAccount(string account) => Tail(account.Trim());

    private static string Tail(string value) => value.Length <= 4 ? new string('*', value.Length) : "****" + value[^4..];

    internal static string Serialize(IReadOnlyList<EvidenceRow> rows) => JsonSerializer.Serialize(rows, Json);

    internal static IReadOnlyList<EvidenceRow> Deserialize(string json) => JsonSerializer.Deserialize<List<EvidenceRow>>(json, Json) ?? [];
}

internal sealed class LookupEvidenceConfiguration : IEntityTypeConfiguration<LookupEvidence>
{
    public void Configure(EntityTypeBuilder<LookupEvidence> b)
    {
        b.ToTable("ticket_lookup_evidence");
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.Property(e => e.Serial).HasMaxLength(64);
        b.Property(e => e.Currency).HasMaxLength(3);
        b.HasIndex(e => new { e.TicketId, e.At });
        b.HasOne<Ticket>().WithMany().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}
