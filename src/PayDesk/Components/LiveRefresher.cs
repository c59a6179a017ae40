namespace PayDesk.Components;

/// <summary>
/// A live page's figures, refreshed on a timer over the page's own connection: one refresh at a time (a slow database
/// must not pile them up), and a failed one (the database restarting) keeps the last figures and records when it failed,
/// so the page can say they are old rather than stop or pass them off as live. The next tick tries again.
/// </summary>
internal sealed class LiveRefresher<T>(Func<Task<T>> read, TimeProvider clock, ILogger log) : IDisposable where T : class
{
    private Timer? _timer;
    private bool _busy;

    public T? Current { get; private set; }

    /// <summary>When the last refresh failed; null once one succeeds.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    public async Task RefreshAsync()
    {
        if (_busy) return;
        _busy = true;
        try
        {
            Current = await read();
            FailedAt = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FailedAt = clock.GetUtcNow();
            log.LogWarning(ex, "A live page could not refresh its figures");
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Refreshes every <paramref name="period"/> on the page's dispatcher (its InvokeAsync), then re-renders it.</summary>
    public void Every(TimeSpan period, Func<Func<Task>, Task> invokeAsync, Action stateHasChanged) =>
        _timer = new Timer(_ => invokeAsync(async () =>
        {
            await RefreshAsync();
            stateHasChanged();
        }), null, period, period);

    public void Dispose() => _timer?.Dispose();
}
