namespace PayDesk.Features.Assistant;

/// <summary>
/// Every minute, serves the version `paydesk assistant train` activated since (the command runs in its own process, often
/// while the servers run): each node switches by itself, without a restart.
/// </summary>
internal sealed class AssistantVersionWatcher(IServiceProvider services, AssistantModel model, ILogger<AssistantVersionWatcher> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromMinutes(1), logger)
{
    protected override Task RunOnceAsync(CancellationToken ct) => model.LoadActiveAsync(services, ct);
}
