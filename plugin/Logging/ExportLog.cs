// Log messages of the export pipeline: EventIds 1400-1499.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class ExportLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Job {JobId}: delivered {Files} file(s) to {Destination}")]
    public static partial void Delivered(ILogger logger, long jobId, int files, string destination);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Job {JobId}: export to {Destination} failed (attempt {Attempt} of {MaxAttempts})")]
    public static partial void AttemptFailed(ILogger logger, long jobId, string destination, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Job {JobId}: export gave up after {Attempts} attempt(s); moved to dead letter")]
    public static partial void DeadLettered(ILogger logger, long jobId, int attempts);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "Destination {Destination}: retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string destination, int attempt, double delayMs);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Destination {Destination}: circuit opened for {BreakSeconds} s")]
    public static partial void CircuitOpened(ILogger logger, string destination, double breakSeconds);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "Export loop failed; retrying")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}
