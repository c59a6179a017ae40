using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Cases;

/// <summary>A case as the API and the case page show it.</summary>
public sealed record CaseResponse(Guid Id, CaseStatus Status, string Title, string Problem, string Cause, string Actions, string CustomerWords, string Lessons,
    TicketCategory Category, RootCause? RootCause, TicketChannel Channel, IReadOnlyList<string> Tags, IReadOnlyList<string> Articles,
    string? TicketNumber, DateTime CreatedAt, string CreatedBy, DateTime UpdatedAt, string UpdatedBy, DateTime? PublishedAt, string? PublishedBy);

/// <summary>One line of the case list; <see cref="Snippet"/> (HTML, matches marked) when it was found by a search.</summary>
internal sealed record CaseSummary(Guid Id, CaseStatus Status, string Title, TicketCategory Category, RootCause? RootCause, TicketChannel Channel,
    IReadOnlyList<string> Tags, DateTime UpdatedAt, DateTime? PublishedAt, string? Snippet);

/// <summary>Shared views and rules of the case library.</summary>
internal static class CaseViews
{
    /// <summary>Supervisors make, edit and publish cases and see drafts; every other staff member reads published cases.</summary>
    public static bool IsEditor(Actor actor) => actor.IsSupervisor;

    /// <summary>The complaint number is for staff who may open the complaint; the case stands on its own without it.</summary>
    public static CaseResponse Response(ServiceCase c, Actor actor) => new(c.Id, c.Status, c.Title, c.Problem, c.Cause, c.Actions, c.CustomerWords, c.Lessons,
        c.Category, c.RootCause, c.Channel, c.TagList, c.ArticleList, actor.IsStaff ? c.TicketNumber : null, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy,
        c.PublishedAt, c.PublishedBy);

    public static CaseSummary Summary(ServiceCase c, string? snippet = null) =>
        new(c.Id, c.Status, c.Title, c.Category, c.RootCause, c.Channel, c.TagList, c.UpdatedAt, c.PublishedAt, snippet);

    /// <summary>The cases this person may read: supervisors all, others the published ones.</summary>
    public static IQueryable<ServiceCase> Visible(AppDbContext db, Actor actor) =>
        IsEditor(actor) ? db.Set<ServiceCase>().AsNoTracking() : db.Set<ServiceCase>().AsNoTracking().Where(c => c.Status == CaseStatus.Published);
}

/// <summary>
/// What the scrubber must know about the complaint a case comes from: its customer's name, phone, ID, cards,
/// e-mail and account; its serial and number; and the names of staff. The personal numbers are decrypted
/// here only to be looked for and removed — they are never shown, stored or logged (so no reveal is audited).
/// </summary>
internal sealed class CaseScrubContext(AppDbContext db, PersonalDataProtector protector)
{
    public async Task<ScrubContext> ForAsync(Guid ticketId, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().Include(t => t.Messages).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null) return ScrubContext.None;
        var customer = await db.Customers.AsNoTracking().Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == ticket.CustomerId, ct);
        var staffRoles = await db.Roles.Where(r => Roles.Staff.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        var staff = await db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoles.Contains(ur.RoleId)))
            .Select(u => u.DisplayName).ToListAsync(ct);
        // The people who wrote on the complaint, as their messages name them (a caller may have given another name).
        staff.AddRange(ticket.Messages.Where(m => !m.FromCustomer).Select(m => m.AuthorName));
        var customerNames = new List<string>();
        if (customer is not null) customerNames.Add(customer.Name);
        customerNames.AddRange(ticket.Messages.Where(m => m.FromCustomer).Select(m => m.AuthorName));
        var linked = await db.Users.Where(u => u.CustomerId == ticket.CustomerId).Select(u => new { u.DisplayName, u.Email }).ToListAsync(ct);
        customerNames.AddRange(linked.Select(u => u.DisplayName));

        string? Clear(string? cipher) => string.IsNullOrEmpty(cipher) ? null : protector.Unprotect(cipher);
        var phones = new[] { Clear(customer?.PhoneCipher) };
        var ids = new[] { Clear(customer?.IdNumberCipher) };
        var cards = customer?.Cards.Select(c => Clear(c.PanCipher)) ?? [];
        var serials = new List<string?> { ticket.TransactionId };
        if (ticket.TransactionId is { } serial) serials.Add(serial + "R"); // the duplicate leg of a double debit
        var emails = new List<string?> { customer?.Email };
        emails.AddRange(linked.Select(u => u.Email));
        return new ScrubContext(Clean(customerNames), Clean(staff.Except(customerNames)), Clean(phones), Clean(cards), Clean(ids), Clean(serials),
            Clean([customer?.AccountId]), Clean(emails), [ticket.Number]);
    }

    private static List<string> Clean(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct().ToList();
}
