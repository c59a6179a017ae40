using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Whether two complaints ask the same thing in other words: the assistant's question-pair model (Assistant registers it,
/// so the complaint core does not depend on the assistant).
/// </summary>
internal interface IQuestionMatcher
{
    /// <summary>False until the model is ready (it trains in the background after start): only money facts are compared then.</summary>
    bool Ready { get; }

    /// <summary>
    /// For each of <paramref name="others"/>, whether it asks the same thing as <paramref name="question"/>; false where no
    /// model can say in time. One call for all, so the question is analysed (and sent to a model server) once.
    /// </summary>
    Task<bool[]> SameQuestionAsync(string question, IReadOnlyList<string> others, CancellationToken ct);
}

/// <summary>
/// Another OPEN complaint of the same customer about the same money: the same transaction serial, or the same amount
/// on the same day. Two such complaints risk a double refund (issue 18: two complaints about one ¥1,309.52 double
/// debit), so intake flags the new one (never refuses it) and the complaint page offers link or merge. Also one asking
/// the same thing in other words (the question-pair model, <see cref="IQuestionMatcher"/>) within
/// <see cref="SameQuestionWindow"/>, unless their serials or amounts tell them apart: a customer who wrote in the app
/// and then called about the same frozen account.
/// </summary>
internal static class FindDuplicates
{
    public sealed record Duplicate(Guid Id, string Number, string Subject, TicketStatus Status, string Reason,
        string? TransactionId, decimal? Amount, string? Currency, DateTime CreatedAt, bool Linked);

    /// <summary>The day a complaint's money moved, in China time (the service centre's day): when it happened, else when it was filed.</summary>
    public static DateOnly DayOf(Ticket t) => DayOf(t.OccurredAt, t.CreatedAt);

    private static DateOnly DayOf(DateTime? occurredAt, DateTime createdAt) => ServiceTime.DateOf(occurredAt ?? createdAt);

    /// <summary>How far back a complaint asking the same thing counts (money facts count however old the open complaint is).</summary>
    public static readonly TimeSpan SameQuestionWindow = TimeSpan.FromDays(30);

    /// <summary>How much of a description the question-pair model reads beside the subject (it was trained on short questions).</summary>
    private const int QuestionChars = 120;

    /// <summary>"same_serial", "same_amount_day" or null: the money facts. Pure.</summary>
    public static string? Why(Ticket ticket, Ticket other) => Why(ticket, Candidate.Of(other));

    private static string? Why(Ticket ticket, Candidate other)
    {
        if (!SameCustomerOpen(ticket, other)) return null;
        if (ticket.TransactionId is { Length: > 0 } serial && string.Equals(serial, other.TransactionId, StringComparison.OrdinalIgnoreCase)) return "same_serial";
        if (ticket.Amount is { } amount && other.Amount == amount && string.Equals(ticket.Currency ?? "CNY", other.Currency ?? "CNY", StringComparison.Ordinal)
            && DayOf(ticket) == DayOf(other.OccurredAt, other.CreatedAt)) return "same_amount_day";
        return null;
    }

    private static bool SameCustomerOpen(Ticket ticket, Candidate other) =>
        other.Id != ticket.Id && other.CustomerId == ticket.CustomerId && other.Status != TicketStatus.Closed;

    /// <summary>Whether the words may decide ("same_question"): same customer, open, close in time, and no money facts against it.</summary>
    private static bool WordsMayDecide(Ticket ticket, Candidate other) =>
        SameCustomerOpen(ticket, other) && !ToldApart(ticket, other) && (ticket.CreatedAt - other.CreatedAt).Duration() <= SameQuestionWindow;

