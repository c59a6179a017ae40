using Microsoft.Extensions.Options;
using PayDesk.Features.Notifications;
using PayDesk.Features.Sla;

namespace PayDesk.Features.Complaints;

/// <summary>What applying a lifecycle change needs besides the database: notices, signed links, service-level clocks, the clock.</summary>
internal sealed class LifecycleServices(
    Notifier notifier, ConfirmationLinks links, SlaClocks sla, IOptions<LifecycleOptions> options, TimeProvider clock)
{
    public Notifier Notifier => notifier;
    public ConfirmationLinks Links => links;
    public SlaClocks Sla => sla;
    public LifecycleOptions Options => options.Value;
    public TimeProvider Clock => clock;
}
