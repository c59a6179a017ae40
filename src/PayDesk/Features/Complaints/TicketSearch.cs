using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Complaints;

/// <summary>
/// How complaints are found: a complaint by its subject, number and transaction id (title) and description
/// (body); each message (public reply or internal note) under its complaint. Staff-only documents.
/// The save hook and the start-up backfill build them here alike, so an older database is indexed as new saves are.
/// </summary>
internal static class TicketSearch
{
    public const string TicketDoc = "ticket";
    public const string MessageDoc = "message";
    public const string StaffVisibility = "staff";

    public static SearchDoc TicketDocument(Guid id, string subject, string number, string? transactionId, string description, TicketCategory category)
    {
        var segmenter = TextSegmenter.Shared;
        return new SearchDoc(id.ToString(), "", StaffVisibility, Infrastructure.Http.EnumText.Name(category),
            segmenter.IndexText(subject + " " + number + " " + transactionId), segmenter.IndexText(description));
    }

    public static SearchDoc MessageDocument(Guid ticketId, string body) =>
        new(ticketId.ToString(), "", StaffVisibility, "", "", TextSegmenter.Shared.IndexText(body));
}

internal sealed partial class Ticket : ISearchable
{
    private static readonly string[] Searched = [nameof(Subject), nameof(Description), nameof(Category)];

    (SearchFamily Family, string DocType, string DocKey) ISearchable.SearchKey => (SearchFamily.Tickets, TicketSearch.TicketDoc, Id.ToString());

    IReadOnlyCollection<string> ISearchable.SearchedProperties => Searched;

    SearchDoc? ISearchable.SearchDocument() => TicketSearch.TicketDocument(Id, Subject, Number, TransactionId, Description, Category);
}

internal sealed partial class TicketMessage : ISearchable
{
    private static readonly string[] Searched = [nameof(Body)];

    (SearchFamily Family, string DocType, string DocKey) ISearchable.SearchKey => (SearchFamily.Tickets, TicketSearch.MessageDoc, Id.ToString());

    IReadOnlyCollection<string> ISearchable.SearchedProperties => Searched;

    SearchDoc? ISearchable.SearchDocument() => TicketSearch.MessageDocument(TicketId, Body);
}

/// <summary>Every complaint and message, in batches, for the start-up backfill.</summary>
internal sealed class TicketSearchSource : ISearchSource
{
    public async IAsyncEnumerable<IReadOnlyList<SearchChange>> AllAsync(AppDbContext db, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var after = Guid.Empty; ;)
        {
            var tickets = await db.Tickets.AsNoTracking().Where(t => t.Id.CompareTo(after) > 0).OrderBy(t => t.Id).Take(SearchBackfill.Batch)
                .Select(t => new { t.Id, t.Subject, t.Number, t.TransactionId, t.Description, t.Category }).ToListAsync(ct);
            if (tickets.Count == 0) break;
            after = tickets[^1].Id;
            yield return tickets.Select(t => new SearchChange(SearchFamily.Tickets, TicketSearch.TicketDoc, t.Id.ToString(),
                TicketSearch.TicketDocument(t.Id, t.Subject, t.Number, t.TransactionId, t.Description, t.Category))).ToList();
        }
        for (var after = Guid.Empty; ;)
        {
            var messages = await db.TicketMessages.AsNoTracking().Where(m => m.Id.CompareTo(after) > 0).OrderBy(m => m.Id).Take(SearchBackfill.Batch)
                .Select(m => new { m.Id, m.TicketId, m.Body }).ToListAsync(ct);
            if (messages.Count == 0) break;
            after = messages[^1].Id;
            yield return messages.Select(m => new SearchChange(SearchFamily.Tickets, TicketSearch.MessageDoc, m.Id.ToString(),
                TicketSearch.MessageDocument(m.TicketId, m.Body))).ToList();
        }
    }
}
