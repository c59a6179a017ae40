namespace PayDesk.Infrastructure;

/// <summary>A background job run on a timer; a failed round is logged and the next one runs as usual.</summary>
internal abstract class PeriodicService(TimeSpan interval, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Job} round failed", GetType().Name);
            }
        }
    }
}
