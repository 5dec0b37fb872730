// Keeps every log entry with the scopes active when it was written, to check correlation ids.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Dicom.Tests.Network;

internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly AsyncLocal<ImmutableScopes?> _scopes = new();

    public List<(EventId Id, string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

    public IDisposable BeginScope<TState>(TState state) where TState : notnull
    {
        var parent = _scopes.Value;
        _scopes.Value = new ImmutableScopes(state, parent);
        return new Pop(this, parent);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var scope = new Dictionary<string, object?>();
        for (var s = _scopes.Value; s is not null; s = s.Parent)
        {
            if (s.State is IEnumerable<KeyValuePair<string, object?>> kvs)
                foreach (var (k, v) in kvs)
                    scope.TryAdd(k, v);
        }
        lock (Entries)
            Entries.Add((eventId, formatter(state, exception), scope));
    }

    private sealed record ImmutableScopes(object State, ImmutableScopes? Parent);

    private sealed class Pop(RecordingLogger<T> owner, ImmutableScopes? parent) : IDisposable
    {
        public void Dispose() => owner._scopes.Value = parent;
    }
}
