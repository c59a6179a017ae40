using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace PayDesk.Features.Identity;

/// <summary>
/// The staff connections that stay open on this instance (SignalR: the agents' chat console; a visitor's chat is
/// authorised by its own token, not by a sign-in, and is not closed with one). A request is checked
/// against the account as it is now (<see cref="UserSessionCheck"/>), but an open connection makes no request while
/// it receives pushes — the chat queue, a conversation's messages — so a device signed out of, a deactivated account or
/// a changed password would go on receiving them until its next call. Here an account change on this instance closes
/// that person's ended connections at once, and every connection is checked again every
/// <see cref="SignInOptions.ConnectionRecheckSeconds"/> seconds, which covers changes made on another instance.
/// </summary>
internal sealed partial class LiveSessions(IMemoryCache cache, IServiceScopeFactory scopes, ILogger<LiveSessions> logger)
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);

    /// <summary>Staff connections open on this instance.</summary>
    public int Count => _open.Count;

    public void Opened(HubCallerContext connection)
    {
        if (connection.User?.Identity?.IsAuthenticated == true) _open[connection.ConnectionId] = connection;
    }

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);

    /// <summary>
    /// A person's account changed (signed out, deactivated, password or roles changed): the cached state is forgotten on this
    /// instance (others catch up within a second) and their open connections here are checked again at once.
    /// </summary>
    public void Changed(Guid userId)
    {
        UserSessionCheck.Forget(cache, userId);
        if (!_open.Values.Any(c => UserIdOf(c) == userId)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await RecheckAsync(userId, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The periodic check closes them at the latest.
                LogRecheckFailed(logger, ex);
            }
        });
    }

    /// <summary>Closes the open connections (of one person, or all) whose session has ended; returns how many.</summary>
    public async Task<int> RecheckAsync(Guid? userId, CancellationToken ct)
    {
        var closed = 0;
        await using var scope = scopes.CreateAsyncScope();
        foreach (var connection in _open.Values)
        {
            if (userId is { } only && UserIdOf(connection) != only) continue;
            if (connection.User is not { } user || await UserSessionCheck.IsCurrentAsync(scope.ServiceProvider, user, ct)) continue;
            connection.Abort();
            _open.TryRemove(connection.ConnectionId, out _);
            closed++;
        }
        return closed;
    }

    private static Guid? UserIdOf(HubCallerContext connection) =>
        Guid.TryParse(connection.User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking a person's open connections after an account change failed")]
    private static partial void LogRecheckFailed(ILogger logger, Exception ex);
}

/// <summary>Checks every open signed-in connection of this instance again (see <see cref="LiveSessions"/>).</summary>
internal sealed class LiveSessionRecheck(LiveSessions sessions, IOptions<SignInOptions> options, ILogger<LiveSessionRecheck> logger)
    : Infrastructure.PeriodicService(TimeSpan.FromSeconds(Math.Max(1, options.Value.ConnectionRecheckSeconds)), logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        if (sessions.Count == 0) return;
        var closed = await sessions.RecheckAsync(null, ct);
        if (closed > 0) logger.LogInformation("Closed {Count} open connections whose sessions had ended", closed);
    }
}
