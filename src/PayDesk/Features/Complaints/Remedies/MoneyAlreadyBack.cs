using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Whether the money of the complaint's transaction is already on its way back to the customer: the bank reversed the
/// debit (已冲正) or the payment system shows a refund pending or completed. A refund or adjustment on top of that pays the
/// customer twice, so it waits for a second person with the reason said (a newcomer's walk recorded a refund on a
/// transaction the look-up had just shown as 已冲正, with no word of warning).
/// </summary>
internal static class MoneyAlreadyBack
{
    /// <summary>"reversed", "refunded" or null. Pure.</summary>
    public static string? Of(PaymentStatus status, RefundState refund) =>
        status == PaymentStatus.Reversed ? "reversed" : refund is RefundState.Pending or RefundState.Completed ? "refunded" : null;

    /// <summary>
    /// The payment system's answer for the complaint's serial now; when it cannot answer (or does not know the serial),
    /// what the complaint's latest look-up recorded for it. Only the complainant's own transaction counts.
    /// </summary>
    public static async Task<string?> CheckAsync(AppDbContext db, IPaymentSystem payments, Ticket ticket, CancellationToken ct)
    {
        if (ticket.TransactionId is not { Length: > 0 } serial) return null;
        try
        {
            var live = await payments.FindTransactionAsync(serial, ct);
            if (live is not null)
            {
                var own = ticket.Customer?.AccountId;
                return own is null || live.AccountId == own ? Of(live.Status, live.Refund) : null;
            }
        }
        catch (PaymentSystemUnavailableException)
        {
            // Fall back to what was seen: a payment system that is down must not hide a reversal an agent already looked up.
        }
        return await RecordedAsync(db, ticket.Id, serial, ct);
    }

    /// <summary>What the complaint's most recent look-up that returned <paramref name="serial"/> says of it, if any.</summary>
    public static async Task<string?> RecordedAsync(AppDbContext db, Guid ticketId, string serial, CancellationToken ct)
    {
        var recent = await db.Set<LookupEvidence>().AsNoTracking().Where(e => e.TicketId == ticketId)
            .OrderByDescending(e => e.At).Take(20).Select(e => e.Rows).ToListAsync(ct);
        foreach (var rows in recent)
        {
            var row = EvidenceRow.Deserialize(rows).FirstOrDefault(r => string.Equals(r.Serial, serial, StringComparison.OrdinalIgnoreCase));
            if (row is not null) return Of(row.Status, row.Refund);
        }
        return null;
    }
}
