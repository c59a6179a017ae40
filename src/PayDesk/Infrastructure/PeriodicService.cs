namespace PayDesk.Infrastructure;

/// <summary>A background job run on a timer; a failed round is logged and the next one runs as usual.</summary>
internal abstract class PeriodicService(TimeSpan interval, ILogger logger) : BackgroundService
{
    private string? _jobName;

    private string Job => _jobName ??= JobName(GetType().Name);

    protected abstract Task RunOnceAsync(CancellationToken ct);

    /// <summary>"SlaEvaluatorService" → "sla_evaluator": the label on job metrics and the name of the round's trace.</summary>
    internal static string JobName(string typeName) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(typeName.EndsWith("Service", StringComparison.Ordinal) ? typeName[..^"Service".Length] : typeName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // One trace per round (exported only when OTLP is configured), so a round's database calls and logs share a trace id.
            using var activity = Observability.PayDeskTelemetry.Source.StartActivity(Job, System.Diagnostics.ActivityKind.Internal);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outcome = "ok";
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                outcome = "failed";
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                logger.LogError(ex, "{Job} round failed", Job);
            }
            Observability.PayDeskTelemetry.JobDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("job", Job), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
