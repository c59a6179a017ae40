using Microsoft.AspNetCore.Components;

namespace PayDesk.Features.Customers;

/// <summary>What a contributed panel may know of the customer page it is shown on.</summary>
public sealed record CustomerPanelContext(Guid CustomerId, string? TimeZone, int? PageNumber);

/// <summary>
/// A panel another feature shows on the customer page (the contact history across channels), so the customer
/// page does not depend on that feature; the same pattern as the complaint pages' panels.
/// </summary>
internal sealed record CustomerPanel(int Order, Type Component, Func<CustomerPanelContext, IDictionary<string, object?>> Parameters);

internal static class CustomerPanels
{
    public static IServiceCollection AddCustomerPanel<TComponent>(this IServiceCollection services, int order,
        Func<CustomerPanelContext, IDictionary<string, object?>> parameters) where TComponent : IComponent =>
        services.AddSingleton(new CustomerPanel(order, typeof(TComponent), parameters));
}
