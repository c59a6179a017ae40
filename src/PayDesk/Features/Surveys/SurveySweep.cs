using PayDesk.Infrastructure;

namespace PayDesk.Features.Surveys;

/// <summary>Sends the surveys that are due, every minute.</summary>
internal sealed class SurveySweep(IServiceScopeFactory scopes, ILogger<SurveySweep> logger) : PeriodicService(TimeSpan.FromMinutes(1), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sent = await scope.ServiceProvider.GetRequiredService<SurveyService>().SendDueAsync(200, ct);
        if (sent > 0) logger.LogInformation("Sent {Count} satisfaction surveys", sent);
    }
}
