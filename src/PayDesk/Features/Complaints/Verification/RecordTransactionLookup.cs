using System.Text.Json.Nodes;
using PayDesk.Features.Payments;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>What an agent asked the payment system: a window (UTC, both ends included), a serial, an exact amount.</summary>
public sealed record LookupQuery(DateTime FromUtc, DateTime ToUtc, string? Serial, Money? Amount);

/// <summary>
/// 交易查询留痕: every look-up done for a complaint is kept on it — who, when, the query and the transactions returned,
/// masked — with a timeline entry "查询了交易记录（N 笔）". Runs in the caller's unit of work; the caller saves.
/// </summary>
internal static class RecordTransactionLookup
{
    public static LookupEvidence Apply(
        AppDbContext db, Ticket ticket, Actor actor, DateTime now, LookupQuery query, IReadOnlyList<PaymentTransaction> returned, int duplicates)
    {
        var rows = returned.Select(EvidenceRow.From).ToList();
        var evidence = new LookupEvidence
        {
            Id = Guid.CreateVersion7(),
            TicketId = ticket.Id,
            At = now,
            ActorId = actor.UserId,
            ActorName = actor.Name,
            FromUtc = query.FromUtc,
            ToUtc = query.ToUtc,
            Serial = query.Serial,
            Amount = query.Amount?.Value,
            Currency = query.Amount?.Currency,
            RowCount = rows.Count,
            DuplicateCount = duplicates,
            Rows = EvidenceRow.Serialize(rows),
        };
        db.Set<LookupEvidence>().Add(evidence);
        Timeline.Record(db, ticket, TicketEventKind.Lookup, actor, now, data: new JsonObject
        {
            ["evidenceId"] = evidence.Id,
            ["serial"] = query.Serial,
            ["found"] = query.Serial is { } serial && returned.Any(t => t.Serial == serial),
            ["rows"] = rows.Count,
            ["duplicates"] = duplicates,
        });
        return evidence;
    }

    /// <summary>The evidence record as the API and the complaint page show it.</summary>
    public static EvidenceRecord Describe(LookupEvidence e) => new(
        e.Id, e.At, e.ActorName,
        new LookupQuery(e.FromUtc, e.ToUtc, e.Serial, e.Amount is { } amount ? new Money(amount, e.Currency!) : null),
        e.RowCount, e.DuplicateCount, EvidenceRow.Deserialize(e.Rows));
}

/// <summary>One kept look-up: who looked, when (UTC), what they asked and what came back.</summary>
public sealed record EvidenceRecord(
    Guid Id, DateTime At, string ActorName, LookupQuery Query, int RowCount, int DuplicateCount, IReadOnlyList<EvidenceRow> Rows);
