using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Retention (Features/Operations): the complaint's words lose the customer's personal data for good; its facts
/// (category, amounts, dates, clocks, root cause, resolution) stay for reports. The caller loads the complaint
/// with its messages, saves and audits.
/// </summary>
internal static class AnonymiseComplaint
{
    public static void Apply(Ticket ticket, IReadOnlyCollection<string> names)
    {
        ticket.Subject = Anonymiser.Scrub(ticket.Subject, names);
        ticket.Description = Anonymiser.Scrub(ticket.Description, names);
        if (ticket.Summary is not null) ticket.Summary = Anonymiser.Scrub(ticket.Summary, names);
        foreach (var message in ticket.Messages)
        {
            message.Body = Anonymiser.Scrub(message.Body, names);
            if (message.FromCustomer) message.AuthorName = Anonymiser.PersonPlaceholder;
        }
    }
}
