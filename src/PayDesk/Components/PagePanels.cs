using Microsoft.AspNetCore.Components;

namespace PayDesk.Components;

/// <summary>
/// A panel one feature shows on another feature's page (the complaint page's SLA clocks, agent assist and contact
/// history; the customer page's contact history). The page renders every panel registered for a place with
/// <see cref="PanelSlot{TContext}"/> and knows none of them, so the dependency runs from the contributing feature
/// to the page's owner. <typeparamref name="TContext"/> is what the page tells its panels.
/// </summary>
internal sealed record PagePanel<TContext>(string Place, int Order, Type Component, Func<TContext, IDictionary<string, object?>> Parameters);

internal static class PagePanels
{
    public static IServiceCollection AddPagePanel<TComponent, TContext>(this IServiceCollection services, string place, int order,
        Func<TContext, IDictionary<string, object?>> parameters) where TComponent : IComponent =>
        services.AddSingleton(new PagePanel<TContext>(place, order, typeof(TComponent), parameters));
}