    /// <summary>
    /// Money facts decide whenever both complaints have them, whatever the words say: different serials, or amounts on
    /// both (the same amount on the same day was caught above; anything else is other money). So do two different kinds
    /// of problem (a frozen account is not a double debit, however alike the pair model finds the words — a newcomer's
    /// walk saw exactly that flagged, and merged with one click); "other" says nothing either way.
    /// </summary>
    private static bool ToldApart(Ticket ticket, Candidate other) =>
        (ticket.TransactionId is { Length: > 0 } a && other.TransactionId is { Length: > 0 } b && !string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        || (ticket.Amount is not null && other.Amount is not null)
        || (ticket.Category != other.Category && ticket.Category != TicketCategory.Other && other.Category != TicketCategory.Other);

    private static string QuestionOf(string subject, string description)
    {
        var gist = description.Length > QuestionChars ? description[..QuestionChars] : description;
        return subject.Length == 0 ? gist : gist.Length == 0 ? subject : subject + "。" + gist;
    }

    /// <summary>What <see cref="Why"/> and the answer read of another complaint.</summary>
    private sealed record Candidate(Guid Id, string Number, string Subject, string Description, TicketStatus Status, Guid CustomerId,
        string? TransactionId, decimal? Amount, string? Currency, DateTime? OccurredAt, DateTime CreatedAt, TicketCategory Category)
    {
        public static Candidate Of(Ticket t) =>
            new(t.Id, t.Number, t.Subject, t.Description, t.Status, t.CustomerId, t.TransactionId, t.Amount, t.Currency, t.OccurredAt, t.CreatedAt, t.Category);
    }

    /// <summary>The candidates' read, compiled (it runs on every complaint filed).</summary>
    private static readonly CompiledQuery<Func<AppDbContext, Guid, Guid, string?, decimal?, DateTime, DateTime, bool, DateTime, int, IAsyncEnumerable<Candidate>>> CandidatesQuery =
        new(() => EF.CompileAsyncQuery((AppDbContext db, Guid id, Guid customerId, string? serial, decimal? amount, DateTime dayStart, DateTime dayEnd, bool byWords, DateTime since, int limit) =>
            db.Tickets.AsNoTracking()
                .Where(t => t.Id != id && t.CustomerId == customerId && t.Status != TicketStatus.Closed)
                // Words decide only where money facts cannot tell the two apart (ToldApart): not between two amounts or two serials.
                .Select(t => new { Ticket = t, WordsDecide = byWords && (amount == null || t.Amount == null) && (serial == null || t.TransactionId == null) })
                .Where(x => (serial != null && x.Ticket.TransactionId == serial)
                    || (amount != null && x.Ticket.Amount == amount && (x.Ticket.OccurredAt ?? x.Ticket.CreatedAt) >= dayStart && (x.Ticket.OccurredAt ?? x.Ticket.CreatedAt) < dayEnd)
                    || (x.WordsDecide && x.Ticket.CreatedAt >= since))
                .OrderBy(x => x.Ticket.CreatedAt).Take(limit)
                // The description only where the words may decide (the question-pair model reads its first characters).
                .Select(x => new Candidate(x.Ticket.Id, x.Ticket.Number, x.Ticket.Subject, x.WordsDecide ? x.Ticket.Description.Substring(0, QuestionChars) : "",
                    x.Ticket.Status, x.Ticket.CustomerId, x.Ticket.TransactionId, x.Ticket.Amount, x.Ticket.Currency, x.Ticket.OccurredAt, x.Ticket.CreatedAt,
                    x.Ticket.Category))));

    public static Task<List<Duplicate>> OfAsync(AppDbContext db, Ticket ticket, IQuestionMatcher questions, CancellationToken ct) =>
        OfAsync(db, ticket, questions, isNew: false, candidates: 50, results: 20, ct);

    /// <summary>How many earlier complaints intake's timeline note names; the complaint page's warning lists up to 20.</summary>
    public const int NamedAtIntake = 5;

    /// <summary>
    /// Only the columns <see cref="Why"/> and the answer need are read (not whole complaints with their descriptions):
    /// a customer with many open complaints of one amount made this the heaviest read of intake. A complaint being
    /// opened (<paramref name="isNew"/>) has no links yet, so they are not looked up.
    /// </summary>
    private static async Task<List<Duplicate>> OfAsync(AppDbContext db, Ticket ticket, IQuestionMatcher questions, bool isNew, int candidates, int results,
        CancellationToken ct)
    {
        // The question-pair model trains in the background after start; until then only the money facts are compared.
        var byWords = questions.Ready;
        if (ticket.TransactionId is null && ticket.Amount is null && !byWords) return [];
        var since = ticket.CreatedAt - SameQuestionWindow;
        var (serial, amount) = (ticket.TransactionId, ticket.Amount);
        // The same amount counts on the same China day only (DayOf): that day as UTC bounds, so the database returns only real
        // matches (a merchant whose customers all pay ¥199 has many open complaints of that amount on other days).
        var dayStart = ServiceTime.StartUtc(DayOf(ticket));
        var dayEnd = dayStart.AddDays(1);
        var read = await CandidatesQuery.For(db)(db, ticket.Id, ticket.CustomerId, serial, amount, dayStart, dayEnd, byWords, since, candidates).ToListAsync(ct);
        var linked = isNew ? [] : await db.TicketLinks.AsNoTracking().Where(l => l.TicketId == ticket.Id).Select(l => l.OtherTicketId).ToListAsync(ct);
        var reasons = read.Select(c => Why(ticket, c)).ToArray();
        // The words decide only where the money facts neither matched nor told the two apart.
        var byQuestion = byWords ? Enumerable.Range(0, read.Count).Where(i => reasons[i] is null && WordsMayDecide(ticket, read[i])).ToList() : [];
        if (byQuestion.Count > 0)
        {
            var same = await questions.SameQuestionAsync(QuestionOf(ticket.Subject, ticket.Description),
                byQuestion.Select(i => QuestionOf(read[i].Subject, read[i].Description)).ToList(), ct);
            for (var k = 0; k < byQuestion.Count; k++) if (same[k]) reasons[byQuestion[k]] = "same_question";
        }
        return read.Select((c, i) => (c, Why: reasons[i])).Where(x => x.Why is not null)
            .Select(x => new Duplicate(x.c.Id, x.c.Number, x.c.Subject, x.c.Status, x.Why!, x.c.TransactionId, x.c.Amount, x.c.Currency,
                x.c.CreatedAt, linked.Contains(x.c.Id)))
            .Take(results).ToList();
    }

    /// <summary>At intake: the new complaint is flagged on its timeline for staff when it looks like another open one.</summary>
    public static async Task FlagAtIntakeAsync(AppDbContext db, Ticket ticket, Actor actor, DateTime now, IQuestionMatcher questions, CancellationToken ct)
    {
        // The note names the first few (one more is read to know whether there are others); the complaint page lists them all.
        var found = await OfAsync(db, ticket, questions, isNew: true, candidates: NamedAtIntake + 1, results: NamedAtIntake + 1, ct);
        if (found.Count == 0) return;
        var data = new JsonObject
        {
            ["possibleDuplicates"] = new JsonArray(found.Take(NamedAtIntake).Select(d => (JsonNode?)new JsonObject { ["number"] = d.Number, ["reason"] = d.Reason }).ToArray()),
        };
        if (found.Count > NamedAtIntake) data["more"] = true;
        Timeline.Record(db, ticket, TicketEventKind.Note, actor, now, data: data);
    }

    internal static async Task<Results<Ok<List<Duplicate>>, NotFound>> HandleAsync(string id, AppDbContext db, ActorAccessor actors,
        IQuestionMatcher questions, CancellationToken ct)
    {
        var ticket = await db.FindVisibleAsync(id, actors.Current, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        return TypedResults.Ok(await OfAsync(db, ticket, questions, ct));
    }
}
