namespace PayDesk.Features.Customers;

/// <summary>What a panel contributed to the customer page (a <see cref="Components.PagePanel{TContext}"/>) may know.</summary>
public sealed record CustomerPanelContext(Guid CustomerId, string? TimeZone, int? PageNumber)
{
    /// <summary>The customer page's main column (the contact history across channels).</summary>
    public const string Main = "customer.main";
}
