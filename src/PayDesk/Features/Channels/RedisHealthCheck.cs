using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace PayDesk.Features.Channels;

/// <summary>
/// Redis, when chat is shared through it: a connection with the configured setting (password, TLS) and a PING.
/// Its own short connection, so the check neither waits on nor disturbs the SignalR backplane's.
/// Registered with failure status Degraded (docs/operations.md): without Redis each node still serves the chats
/// connected to it, and since every node shares the one Redis, "Unhealthy" would take the whole cluster out of the balancer.
/// </summary>
internal sealed class RedisHealthCheck(string connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connection);
        }
        catch (Exception ex) when (ex is ArgumentException or RedisConnectionException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis connection setting cannot be read: " + ex.Message);
        }
        // One attempt, no retries in the background, no subscriber connection: the check answers within its timeout.
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 0;
        options.ConnectTimeout = options.SyncTimeout = options.AsyncTimeout = 2_000;
        options.CommandMap = CommandMap.Create(new HashSet<string> { "SUBSCRIBE" }, available: false);
        var where = string.Join(",", options.EndPoints.Select(e => e.ToString()));
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            await redis.GetDatabase().PingAsync().WaitAsync(ct);
            return HealthCheckResult.Healthy($"Redis {where} answers.");
        }
        catch (RedisConnectionException ex) when (ex.FailureType == ConnectionFailureType.AuthenticationFailure)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis {where} refused the password.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis {where} unreachable: {ex.Message}");
        }
    }
}
