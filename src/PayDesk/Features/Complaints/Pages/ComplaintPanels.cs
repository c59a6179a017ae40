namespace PayDesk.Features.Complaints;

/// <summary>Where on a complaint page another feature's panel (a <see cref="Components.PagePanel{TContext}"/>) goes.</summary>
internal static class ComplaintPanelPlace
{
    /// <summary>Staff page, side column, above the agent's actions (the service-level clocks).</summary>
    public const string StaffBeforeActions = "complaint.staff.before-actions";

    /// <summary>Staff page, side column, below the customer card (agent assist, the customer's other contacts).</summary>
    public const string StaffAfterCustomer = "complaint.staff.after-customer";

    /// <summary>Customer's page, above the messages (the satisfaction survey).</summary>
    public const string CustomerBeforeMessages = "complaint.customer.before-messages";
}

/// <summary>What a contributed panel may know of the complaint it is shown on.</summary>
public sealed record ComplaintPanelContext(Guid TicketId, string Number, Guid CustomerId, string Locale);

/// <summary>
/// Fills the staff reply box from a link — <c>?reply=draft</c> (the assistant's draft), <c>?reply=macro:key</c>,
/// <c>?reply=article:slug</c> — answered by the feature that holds drafts, macros and articles.
/// </summary>
internal interface IReplyDraftSource
{
    /// <summary>Links in the text are absolute on the public address, since the reply goes to the customer.</summary>
    Task<string?> DraftAsync(string? reply, Guid ticketId, string agentName, CancellationToken ct);
}
