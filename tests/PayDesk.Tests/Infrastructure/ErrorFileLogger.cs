using Microsoft.Extensions.Logging;

namespace PayDesk.Tests.Infrastructure;

/// <summary>
/// When PAYDESK_TEST_ERRORLOG names a file, every host's errors (with exceptions) are appended to it — the quickest way
/// to see why a test got a 500. Off by default.
/// </summary>
internal sealed class ErrorFileLoggerProvider(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public static ErrorFileLoggerProvider? FromEnvironment() =>
        Environment.GetEnvironmentVariable("PAYDESK_TEST_ERRORLOG") is { Length: > 0 } path ? new ErrorFileLoggerProvider(path) : null;

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    public void Dispose() { }

    private sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (Gate) File.AppendAllText(path, $"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}\n{exception}\n\n");
        }
    }
}
