using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PayDesk.Tests.Infrastructure;

/// <summary>
/// Every entry a test host logs, kept for assertions (register with <c>services.AddSingleton&lt;ILoggerProvider&gt;(logs)</c>):
/// which category wrote it, at what level, the message and the exception.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message} {Exception}";
    }

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyCollection<Entry> Entries => _entries.ToArray();

    /// <summary>Each entry as one line of text: level, category, message and exception.</summary>
    public IReadOnlyList<string> Lines => _entries.Select(e => e.ToString()).ToList();

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
    }
}
