// The viewer's log sink: one line per message on standard error (the program's own output stays on stdout).
using Microsoft.Extensions.Logging;

namespace PacsSeg.Viewer;

internal sealed class ConsoleLogger(string category, LogLevel minimum) : ILogger
{
    private static readonly Lock Gate = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        ArgumentNullException.ThrowIfNull(formatter);
        string level = logLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        string line = $"{DateTime.Now:HH:mm:ss.fff} {level} {category}[{eventId.Id}] {formatter(state, exception)}";
        lock (Gate)
        {
            Console.Error.WriteLine(line);
            if (exception is not null)
                Console.Error.WriteLine(exception);
        }
    }
}
