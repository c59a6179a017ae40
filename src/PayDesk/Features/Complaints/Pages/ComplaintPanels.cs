using Microsoft.AspNetCore.Components;

namespace PayDesk.Features.Complaints;

/// <summary>Where on a complaint page another feature's panel goes.</summary>
public enum ComplaintPanelPlace
{
    /// <summary>Staff page, side column, above the agent's actions (the service-level clocks).</summary>
    StaffBeforeActions,

    /// <summary>Staff page, side column, below the customer card (agent assist, the customer's other contacts).</summary>
    StaffAfterCustomer,

    /// <summary>Customer's page, above the messages (the satisfaction survey).</summary>
    CustomerBeforeMessages,
}

/// <summary>What a contributed panel may know of the complaint it is shown on.</summary>
public sealed record ComplaintPanelContext(Guid TicketId, string Number, Guid CustomerId, string Locale);

/// <summary>
/// A panel another feature shows on the complaint pages. The complaint pages render every registered panel in
/// its place and know none of them, so the dependency runs from the contributing feature to Complaints.
/// </summary>
internal sealed record ComplaintPanel(
    ComplaintPanelPlace Place, int Order, Type Component, Func<ComplaintPanelContext, IDictionary<string, object?>> Parameters);

internal static class ComplaintPanels
{
    public static IServiceCollection AddComplaintPanel<TComponent>(this IServiceCollection services, ComplaintPanelPlace place, int order,
        Func<ComplaintPanelContext, IDictionary<string, object?>> parameters) where TComponent : IComponent =>
        services.AddSingleton(new ComplaintPanel(place, order, typeof(TComponent), parameters));
}

/// <summary>
/// Fills the staff reply box from a link — <c>?reply=draft</c> (the assistant's draft), <c>?reply=macro:key</c>,
/// <c>?reply=article:slug</c> — answered by the feature that holds drafts, macros and articles.
/// </summary>
internal interface IReplyDraftSource
{
    Task<string?> DraftAsync(string? reply, Guid ticketId, string agentName, string baseUri, CancellationToken ct);
}
