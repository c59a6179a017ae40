using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace PayDesk.Features.Channels.Chat;

/// <summary>
/// SignalR's own in-memory manager for one instance, or its Redis backplane when Redis is
/// configured. The choice is made when the hub first starts, from configuration read then (test
/// hosts and `dotnet run` supply settings after services are registered); both are SignalR's
/// implementations, this only forwards to the one chosen.
/// With Redis, this node's connections and groups are also kept in an in-memory manager: when Redis cannot be reached
/// (the backplane fails fast, ChannelsSetup), a message goes to the recipients connected to this node instead of
/// failing the visitor's or agent's send — chat between a visitor and an agent on the same node keeps working while
/// Redis is down; across nodes it resumes when Redis is back (docs/operations.md, "Scale-out").
/// </summary>
internal sealed class ConfiguredHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    private readonly HubLifetimeManager<THub>? _redis;
    private readonly DefaultHubLifetimeManager<THub> _local;
    private readonly ILogger _logger;

    public ConfiguredHubLifetimeManager(IServiceProvider services, IConfiguration configuration, ILogger<ConfiguredHubLifetimeManager<THub>> logger)
    {
        _local = ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(services);
        _redis = ChannelsSetup.RedisConnection(configuration) is null ? null : ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
        _logger = logger;
    }

    public bool UsesRedis => _redis is not null;

    // Bookkeeping goes to both managers; a Redis failure leaves the local one complete.
    private async Task BothAsync(Func<HubLifetimeManager<THub>, Task> action)
    {
        await action(_local);
        if (_redis is null) return;
        try
        {
            await action(_redis);
        }
        catch (RedisException e)
        {
            _logger.LogWarning("Redis unavailable, chat stays on this node: {Error}", e.Message);
        }
    }

    // A send goes through Redis (every node), or to this node's connections when Redis cannot be reached.
    private async Task SendAsync(Func<HubLifetimeManager<THub>, Task> send)
    {
        if (_redis is null)
        {
            await send(_local);
            return;
        }
        try
        {
            await send(_redis);
        }
        catch (RedisException e)
        {
            _logger.LogWarning("Redis unavailable, message delivered on this node only: {Error}", e.Message);
            await send(_local);
        }
    }

    public override Task OnConnectedAsync(HubConnectionContext connection) => BothAsync(m => m.OnConnectedAsync(connection));

    public override Task OnDisconnectedAsync(HubConnectionContext connection) => BothAsync(m => m.OnDisconnectedAsync(connection));

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllAsync(methodName, args, cancellationToken));

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken));

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupAsync(groupName, methodName, args, cancellationToken));

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupsAsync(groupNames, methodName, args, cancellationToken));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUserAsync(userId, methodName, args, cancellationToken));

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUsersAsync(userIds, methodName, args, cancellationToken));

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        BothAsync(m => m.AddToGroupAsync(connectionId, groupName, cancellationToken));

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        BothAsync(m => m.RemoveFromGroupAsync(connectionId, groupName, cancellationToken));

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        (_redis ?? _local).InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        (_redis ?? _local).SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        (_redis ?? _local).TryGetReturnType(invocationId, out type);

    public void Dispose() => (_redis as IDisposable)?.Dispose();
}
