// Records what the engine logs so tests can check event ids, levels and messages.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Engine.Tests.Logging;

internal sealed class CapturingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, int Id, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, int Id, string Message)> Entries
    {
        get
        {
            lock (_gate)
                return [.. _entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
            _entries.Add((logLevel, eventId.Id, formatter(state, exception)));
    }
}
