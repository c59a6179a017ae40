namespace PayDesk.Infrastructure;

/// <summary>
/// One read shared by every live page on this instance that shows the same figures (the supervisor board, the phone
/// queue): each open page refreshes itself every few seconds, and a centre has one open per team leader or hotline agent,
/// so reading per page multiplied the database's work by the number of people watching. A read serves everyone for
/// <c>freshFor</c>; callers arriving while it runs wait for it rather than starting their own; a read that fails is not
/// kept, so the next refresh tries again.
/// </summary>
internal sealed class SharedRead<T>(TimeProvider clock, TimeSpan freshFor, Func<CancellationToken, Task<T>> read) where T : class
{
    private readonly Lock _gate = new();
    private Task<T>? _reading;
    private (T Value, DateTimeOffset At)? _last;

    public Task<T> GetAsync()
    {
        lock (_gate)
        {
            if (_last is { } last && clock.GetUtcNow() - last.At < freshFor) return Task.FromResult(last.Value);
            if (_reading is { IsCompleted: false } running) return running;
            return _reading = ReadAndKeepAsync();
        }
    }

    private async Task<T> ReadAndKeepAsync()
    {
        // Off the caller's context: one page's circuit must not be where everyone's read continues.
        await Task.Yield();
        var at = clock.GetUtcNow();
        var value = await read(CancellationToken.None);
        lock (_gate) _last = (value, at);
        return value;
    }
}
