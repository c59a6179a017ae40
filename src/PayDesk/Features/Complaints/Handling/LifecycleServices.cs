using Microsoft.Extensions.Options;
using PayDesk.Features.Notifications;

namespace PayDesk.Features.Complaints;

/// <summary>What applying a lifecycle change needs besides the database: notices, signed links, the observers (service-level clocks), the clock.</summary>
internal sealed class LifecycleServices(
    Notifier notifier, ConfirmationLinks links, ComplaintObservers observers, IOptions<LifecycleOptions> options, TimeProvider clock,
    IQuestionMatcher questions, IEnumerable<IComplaintCategoriser> categorisers)
{
    public IQuestionMatcher Questions => questions;

    /// <summary>The assistant's categoriser when it is registered (it is not in a host without the assistant).</summary>
    public IComplaintCategoriser? Categoriser { get; } = categorisers.FirstOrDefault();
    public Notifier Notifier => notifier;
    public ConfirmationLinks Links => links;
    public ComplaintObservers Observers => observers;
    public LifecycleOptions Options => options.Value;
    public TimeProvider Clock => clock;
}
