namespace PayDesk.Tests.Infrastructure;

/// <summary>Waits for something another thread or server brings about, failing the test by name when it does not come.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan within, TimeSpan every)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what);
            await Task.Delay(every, TestContext.Current.CancellationToken);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan within, TimeSpan every) =>
        UntilAsync(() => Task.FromResult(condition()), what, within, every);
}
